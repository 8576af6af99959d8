using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// A site's whole state, rebuilt from its stream (the same replay the site's grain does): what the portal's editors
/// start from (instructions, bookings, remotes), read without waking the grain or changing anything.
/// </summary>
public sealed class SiteRecords(IEventLog log, EngineServices engine)
{
    public async Task<SiteState?> StateAsync(string siteId)
    {
        var stored = await log.ReadStreamAsync(Streams.Site(siteId));
        if (stored.Count == 0)
        {
            return null;
        }
        var state = Site.Replay(stored.Select(EventCodec.DecodeSite), engine.Rules);
        return state.IsProvisioned ? state : null;
    }

    /// <summary>
    /// An incident's outcome as the subscriber may read it (<see cref="SubscriberOutcome.Of"/> decides what that is),
    /// from the incident's own stream; null for an unknown incident or one the subscriber is not shown (duress).
    /// </summary>
    public async Task<SubscriberOutcome?> IncidentOutcomeAsync(string incidentId)
    {
        var stored = await log.ReadStreamAsync(Streams.Incident(incidentId));
        return SubscriberOutcome.Of([.. stored.Select(EventCodec.DecodeIncident)]);
    }

    /// <summary>The site's events with who made each, oldest first: the portal words them in the subscriber's language.</summary>
    public async Task<IReadOnlyList<SiteHistoryEntry>> HistoryAsync(string siteId) =>
        [.. (await log.ReadStreamAsync(Streams.Site(siteId))).Select(e => new SiteHistoryEntry(e.Version, e.At, e.Actor, EventCodec.DecodeSite(e)))];
}

/// <summary>One event of a site's stream and the actor the log recorded for it ("subscriber:SUB-001", "panel:1001").</summary>
public sealed record SiteHistoryEntry(long Version, NodaTime.Instant At, string Actor, SiteEvent Event);
