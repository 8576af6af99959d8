using NodaTime;

namespace Vigie.Domain.Incidents;

/// <summary>
/// Who handles an incident (the operators' console): one operator takes it and holds it until release, transfer
/// or closing; a supervisor may act on any incident and reassign it; nobody taking it in time escalates it.
/// </summary>
public static partial class Incident
{
    /// <summary>
    /// The single-handler rule, checked once for every command: while an operator holds the incident, another
    /// operator is refused. Supervisors, the clock and the station's own steps are not; an untaken incident must
    /// be taken first (<see cref="WhyNotHolder"/>).
    /// </summary>
    public static Refusal? WhyNotHandler(IncidentState state, Actor by) =>
        by.Kind == ActorKind.Operator && state.HeldBy is { } holder && holder != by.Id ? Refusal.Conflict(RefusalCodes.IncidentTakenBy, $"taken by {holder}", holder) : null;

    /// <summary>
    /// An incident is handled only by the staff member who took it: an operator or a supervisor acts on its procedure
    /// once they hold it (a supervisor takes over with "take"). The station, the clock, the voice server, the panel and
    /// the subscriber or contacts are never blocked: they do not take incidents.
    /// </summary>
    public static Refusal? WhyNotHolder(IncidentState state, Actor by) =>
        by.Kind is ActorKind.Operator or ActorKind.Supervisor && state.HeldBy != by.Id
            ? state.HeldBy is { } holder
                ? Refusal.Conflict(RefusalCodes.IncidentTakeOverFirst, $"taken by {holder}: take it over first", holder)
                : Refusal.Conflict(RefusalCodes.IncidentTakeFirst, "not taken: take it first")
            : null;

    /// <summary>The handling commands have their own rules (take, release, transfer, escalate); every other step needs the holder.</summary>
    private static bool IsHandling(IncidentCommand command) => command is TakeIncident or ReleaseIncident or TransferIncident or EscalateIncident;

    private static Refusal Closed => Refusal.Conflict(RefusalCodes.IncidentClosed, "the incident is closed");

    public static Refusal? WhyNotTake(IncidentState state, Actor by) =>
        by.Kind is not (ActorKind.Operator or ActorKind.Supervisor) ? Refusal.Forbidden(RefusalCodes.IncidentTakeNotStaff, "only an operator or a supervisor takes an incident")
        : !state.IsOpen ? Closed
        : state.HandledBy == by.Id ? Refusal.Conflict(RefusalCodes.IncidentAlreadyYours, "already yours")
        // A supervisor takes over an incident another operator holds (it is transferred to them).
        : state.HandledBy is { } holder && by.Kind != ActorKind.Supervisor ? Refusal.Conflict(RefusalCodes.IncidentTakenBy, $"taken by {holder}", holder)
        : null;

    public static Refusal? WhyNotRelease(IncidentState state, Actor by) =>
        !state.IsOpen ? Closed
        : state.HandledBy is not { } holder ? Refusal.Conflict(RefusalCodes.IncidentNotTaken, "not taken")
        : holder != by.Id && by.Kind != ActorKind.Supervisor ? Refusal.Conflict(RefusalCodes.IncidentReleaseTakenBy, $"taken by {holder}: only they or a supervisor release it", holder)
        : null;

    /// <summary>Whether this actor may hand the incident over at all, whoever the target (the console's "transfer" button).</summary>
    public static Refusal? WhyNotTransferBy(IncidentState state, Actor by) =>
        !state.IsOpen ? Closed
        // A supervisor may assign an incident nobody holds; an operator hands over only what they hold.
        : by.Kind == ActorKind.Supervisor || (state.HandledBy is { } holder && holder == by.Id) ? null
        : state.HandledBy is { } other ? Refusal.Conflict(RefusalCodes.IncidentTransferTakenBy, $"taken by {other}: only they or a supervisor transfer it", other)
        : Refusal.Conflict(RefusalCodes.IncidentTransferNotTaken, "not taken: take it first");

    public static Refusal? WhyNotTransfer(IncidentState state, string? toOperator, Actor by)
    {
        if (WhyNotTransferBy(state, by) is { } notBy)
        {
            return notBy;
        }
        if (string.IsNullOrWhiteSpace(toOperator))
        {
            return Refusal.Invalid("to", RefusalCodes.IncidentTransferToMissing, "to: name the operator who takes over");
        }
        return toOperator.Trim() == state.HandledBy ? Refusal.Invalid("to", RefusalCodes.IncidentTransferToHolder, $"to: {state.HandledBy} already holds it", state.HandledBy!) : null;
    }

    public static Refusal? WhyNotEscalate(IncidentState state, Instant at, EngineRules rules) =>
        !state.IsOpen ? Closed
        : state.Brief?.Procedure == ProcedureKind.InfoAlertes ? Refusal.Conflict(RefusalCodes.IncidentEscalateInfoAlertes, "INFO Alertes incidents are handled by the voice server, not taken by an operator")
        : state.HandledBy is { } holder ? Refusal.Conflict(RefusalCodes.IncidentTakenBy, $"taken by {holder}", holder)
        : state.EscalatedAt is { } escalated ? Refusal.Conflict(RefusalCodes.IncidentAlreadyEscalated, $"already escalated at {escalated}", escalated)
        : state.EscalationDue(rules) is { } due && at < due ? Refusal.Conflict(RefusalCodes.IncidentEscalationNotDue, $"not due before {due} ({Supervision.Durations.Describe(rules.Console.EscalateUntakenAfter)} after opening)", due, rules.Console.EscalateUntakenAfter)
        : null;

    private static Decision<IncidentEvent> HandlingStep(IncidentState state, IncidentCommand command, EngineRules rules) => command switch
    {
        TakeIncident c => Check(WhyNotTake(state, c.By), () => state.HandledBy is { } holder
            ? [new IncidentTransferred(holder, c.By.Id, c.At)]
            : [new IncidentTaken(c.By.Id, c.At)]),
        ReleaseIncident c => Check(WhyNotRelease(state, c.By), () => [new IncidentReleased(state.HandledBy!, c.At)]),
        TransferIncident c => Check(WhyNotTransfer(state, c.ToOperator, c.By), () => [new IncidentTransferred(state.HandledBy, c.ToOperator.Trim(), c.At)]),
        EscalateIncident c => Check(WhyNotEscalate(state, c.At, rules), () => [new IncidentEscalated(rules.Console.EscalateUntakenAfter, c.At)]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a handling command"),
    };

    /// <summary>The clock's look at the incident: an automatic call timed out, and/or nobody took it in time.</summary>
    private static Decision<IncidentEvent> TickStep(IncidentState state, IncidentBrief brief, IncidentTick c, EngineRules rules)
    {
        var events = new List<IncidentEvent>();
        if (state.CurrentCall is { } call && call.Deadline <= c.At)
        {
            var timedOut = CallUnansweredStep(state, brief, call.CallId, timedOut: true, c.At, rules);
            if (timedOut.IsRefused)
            {
                return timedOut;
            }
            events.AddRange(timedOut.Events);
        }
        if (!events.OfType<IncidentClosed>().Any() && WhyNotEscalate(state, c.At, rules) is null)
        {
            events.Add(new IncidentEscalated(rules.Console.EscalateUntakenAfter, c.At));
        }
        return events.Count == 0 ? Decision<IncidentEvent>.Nothing : Decision<IncidentEvent>.Accept(events);
    }
}
