using System.Text.Json.Serialization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;

namespace Vigie.Domain.Incidents;

/// <summary>
/// What an incident is opened with: the alert, the site as it was at that moment (offer, PROTECT+, speaker,
/// call order, emails, access notes) and the fees that apply. The incident's log is self-contained, so its
/// report stays true after the site's instructions change.
/// </summary>
public sealed record IncidentBrief
{
    public required string IncidentId { get; init; }
    public required string SiteId { get; init; }
    public required string SiteAddress { get; init; }
    public required string SubscriberName { get; init; }
    public required AlertKind Kind { get; init; }
    public int? Zone { get; init; }
    public string? ZoneName { get; init; }
    /// <summary>When the station received the alert's first signal.</summary>
    public required Instant AlertAt { get; init; }
    public required ProcedureKind Procedure { get; init; }
    public required OfferCode Offer { get; init; }
    public bool InProtectPlus { get; init; }
    public bool HasSpeaker { get; init; }
    public PhoneNumber? Landline { get; init; }
    public IReadOnlyList<Callee> CallOrder { get; init; } = [];
    public IReadOnlyList<string> Emails { get; init; } = [];
    public string AccessNotes { get; init; } = "";
    public decimal AgentOnRequestFee { get; init; }
    public decimal UnjustifiedAgentTripFee { get; init; }
    public decimal GuardingCeiling { get; init; }
    /// <summary>Alerts merged into this incident (their ids on the site's stream).</summary>
    public IReadOnlyList<string> AlertIds { get; init; } = [];
    /// <summary>
    /// The signals of the same alarm received in the cancellation window after the first (another zone, a tamper, a
    /// restore), in order: the incident's timeline starts with them.
    /// </summary>
    public IReadOnlyList<ReceivedSignal> Signals { get; init; } = [];
    /// <summary>The incident that revealed a duress code, when this SOS comes from one (ALR-13).</summary>
    public string? RaisedBy { get; init; }
    /// <summary>The site's test or maintenance period this SOS or duress was received in (ALR-22); null outside one.</summary>
    public string? DuringTestPeriod { get; init; }
    /// <summary>A technical incident's faults when it opened (SUP-1 … SUP-5); empty for an alarm.</summary>
    public IReadOnlyList<TechnicalFault> Faults { get; init; } = [];
    /// <summary>The site's IANA zone: working days and hours of a technical procedure are the site's (SUP-2).</summary>
    public string TimeZone { get; init; } = "Europe/Paris";
    /// <summary>A mass outage's sites when it opened.</summary>
    public IReadOnlyList<string> AffectedSiteIds { get; init; } = [];

    public int Priority => Kind.Priority();

    /// <summary>Agents are billed on every trip outside PROTECT+ on an INFO Alertes offer (ALR-6, IMA 8.4.1).</summary>
    /// <summary>The fault details, for the console and the timeline ("" for an alarm).</summary>
    public string FaultSummary => string.Join("; ", Faults.Select(f => f.Detail));

    /// <summary>The fault details typed, one clause each, for a reader's text (the English detail of a fault recorded before its typed one).</summary>
    [JsonIgnore]
    public Step FaultClauses => Step.Of(Step.ClausesKey, [.. Faults.Select(f => f.What is { } what ? (StepValue)what : f.Detail)]);

    /// <summary>What a mass outage the station opens says of itself (its <see cref="SiteAddress"/>); a reader's text names it in the reader's language.</summary>
    public const string MassOutageDetail = "many sites silent together (an internet provider or the station's link?)";

    /// <summary>The site id a mass-outage incident carries: it belongs to no single site.</summary>
    public const string MassOutageSiteId = "mass-outage";

    /// <summary>
    /// A mass outage the station opens when many sites are lost at once (no single site): site id
    /// <see cref="MassOutageSiteId"/>, no call order. <see cref="Offer"/> means nothing here.
    /// </summary>
    public static IncidentBrief ForMassOutage(string incidentId, IReadOnlyList<string> siteIds, string detail, Instant at) => new()
    {
        IncidentId = incidentId,
        SiteId = MassOutageSiteId,
        SiteAddress = detail,
        SubscriberName = "",
        Kind = AlertKind.MassOutage,
        AlertAt = at,
        Procedure = ProcedureKind.MassOutage,
        Offer = default,
        AffectedSiteIds = siteIds,
    };

    public bool AgentAlwaysBilled => Procedure == ProcedureKind.InfoAlertes || (Offer == OfferCode.ALaCarte && !InProtectPlus);
}

/// <summary>A supervision fault as an incident knows it: its key on the site ("path:ip", "battery:4"), kind, detail and since when.</summary>
public sealed record TechnicalFault(string Key, AlertKind Kind, string Detail, Instant Since)
{
    /// <summary><see cref="Detail"/> typed, for a reader's text; null in incidents opened before it was kept.</summary>
    public Step? What { get; init; }

    // What is the typed form of Detail, the same fact.
    public bool Equals(TechnicalFault? other) => other is not null && Key == other.Key && Kind == other.Kind && Detail == other.Detail && Since == other.Since;

    public override int GetHashCode() => HashCode.Combine(Key, Kind, Detail, Since);
}

/// <summary>A panel signal and when the station received it.</summary>
public sealed record ReceivedSignal(Signals.SiteSignal Signal, Instant At);
