using System.Collections.Immutable;
using NodaTime;
using Vigie.Domain.Incidents;

namespace Vigie.Domain.Sites;

/// <summary>How each site event changes the site's state: the one place <see cref="SiteState"/> moves.</summary>
public static partial class Site
{
    public static SiteState Evolve(SiteState state, SiteEvent e, EngineRules rules) => e switch
    {
        SiteProvisioned p => state with { Definition = p.Definition },
        InstructionsChanged i => state with { Definition = state.Definition! with { Instructions = i.Instructions } },
        IdentificationCodeChanged c => state with { Definition = state.Definition! with { Instructions = state.Definition.Instructions with { IdentificationCode = c.Hash } } },
        DuressCodeChanged d => state with { Definition = state.Definition! with { Instructions = state.Definition.Instructions with { DuressCode = d.Hash } } },
        ActivationStepConfirmed a => state with { Activation = state.Activation.Add(a.Step) },
        SurveillanceStarted s => state with
        {
            SurveillanceActive = true,
            SurveillanceSince = s.At,
            DetectorTestReminderNumber = 1,
            NextDetectorTestReminder = rules.Supervision.DetectorTestReminderDue(s.At, 1, ZoneOf(state.Definition!)),
        },
        SignalReceived s => state with
        {
            LastJournalId = s.Key.JournalId > 0 ? s.Key.JournalId : state.LastJournalId,
            LastJournalIndex = s.Key.JournalId > 0 ? s.Key.Index : state.LastJournalIndex,
            RecentKeys = Remember(state.RecentKeys, s.Key.Key, s.At, rules),
            LastSignalAt = s.At,
        },
        ArmingChanged a => state with
        {
            Arming = new Arming(a.Mode, a.At, a.User, a.Channel),
            PendingArming = a.RequestId is not null && a.RequestId == state.PendingArming?.RequestId ? null : state.PendingArming,
        },
        AlarmNotRaised or DisarmDidNotCancel => state,
        AlertRaised r => state with
        {
            AlertCount = state.AlertCount + 1,
            PendingAlerts = r.EscalatesAt is { } due ? state.PendingAlerts.Add(new PendingAlert(r.AlertId, r.Kind, r.Zone, r.At, due)) : state.PendingAlerts,
        },
        AlertCancelled c => state with
        {
            PendingAlerts = state.PendingAlerts.RemoveAll(p => p.AlertId == c.AlertId),
            RecentCancellations = rules.DuressGrace == Duration.Zero || state.PendingAlerts.Find(p => p.AlertId == c.AlertId) is not { } p
                ? state.RecentCancellations
                : state.RecentCancellations.Add(new CancelledAlert(p.AlertId, p.Kind, p.Zone, p.At, c.At + rules.DuressGrace)),
        },
        CancellationStood c => state with { RecentCancellations = state.RecentCancellations.RemoveAll(r => r.AlertId == c.AlertId) },
        CancellationVoidedByDuress v => state with { RecentCancellations = state.RecentCancellations.RemoveAll(r => r.AlertId == v.AlertId) },
        ImmediateStopConfirmed => state,
        SignalJoinedAlert j => state with
        {
            PendingAlerts = [.. state.PendingAlerts.Select(p => p.AlertId == j.AlertId ? p with { Joined = p.Joined.Add(new ReceivedSignal(j.Signal, j.At)) } : p)],
        },
        AlarmJoinedIncident j => j.AlertId is null ? state : state with { PendingAlerts = state.PendingAlerts.RemoveAll(p => p.AlertId == j.AlertId) },
        IncidentOpened o => state with
        {
            Faults = Link(state.Faults, o.Brief.Faults.Select(f => f.Key), o.Brief.IncidentId),
            IncidentCount = state.IncidentCount + 1,
            OpenIncidents = state.OpenIncidents.SetItem(o.Brief.Kind.Family(), o.Brief.IncidentId),
            PendingAlerts = state.PendingAlerts.RemoveAll(p => o.Brief.AlertIds.Contains(p.AlertId)),
        },
        IncidentEnded x => state with
        {
            OpenIncidents = state.OpenIncidents.Where(kv => kv.Value != x.IncidentId).ToImmutableDictionary(),
            Faults = state.Faults.Values.Any(f => f.IncidentId == x.IncidentId)
                ? state.Faults.SetItems(state.Faults.Values.Where(f => f.IncidentId == x.IncidentId).Select(f => KeyValuePair.Create(f.Key, f with { IncidentId = null })))
                : state.Faults,
        },
        ProtectPlusBooked b => state with
        {
            BookingCount = state.BookingCount + 1,
            ProtectPlus = state.ProtectPlus.Add(new ProtectPlusBooking(b.BookingId, b.Start, b.End, b.Periods, Started: false, Ended: false)),
        },
        ProtectPlusCancelled c => state with { ProtectPlus = state.ProtectPlus.RemoveAll(b => b.BookingId == c.BookingId) },
        ProtectPlusStarted s => state with { ProtectPlus = Update(state.ProtectPlus, s.BookingId, b => b with { Started = true }) },
        ProtectPlusEnded x => state with { ProtectPlus = Update(state.ProtectPlus, x.BookingId, b => b with { Ended = true }) },
        SiteCharged => state,
        SupervisionProfileChanged p => state with { Definition = state.Definition! with { SupervisionProfile = p.Profile } },
        FaultRaised f => state with { Faults = state.Faults.SetItem(f.Fault.Key, f.Fault) },
        FaultJoinedIncident j => state with { Faults = Link(state.Faults, [j.FaultKey], j.IncidentId) },
        FaultCleared c => state with
        {
            Faults = state.Faults.Remove(c.FaultKey),
            Outages = c.Outage is { } outage ? Bounded(state.Outages.Add(outage), rules.Supervision.OutageHistoryKept) : state.Outages,
        },
        NoticeScheduled n => state with { NoticeCount = state.NoticeCount + 1, Notices = state.Notices.Add(n.Notice) },
        NoticeCancelled n => state with { Notices = state.Notices.RemoveAll(p => p.NoticeId == n.NoticeId) },
        NoticeNotSent => state,
        SubscriberNotified n => n.NoticeId is null ? state : state with { Notices = state.Notices.RemoveAll(p => p.NoticeId == n.NoticeId) },
        ActivityDetectionChanged a => state with { ActivityDetection = a.On },
        DetectionScheduleChanged d => state with { DetectionSchedule = d.Schedule },
        PrivacyModeChanged p => state with { PrivacyMode = p.On },
        DetectorTestReminderScheduled r => state with { DetectorTestReminderNumber = r.Number, NextDetectorTestReminder = r.Due },
        TestPeriodScheduled t => state with { TestPeriod = t.Period, TestPeriodCount = state.TestPeriodCount + 1 },
        TestPeriodEnded => state with { TestPeriod = null },
        ArmingRequested or ArmingRequestExpired or VirtualRemoteCreated or VirtualRemoteRevoked or VirtualRemoteUsed or LostDeviceReported
            or ArmingNoticesChanged or InsurerDetailsChanged => EvolveRemote(state, e, rules),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown site event"),
    };

    public static SiteState Replay(IEnumerable<SiteEvent> events, EngineRules rules) =>
        events.Aggregate(SiteState.Empty, (s, e) => Evolve(s, e, rules));

    private static ImmutableQueue<(string, Instant)> Remember(ImmutableQueue<(string Key, Instant At)> keys, string key, Instant at, EngineRules rules)
    {
        var next = keys.Enqueue((key, at));
        var count = next.Count();
        while (count > rules.RememberedSignalKeys || (!next.IsEmpty && at - next.Peek().At > rules.DuplicateWindow))
        {
            next = next.Dequeue();
            count--;
        }
        return next;
    }

    private static ImmutableList<ProtectPlusBooking> Update(ImmutableList<ProtectPlusBooking> bookings, string id, Func<ProtectPlusBooking, ProtectPlusBooking> change) =>
        bookings.Select(b => b.BookingId == id ? change(b) : b).ToImmutableList();
}
