using System.Globalization;
using Vigie.Domain.Contacts;

namespace Vigie.Domain.Incidents;

/// <summary>The procedure's start and its automatic calls: INFO Alertes rounds, answers and codes, the agent on request (ALR-5, ALR-6).</summary>
public static partial class Incident
{
    private static IEnumerable<IncidentEvent> StartProcedure(IncidentBrief brief, NodaTime.Instant at, EngineRules rules) =>
        brief.Procedure == ProcedureKind.InfoAlertes ? NextCall(brief, 0, at, rules, reason: "not acknowledged") : [];

    // ---- INFO Alertes (ALR-5, ALR-6) ----

    /// <summary>The next automatic call, or the end of the cascade: the information email and the close.</summary>
    private static IEnumerable<IncidentEvent> NextCall(IncidentBrief brief, int placed, NodaTime.Instant at, EngineRules rules, string reason)
    {
        var order = brief.CallOrder;
        if (order.Count > 0 && placed < order.Count * rules.InfoAlertesRounds)
        {
            var callee = order[placed % order.Count];
            var id = string.Create(CultureInfo.InvariantCulture, $"{brief.IncidentId}-C{placed + 1:D2}");
            yield return new CallPlaced(id, callee, placed / order.Count + 1, at + rules.CallTimeout, at);
            yield break;
        }
        yield return InformationEmail(brief, $"{brief.Kind} alert at {brief.SiteAddress}: nobody acknowledged after {placed} calls", at) with
        {
            Facts = [InformationEmails.Unacknowledged, placed],
        };
        yield return new IncidentClosed(null, $"{reason} after {placed} automatic calls", null, at) { Why = Step.Of("Closing.NotAcknowledged", placed) };
    }

    /// <summary>The outcomes an information e-mail tells (the first of its <see cref="InformationEmailSent.Facts"/>).</summary>
    public static class InformationEmails
    {
        public const string Unacknowledged = "unacknowledged";
        public const string Acknowledged = "acknowledged";
        public const string ClosedByStation = "closed-by-station";
    }

    private static InformationEmailSent InformationEmail(IncidentBrief brief, string summary, NodaTime.Instant at) =>
        new(brief.Emails, summary, at);

    private static Decision<IncidentEvent> CallAnsweredStep(IncidentState state, IncidentBrief brief, ReportCallAnswered c, EngineRules rules)
    {
        if (state.SettledCalls.Contains(c.CallId))
        {
            return Decision<IncidentEvent>.Nothing; // the voice server reported twice
        }
        if (state.CurrentCall is not { } call || call.CallId != c.CallId)
        {
            return Decision<IncidentEvent>.Refuse(Refusal.Conflict(RefusalCodes.IncidentCallNotInProgress, $"call {c.CallId} is not in progress", c.CallId));
        }
        var events = new List<IncidentEvent> { new CallAnswered(call.CallId, call.Callee, c.Code, c.At) };
        if (c.Code is CodeCheck.Right or CodeCheck.Duress)
        {
            // The duress code looks like an acknowledgement to whoever typed it, and raises a silent SOS (ALR-13).
            events.Add(new AlertAcknowledged(call.Callee, c.At));
            if (c.Code == CodeCheck.Duress)
            {
                events.Add(new DuressRevealed(c.At));
            }
            var agent = c.AgentRequested && state.Agent == AgentStatus.None;
            if (agent)
            {
                events.AddRange(AgentEvents(state, brief, ($"requested by {call.Callee.Name}", Step.Of("Grounds.RequestedBy", IncidentSteps.Who(call.Callee))), c.At, requested: call.Callee.Phone.Value));
            }
            events.Add(InformationEmail(brief, $"{brief.Kind} alert at {brief.SiteAddress}: acknowledged by {call.Callee.Name} ({call.Callee.Phone})" +
                (agent ? "; a security agent is on the way" : ""), c.At) with
            {
                Facts = [InformationEmails.Acknowledged, call.Callee.Name, call.Callee.Phone.ToString(), agent ? 1 : 0],
            });
            if (!agent && state.Agent == AgentStatus.None)
            {
                events.Add(new IncidentClosed(null, $"acknowledged by {call.Callee.Name}", null, c.At) { Why = Step.Of("Closing.Acknowledged", IncidentSteps.Who(call.Callee)) });
            }
            return Decision<IncidentEvent>.Accept(events);
        }
        events.AddRange(NextCall(brief, state.CallsPlaced, c.At, rules, "not acknowledged"));
        return Decision<IncidentEvent>.Accept(FinishWithAgent(state, events));
    }

    private static Decision<IncidentEvent> CallUnansweredStep(IncidentState state, IncidentBrief brief, string callId, bool timedOut, NodaTime.Instant at, EngineRules rules)
    {
        if (state.SettledCalls.Contains(callId))
        {
            return Decision<IncidentEvent>.Nothing;
        }
        if (state.CurrentCall is not { } call || call.CallId != callId)
        {
            return Decision<IncidentEvent>.Refuse(Refusal.Conflict(RefusalCodes.IncidentCallNotInProgress, $"call {callId} is not in progress", callId));
        }
        var events = new List<IncidentEvent> { new CallUnanswered(callId, call.Callee, timedOut, at) };
        events.AddRange(NextCall(brief, state.CallsPlaced, at, rules, "not acknowledged"));
        return Decision<IncidentEvent>.Accept(FinishWithAgent(state, events));
    }

    /// <summary>When the cascade ends while an agent is on the way, the incident stays open for the agent's findings.</summary>
    private static IReadOnlyList<IncidentEvent> FinishWithAgent(IncidentState state, List<IncidentEvent> events) =>
        state.Agent == AgentStatus.None ? events : [.. events.Where(e => e is not IncidentClosed)];

    public static Refusal? WhyNotRequestAgent(IncidentState state) =>
        NotAlarm(state) ?? (
            state.Brief!.Procedure == ProcedureKind.OperatorDomesticRisk ? DomesticRisk
            : state.Agent != AgentStatus.None ? Refusal.Conflict(RefusalCodes.IncidentAgentAlreadyDispatched, "an agent has already been dispatched")
            : null);

    private static IReadOnlyList<IncidentEvent> AgentEvents(IncidentState state, IncidentBrief brief, (string Grounds, Step Why) grounds, NodaTime.Instant at, string? requested)
    {
        var events = new List<IncidentEvent>();
        if (requested is not null)
        {
            events.Add(new AgentRequested(requested, at));
        }
        events.Add(new AgentDispatched(grounds.Grounds, at) { Why = grounds.Why });
        // Outside PROTECT+ on an INFO Alertes offer every trip is billed (ALR-6, IMA 8.4.1); otherwise only an unjustified one, at closing (ALR-15).
        if (brief.AgentAlwaysBilled && !state.AgentCharged)
        {
            events.Add(new IncidentCharged(new Charge(Fee.AgentOnRequest, brief.AgentOnRequestFee, 1, "security agent trip"), at));
        }
        return events;
    }
}
