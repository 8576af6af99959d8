using System.Text.Json;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>Domain events to and from the log's rows: the type column is the event's name, the data its JSON.</summary>
public static class EventCodec
{
    public static NewEvent Encode(SiteEvent e, Actor by) =>
        new(e.GetType().Name, JsonSerializer.Serialize(e, DomainJson.Options), by.ToString(), e.At);

    public static NewEvent Encode(IncidentEvent e, Actor by) =>
        new(e.GetType().Name, JsonSerializer.Serialize(e, DomainJson.Options), by.ToString(), e.At);

    public static SiteEvent DecodeSite(StoredEvent stored) =>
        JsonSerializer.Deserialize<SiteEvent>(stored.Data, DomainJson.Options)
        ?? throw new InvalidDataException($"{stored.Stream} v{stored.Version}: empty event");

    public static IncidentEvent DecodeIncident(StoredEvent stored) =>
        JsonSerializer.Deserialize<IncidentEvent>(stored.Data, DomainJson.Options)
        ?? throw new InvalidDataException($"{stored.Stream} v{stored.Version}: empty event");

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, DomainJson.Options);

    public static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, DomainJson.Options);
}

/// <summary>Stream and document names, in one place.</summary>
internal static class Streams
{
    public const string SitePrefix = "site-";
    public const string IncidentPrefix = "incident-";

    public static string Site(string siteId) => SitePrefix + siteId;

    public static string Incident(string incidentId) => IncidentPrefix + incidentId;
}

/// <summary>Projection collections kept beside the log, updated in the same transaction as the events.</summary>
public static class Collections
{
    public const string SiteStatus = "site-status";
    public const string OpenIncidents = "open-incidents";
    public const string Incidents = "incidents";
    public const string Deadlines = "deadlines";
    public const string Charges = "charges";
    public const string Cursors = "cursors";
    public const string Outbox = "outbox";
    /// <summary>Arming commands for panels not yet handed to the panel link (RC-1).</summary>
    public const string PanelCommands = "panel-commands";
    /// <summary>Partition snapshots and the outage watch's open group.</summary>
    public const string Supervision = "supervision";
    /// <summary>Every site supervision watches, with its profile and paths (written with the site's events).</summary>
    public const string Supervised = "supervised";
}
