using NodaTime;
using Vigie.Domain.Offers;
using Vigie.Domain.Signals;

namespace Vigie.Domain.Sites;

/// <summary>
/// A change of arming from the panel: the remote request it confirms (RC-1, RC-2), the cancellation window (ALR-2), and
/// a cancellation that stands only when no duress event follows it (ALR-21) before the stop is confirmed (ALR-3).
/// </summary>
public static partial class Site
{
    private static IEnumerable<SiteEvent> ArmingChange(SiteState state, SiteDefinition site, Offer offer, SiteSignal signal, Instant at, EngineRules rules)
    {
        var mode = signal.Kind switch
        {
            SignalKind.ArmedTotal => ArmingMode.Total,
            SignalKind.ArmedPartial => ArmingMode.Partial,
            _ => ArmingMode.Disarmed,
        };
        // A remote request this signal confirms is named in the change (RC-1, RC-2); a disarm by any channel cancels below (ALR-2).
        var changed = ArmingChangedBy(state, mode, signal, at);
        yield return changed;
        foreach (var information in ArmingInformation(state, site, changed, rules))
        {
            yield return information;
        }
        if (mode != ArmingMode.Disarmed)
        {
            yield break;
        }
        foreach (var alert in state.PendingAlerts.Where(a => at - a.At <= rules.CancellationWindow && at >= a.At))
        {
            if (!ByIdentifiedPerson(changed.Channel, signal.User))
            {
                // ALR-17: the alert goes on to its end of window; the timeline says why the disarm did not stop it.
                yield return new DisarmDidNotCancel(alert.AlertId, changed.Channel, at);
                continue;
            }
            yield return new AlertCancelled(alert.AlertId, signal.User, changed.Channel, at - alert.At, at);
            if (rules.DuressGrace == Duration.Zero && StopConfirmation(state, site, offer, alert.AlertId, alert.At, at) is { } confirmed)
            {
                yield return confirmed;
            }
        }
    }

    /// <summary>
    /// ALR-17: a disarm cancels an alert only when a person is identified by it: a personal keypad code (the panel reports
    /// its user number), a badge, the subscriber's remote or virtual remote, the subscriber in the portal or app. A disarm by
    /// the panel's schedule, a key switch, or a keypad without a user number does not.
    /// </summary>
    private static bool ByIdentifiedPerson(ArmingChannel channel, int? user) => channel switch
    {
        ArmingChannel.Badge or ArmingChannel.Remote or ArmingChannel.RemoteControl or ArmingChannel.VirtualRemote => true,
        ArmingChannel.Keypad or ArmingChannel.Unknown => user is not null,
        _ => false,
    };

    /// <summary>
    /// The subscriber's confirmation of a stopped alert, in PROTECT+ and on operator offers when the instructions hold
    /// a landline or an email (ALR-3); null when none is due.
    /// </summary>
    private static ImmediateStopConfirmed? StopConfirmation(SiteState state, SiteDefinition site, Offer offer, string alertId, Instant alertAt, Instant at) =>
        offer.HandlingAt(state.InProtectPlus(alertAt)) == AlertHandling.Operators && (site.Landline is not null || site.Instructions.Emails.Count > 0)
            ? new ImmediateStopConfirmed(alertId, site.Landline, site.Instructions.Emails, at)
            : null;

    /// <summary>Cancellations no duress event voided within the grace stand (ALR-21); only then is the stop confirmed (ALR-3).</summary>
    private static IEnumerable<SiteEvent> CancellationsStanding(SiteState state, SiteDefinition site, Offer offer, Instant now)
    {
        foreach (var cancelled in state.RecentCancellations.Where(c => c.StandsAt <= now))
        {
            yield return new CancellationStood(cancelled.AlertId, now);
            if (StopConfirmation(state, site, offer, cancelled.AlertId, cancelled.AlertAt, now) is { } confirmed)
            {
                yield return confirmed;
            }
        }
    }
}
