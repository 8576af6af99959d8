using System.Collections.Immutable;

namespace Vigie.Domain.Incidents;

/// <summary>How each incident event changes its state: the one place <see cref="IncidentState"/> moves.</summary>
public static partial class Incident
{
    public static IncidentState Evolve(IncidentState state, IncidentEvent e) => e switch
    {
        IncidentStarted s => state with
        {
            Brief = s.Brief,
            Status = IncidentStatus.Open,
            OpenedAt = s.At,
            Faults = s.Brief.Faults.ToImmutableDictionary(f => f.Key, f => f.Detail),
            FaultHistory = [.. s.Brief.Faults.Select(f => f.Key)],
            LinkLossAlerts = s.Brief.Procedure == ProcedureKind.VideoLinkLoss ? 1 : 0,
            AffectedSites = s.Brief.AffectedSiteIds.Distinct().ToImmutableDictionary(id => id, _ => (NodaTime.Duration?)null),
        },
        // A duress code given while this SOS is open is the same coercion: it verifies the SOS (ALR-10, ALR-13).
        SignalAdded s => s.Signal.Kind == Signals.SignalKind.Duress ? state with { DuressRevealed = true } : state,
        CallPlaced p => state with { CallsPlaced = state.CallsPlaced + 1, CurrentCall = new ActiveCall(p.CallId, p.Callee, p.Round, p.Deadline) },
        CallAnswered a => state with { CurrentCall = null, SettledCalls = state.SettledCalls.Add(a.CallId) },
        CallUnanswered u => state with { CurrentCall = null, SettledCalls = state.SettledCalls.Add(u.CallId) },
        AlertAcknowledged a => state with { AcknowledgedBy = a.Callee },
        InformationEmailSent => state with { EmailSent = true },
        AgentRequested => state,
        SiteInterpellated i => state with { Interpellated = true, InterpellationAnswered = state.InterpellationAnswered || i.Answered },
        ListenedPassively l => state with { EvidentAggression = l.EvidentAggression },
        SiteCalled c => state with { SiteCall = c.Outcome },
        CodeChecked c => state with { LastCode = c.Result, WrongCodes = c.WrongTries },
        DuressRevealed => state with { DuressRevealed = true },
        PersonCalled p => state with { Calls = state.Calls.Add(new PersonCall(p.Callee, p.Outcome, p.Decision, p.Purpose, p.At)) },
        AgentDispatched => state with { Agent = AgentStatus.Dispatched },
        AgentReported r => state with { Agent = AgentStatus.Reported, BreakInFound = r.BreakIn },
        VideoVerified v => state with { VideoShowsCrime = state.VideoShowsCrime || v.CrimeUnderWay },
        PoliceCalled p => state with { PoliceCalledAt = p.At },
        GuardingOrganised g => state with { GuardingProvider = g.Provider },
        GuardingExpenseRecorded g => state with { GuardingSpent = g.Total },
        IncidentCharged c => c.Charge.Fee is Fee.AgentOnRequest or Fee.UnjustifiedAgentTrip ? state with { AgentCharged = true } : state,
        CommandRefused => state,
        FaultAdded f => state with
        {
            Faults = state.Faults.SetItem(f.FaultKey, f.Detail),
            FaultHistory = state.FaultHistory.Add(f.FaultKey),
            LinkLossAlerts = state.Brief!.Procedure == ProcedureKind.VideoLinkLoss ? state.LinkLossAlerts + 1 : state.LinkLossAlerts,
        },
        FaultResolved f => state with { Faults = state.Faults.Remove(f.FaultKey), Outages = state.Outages.Add(f.Outage) },
        RemoteMaintenanceRecorded r => state with { RemoteMaintenanceFixed = r.Fixed },
        TechnicianVisitBooked t => state with { TechnicianVisit = t.Date },
        SubscriberInformed => state with { SubscriberInformed = true },
        ClientCalledAboutLink l => state with { LinkCall = l.Outcome },
        AfterSalesRequested => state with { AfterSalesRequested = true },
        SitesAffectedNoted n => state with { AffectedSites = state.AffectedSites.SetItems(n.SiteIds.Select(id => KeyValuePair.Create(id, (NodaTime.Duration?)null))) },
        SiteBackNoted b => state with { AffectedSites = state.AffectedSites.SetItem(b.SiteId, b.Outage) },
        // Closing releases (HeldBy is null once closed); HandledBy stays as the last holder, for the list and statistics.
        IncidentClosed c => state with { Status = IncidentStatus.Closed, ClosedAt = c.At, Classification = c.Classification, Outcome = c.Outcome, CurrentCall = null },
        IncidentTaken t => state with { HandledBy = t.Operator, FirstTakenAt = state.FirstTakenAt ?? t.At },
        IncidentReleased => state with { HandledBy = null },
        IncidentTransferred t => state with { HandledBy = t.To, FirstTakenAt = state.FirstTakenAt ?? t.At },
        IncidentEscalated escalated => state with { EscalatedAt = escalated.At },
        MediaAttached m => state with { MediaIds = state.MediaIds.Add(m.MediaId) },
        EvidenceFrozen f => state with { FrozenForClaim = f.ClaimReference },
        RequisitionRecorded r => state with { Requisitions = r.Number },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown incident event"),
    };

    public static IncidentState Replay(IEnumerable<IncidentEvent> events) => events.Aggregate(IncidentState.Empty, Evolve);
}
