using System.Globalization;
using Vigie.Domain.Contacts;

namespace Vigie.Domain.Incidents;

/// <summary>What follows a verification: the security agent, the police only after verification, guarding (ALR-9 … ALR-11).</summary>
public static partial class Incident
{
    // ---- Agent, police, guarding (ALR-9 … ALR-11) ----

    public static Refusal? WhyNotDispatchAgent(IncidentState state)
    {
        if (NotAlarm(state) is { } notAlarm)
        {
            return notAlarm;
        }
        var brief = state.Brief!;
        if (brief.Procedure == ProcedureKind.OperatorDomesticRisk)
        {
            return DomesticRisk;
        }
        if (state.Agent != AgentStatus.None)
        {
            return Refusal.Conflict(RefusalCodes.IncidentAgentAlreadyDispatched, "an agent has already been dispatched");
        }
        return AgentGrounds(state) is null ? Refusal.Conflict(RefusalCodes.IncidentAgentNotYet, "the subscriber or a contact can still be reached and decide (ALR-9)") : null;
    }

    /// <summary>Why an agent may be dispatched now: the English grounds for the log and the step a reader's text names; null when not yet.</summary>
    private static (string Grounds, Step Why)? AgentGrounds(IncidentState state)
    {
        if (state.Verification is { } verified && state.VerifiedBy is { } kind && state.Brief!.Procedure == ProcedureKind.OperatorSos)
        {
            return (verified, Step.Of("Grounds.Verified", StepValue.Named(kind))); // police and an agent at once (ALR-12)
        }
        if (state.AlertCalls.Any(c => c.Decision == PersonDecision.SendAgent))
        {
            return ("asked by the person reached", Step.Of("Grounds.AskedByPersonReached"));
        }
        if (state.AlertCalls.Any(c => !c.Callee.IsSubscriber && LeavesItToStation(c)))
        {
            return ("the contact will not decide", Step.Of("Grounds.ContactWillNotDecide"));
        }
        var everyone = state.Brief!.CallOrder;
        var nobodyReached = !state.AlertCalls.Any(c => c.Outcome == CallOutcome.Reached && c.Decision != PersonDecision.WillNotDecide);
        if (nobodyReached && everyone.All(p => state.AlertCalls.Any(c => c.Callee.Phone == p.Phone)))
        {
            return ("neither the subscriber nor a contact could be reached", Step.Of("Grounds.NobodyReached"));
        }
        return null;
    }

    public static Refusal? WhyNotCallPolice(IncidentState state) =>
        NotAlarm(state) ?? (
            state.Brief!.Procedure == ProcedureKind.OperatorDomesticRisk ? DomesticRisk
            : state.PoliceCalledAt is { } at ? Refusal.Conflict(RefusalCodes.IncidentPoliceAlreadyCalled, $"police were already called at {at}", at)
            : state.Verification is null ? Refusal.Conflict(RefusalCodes.IncidentPoliceNeedsVerification, "no verification yet: police may be called only once a crime is established (agent's finding, video, SOS) (ALR-10)")
            : null);

    public static Refusal? WhyNotInformOfBreakIn(IncidentState state, PhoneNumber phone, CallOutcome outcome, PersonDecision? decision)
    {
        if (NotAlarm(state) is { } notAlarm)
        {
            return notAlarm;
        }
        if (state.BreakInFound != true)
        {
            return Refusal.Conflict(RefusalCodes.IncidentNoBreakIn, "no break-in has been found by the agent");
        }
        if (state.PoliceCalledAt is null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentInformPoliceFirst, "inform the police first (ALR-11)");
        }
        if (Find(state.Brief!, phone) is not { } callee)
        {
            return Refusal.Invalid("phone", RefusalCodes.IncidentPhoneNotInInstructions, $"phone: {phone} is not in the instructions", phone.Value);
        }
        if ((outcome == CallOutcome.Reached) != (decision is not null))
        {
            return outcome == CallOutcome.Reached ? Refusal.Invalid("decision", RefusalCodes.IncidentDecisionMissing, "decision: say what the person decided") : Refusal.Invalid("decision", RefusalCodes.IncidentDecisionUnreached, "decision: only a person reached decides");
        }
        var informed = state.Calls.Where(c => c.Purpose == CallPurpose.BreakInInformation).ToList();
        var subscriberTried = state.Brief!.CallOrder.Where(c => c.IsSubscriber).All(s => informed.Any(c => c.Callee.Phone == s.Phone));
        if (!callee.IsSubscriber && !subscriberTried)
        {
            return Refusal.Conflict(RefusalCodes.IncidentInformSubscriberFirst, "inform the subscriber first; a contact only if the subscriber cannot be reached (ALR-11)");
        }
        if (!callee.IsSubscriber && informed.Any(c => c.Callee.IsSubscriber && c.Outcome == CallOutcome.Reached && c.Decision != PersonDecision.WillNotDecide))
        {
            return Refusal.Conflict(RefusalCodes.IncidentSubscriberDecides, "the subscriber has been informed and decides");
        }
        return null;
    }

    public static Refusal? WhyNotOrganiseGuarding(IncidentState state)
    {
        if (NotAlarm(state) is { } notAlarm)
        {
            return notAlarm;
        }
        if (state.BreakInFound != true || state.PoliceCalledAt is null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentGuardingNeedsBreakIn, "guarding follows a break-in found by the agent and reported to police (ALR-11)");
        }
        if (state.GuardingProvider is not null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentGuardingAlreadyOrganised, "guarding is already organised");
        }
        var informed = state.Calls.Where(c => c.Purpose == CallPurpose.BreakInInformation).ToList();
        if (informed.Any(c => c.Outcome == CallOutcome.Reached && c.Decision is PersonDecision.TakesCharge or PersonDecision.FalseAlarm))
        {
            return Refusal.Conflict(RefusalCodes.IncidentPersonTakesCharge, "a person reached takes charge of the site");
        }
        var everyoneTried = state.Brief!.CallOrder.All(p => informed.Any(c => c.Callee.Phone == p.Phone));
        // "Both cannot be reached or will not decide": a subscriber who will not decide passes the decision to the contacts.
        var someoneDeclined = informed.Any(c => !c.Callee.IsSubscriber && c.Outcome == CallOutcome.Reached && c.Decision is PersonDecision.WillNotDecide or PersonDecision.SendAgent);
        return everyoneTried || someoneDeclined ? null : Refusal.Conflict(RefusalCodes.IncidentInformBeforeGuarding, "inform the subscriber, then the contacts, of the break-in first (ALR-11)");
    }

    public static Refusal? WhyNotGuardingExpense(IncidentState state, decimal amount)
    {
        if (NotAlarm(state) is { } notAlarm)
        {
            return notAlarm;
        }
        if (state.GuardingProvider is null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentNoGuarding, "no guarding is organised");
        }
        if (amount <= 0)
        {
            return Refusal.Invalid("amount", RefusalCodes.IncidentAmountNotPositive, "amount: must be more than 0 €");
        }
        var left = state.Brief!.GuardingCeiling - state.GuardingSpent;
        return amount > left
            ? Refusal.Invalid("amount", RefusalCodes.IncidentAmountOverCeiling, string.Create(CultureInfo.InvariantCulture, $"amount: the ceiling is {state.Brief.GuardingCeiling:0.00} € and {left:0.00} € is left (ALR-11)"), state.Brief.GuardingCeiling, left)
            : null;
    }
}
