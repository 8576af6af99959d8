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
    /// operator is refused. Supervisors, the clock and the station's own steps are not; an untaken incident is
    /// open to every operator.
    /// </summary>
    public static string? WhyNotHandler(IncidentState state, Actor by) =>
        by.Kind == ActorKind.Operator && state.HeldBy is { } holder && holder != by.Id ? $"taken by {holder}" : null;

    public static string? WhyNotTake(IncidentState state, Actor by) =>
        by.Kind is not (ActorKind.Operator or ActorKind.Supervisor) ? "only an operator or a supervisor takes an incident"
        : !state.IsOpen ? "the incident is closed"
        : state.HandledBy == by.Id ? "already yours"
        : state.HandledBy is { } holder ? $"taken by {holder}"
        : null;

    public static string? WhyNotRelease(IncidentState state, Actor by) =>
        !state.IsOpen ? "the incident is closed"
        : state.HandledBy is not { } holder ? "not taken"
        : holder != by.Id && by.Kind != ActorKind.Supervisor ? $"taken by {holder}: only they or a supervisor release it"
        : null;

    /// <summary>Whether this actor may hand the incident over at all, whoever the target (the console's "transfer" button).</summary>
    public static string? WhyNotTransferBy(IncidentState state, Actor by) =>
        !state.IsOpen ? "the incident is closed"
        // A supervisor may assign an incident nobody holds; an operator hands over only what they hold.
        : by.Kind == ActorKind.Supervisor || (state.HandledBy is { } holder && holder == by.Id) ? null
        : state.HandledBy is { } other ? $"taken by {other}: only they or a supervisor transfer it"
        : "not taken: take it first";

    public static string? WhyNotTransfer(IncidentState state, string? toOperator, Actor by)
    {
        if (WhyNotTransferBy(state, by) is { } notBy)
        {
            return notBy;
        }
        if (string.IsNullOrWhiteSpace(toOperator))
        {
            return "to: name the operator who takes over";
        }
        return toOperator.Trim() == state.HandledBy ? $"to: {state.HandledBy} already holds it" : null;
    }

    public static string? WhyNotEscalate(IncidentState state, Instant at, EngineRules rules) =>
        !state.IsOpen ? "the incident is closed"
        : state.Brief?.Procedure == ProcedureKind.InfoAlertes ? "INFO Alertes incidents are handled by the voice server, not taken by an operator"
        : state.HandledBy is { } holder ? $"taken by {holder}"
        : state.EscalatedAt is { } escalated ? $"already escalated at {escalated}"
        : state.EscalationDue(rules) is { } due && at < due ? $"not due before {due} ({Supervision.Durations.Describe(rules.Console.EscalateUntakenAfter)} after opening)"
        : null;

    private static Decision<IncidentEvent> HandlingStep(IncidentState state, IncidentCommand command, EngineRules rules) => command switch
    {
        TakeIncident c => Check(WhyNotTake(state, c.By), () => [new IncidentTaken(c.By.Id, c.At)]),
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
