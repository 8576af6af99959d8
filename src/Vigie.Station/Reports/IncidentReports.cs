using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Vigie.Domain.Incidents;
using Vigie.Station.Engine;

namespace Vigie.Station.Reports;

/// <summary>Makes an incident's report from its stream (the detail and the stored events of one read), sealed with its digests.</summary>
public sealed class IncidentReports(StationDesk desk)
{
    /// <summary>The report languages; French first, the station's own.</summary>
    public static readonly IReadOnlyList<CultureInfo> Languages = [CultureInfo.GetCultureInfo("fr"), CultureInfo.GetCultureInfo("en")];

    /// <summary>The report of an incident, or null when there is no such incident.</summary>
    public async Task<IncidentReport?> ReportAsync(string incidentId, string generatedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(generatedBy);
        if (await desk.IncidentRecordAsync(incidentId) is not { } record)
        {
            return null;
        }
        var detail = record.Detail;
        var brief = detail.Brief;
        var zone = ZoneOf(brief.TimeZone);
        var closing = record.Events.OfType<IncidentClosed>().LastOrDefault();
        var entries = record.Stored.Zip(detail.Timeline, (stored, line) => new ReportEntry
        {
            Version = stored.Version,
            At = stored.At,
            AtLocal = OffsetDateTimePattern.Rfc3339.Format(stored.At.InZone(zone).ToOffsetDateTime()),
            Actor = stored.Actor,
            Type = stored.Type,
            Text = line.Text,
            Data = stored.Data,
            PreviousHash = stored.PreviousHash,
            Hash = stored.Hash,
        }).ToList();
        var chain = detail.Chain;
        var report = new IncidentReport
        {
            IncidentId = brief.IncidentId,
            SiteId = brief.SiteId,
            Subscriber = brief.SubscriberName,
            Address = string.IsNullOrWhiteSpace(brief.SiteAddress) ? null : brief.SiteAddress,
            Offer = brief.Offer.ToString(),
            AlertKind = brief.Kind.ToString(),
            Procedure = brief.Procedure.ToString(),
            Zone = brief.Zone,
            ZoneName = brief.ZoneName,
            TimeZone = zone.Id,
            AlertAt = brief.AlertAt,
            OpenedAt = record.State.OpenedAt,
            ClosedAt = record.State.ClosedAt,
            DurationSeconds = record.State.ClosedAt is { } closed ? (long)(closed - brief.AlertAt).TotalSeconds : null,
            Classification = record.State.Classification?.ToString(),
            ClosingNote = closing is null ? null : closing.Note is { Length: > 0 } note ? $"{closing.Outcome} ({note})" : closing.Outcome,
            Verification = detail.Verification,
            Timeline = entries,
            Chain = new ReportChain(chain.Stream, chain.EventsChecked, chain.IsIntact, chain.FirstBrokenVersion, chain.Problem,
                chain.IsIntact && entries.Count > 0 ? entries[^1].Hash : null),
            GeneratedAt = desk.Now,
            GeneratedBy = generatedBy,
        };
        return IncidentReportJson.Seal(report);
    }

    /// <summary>The site's zone; a brief naming none that exists is read in Paris time, as the technical procedure does.</summary>
    internal static DateTimeZone ZoneOf(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? DateTimeZoneProviders.Tzdb["Europe/Paris"];
}
