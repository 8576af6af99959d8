using System.Text.Json;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// What the subscriber reads of an incident of their site: what was found, who was called (by the names they gave),
/// whether police were called and the call's reference (INS-3, INS-4); never an operator's notes, a phone number, or
/// anything of a duress code (ALR-13).
/// </summary>
public class SubscriberOutcomeTests
{
    private static IncidentHarness Intrusion() => new Station(TestSites.ToutInclus()).IntrusionIncident();

    private static Instant At(int seconds) => Clock.Seconds(60 + seconds);

    private static SubscriberOutcome Outcome(IncidentHarness incident) =>
        SubscriberOutcome.Of(incident.Log) ?? throw new InvalidOperationException("no outcome");

    [Fact]
    [Trait("Rule", "INS-3")]
    public void A_break_in_found_by_the_agent_shows_the_finding_the_calls_and_the_police_reference_without_notes_or_numbers()
    {
        var incident = Intrusion();
        Operator.BreakInFound(incident, At(1));
        incident.Do(new CallPolice("patrol on its way, neighbour is a retired cop", Actors.Operator, At(1300)) { Reference = " PV-2026-0412 " });
        incident.Do(new InformOfBreakIn(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.TakesCharge, Actors.Operator, At(1400)));
        incident.Do(new CloseIncident(Classification.RealIntrusion, "operator's private remark", Actors.Operator, At(1500)));

        var outcome = Outcome(incident);

        Assert.Equal(OutcomeVerdict.RealIntrusion, outcome.Verdict);
        Assert.True(outcome.PoliceCalled);
        Assert.Equal("PV-2026-0412", outcome.PoliceReference);
        Assert.Equal(At(1500), outcome.ClosedAt);
        Assert.Equal(AlertKind.Intrusion, outcome.Kind);
        Assert.Equal(TestSites.LivingRoom.Number, outcome.Zone);
        Assert.Equal(
            [OutcomeFact.InterpellationUnanswered, OutcomeFact.VoicemailLeft, OutcomeFact.VoicemailLeft, OutcomeFact.NotReached,
             OutcomeFact.AgentDispatched, OutcomeFact.AgentFoundBreakIn, OutcomeFact.PoliceCalled, OutcomeFact.Reached],
            outcome.Steps.Select(s => s.Fact));
        var calls = outcome.Steps.Where(s => s.Fact is OutcomeFact.Reached or OutcomeFact.VoicemailLeft or OutcomeFact.NotReached).ToList();
        Assert.Equal([null, "Alice Martin", "Bruno Petit", null], calls.Select(c => c.Name));
        Assert.Equal([true, false, false, true], calls.Select(c => c.IsSubscriber));
        Assert.True(calls[^1].AboutBreakIn);
        Assert.Equal(PersonDecision.TakesCharge, calls[^1].Decision);
        Assert.Equal("PV-2026-0412", Assert.Single(outcome.Steps, s => s.Fact == OutcomeFact.PoliceCalled).Reference);

        // What the subscriber's app receives holds no operator's note, no operator's login and no phone number.
        var json = JsonSerializer.Serialize(outcome, DomainJson.Options);
        foreach (var hidden in new[] { "back door forced", "patrol on its way", "private remark", "op-marie", TestSites.AlicePhone.Value, TestSites.SubscriberMobile.Value })
        {
            Assert.DoesNotContain(hidden, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void An_agent_who_finds_nothing_makes_a_false_alarm()
    {
        var incident = Intrusion();
        Operator.NobodyReached(incident, At(1));
        incident.Do(new DispatchAgent(Actors.Operator, At(200)));
        incident.Do(new RecordAgentFindings(BreakIn: false, "all closed", Operator.Agent, At(1200)));
        incident.Do(new CloseIncident(Classification.Unknown, "cause not found, maybe the cat", Actors.Operator, At(1300)));

        var outcome = Outcome(incident);

        Assert.Equal(OutcomeVerdict.FalseAlarm, outcome.Verdict);
        Assert.False(outcome.PoliceCalled);
        Assert.Null(outcome.PoliceReference);
        Assert.Contains(outcome.Steps, s => s.Fact == OutcomeFact.AgentFoundNoBreakIn);
        Assert.DoesNotContain(outcome.Steps, s => s.Fact == OutcomeFact.PoliceCalled);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void A_contact_who_says_false_alarm_names_the_contact_and_the_decision()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(1)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.NoAnswer, null, Actors.Operator, At(30)));
        incident.Do(new CallPerson(TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.FalseAlarm, Actors.Operator, At(60)));
        incident.Do(new CloseIncident(Classification.Unknown, "Alice says her son came home", Actors.Operator, At(90)));

        var outcome = Outcome(incident);

        Assert.Equal(OutcomeVerdict.FalseAlarm, outcome.Verdict);
        var alice = Assert.Single(outcome.Steps, s => s.Fact == OutcomeFact.Reached);
        Assert.Equal("Alice Martin", alice.Name);
        Assert.Equal(PersonDecision.FalseAlarm, alice.Decision);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void The_right_code_given_on_site_is_a_user_error()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: true, Actors.Operator, At(1)));
        incident.Do(new CheckCode(CodeCheck.Right, Actors.Operator, At(20)));

        var outcome = Outcome(incident);

        Assert.Equal(OutcomeVerdict.UserError, outcome.Verdict);
        Assert.Equal([OutcomeFact.InterpellationAnswered, OutcomeFact.RightCodeGiven], outcome.Steps.Select(s => s.Fact));
        Assert.NotNull(outcome.ClosedAt);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void Nobody_reached_lists_every_call_and_stays_in_progress()
    {
        var incident = Intrusion();
        Operator.NobodyReached(incident, At(1));

        var outcome = Outcome(incident);

        Assert.Equal(OutcomeVerdict.InProgress, outcome.Verdict);
        Assert.Null(outcome.ClosedAt);
        Assert.Equal(
            [(OutcomeFact.InterpellationUnanswered, (string?)null), (OutcomeFact.VoicemailLeft, null), (OutcomeFact.VoicemailLeft, "Alice Martin"), (OutcomeFact.NotReached, "Bruno Petit")],
            outcome.Steps.Select(s => (s.Fact, s.Name)));
        Assert.DoesNotContain(outcome.Steps, s => s.Fact == OutcomeFact.Reached);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    public void An_incident_where_a_duress_code_was_given_is_not_shown()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: true, Actors.Operator, At(1)));
        incident.Do(new CheckCode(CodeCheck.Duress, Actors.Operator, At(20)));

        Assert.Null(SubscriberOutcome.Of(incident.Log));
    }

    [Fact]
    [Trait("Rule", "INS-4")]
    public void A_police_reference_longer_than_a_reference_is_refused_naming_the_field()
    {
        var incident = Intrusion();
        Operator.BreakInFound(incident, At(1));

        var refused = incident.Run(new CallPolice("", Actors.Operator, At(1300)) { Reference = new string('7', CallPolice.ReferenceMaxLength + 1) });

        Assert.True(refused.IsRefused);
        Assert.Equal(RefusalCodes.IncidentPoliceReferenceLength, refused.Refusal!.Code);
        Assert.Equal("reference", refused.Refusal.Field);
        Assert.Null(incident.State.PoliceCalledAt);
    }
}
