using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-8, ALR-9: operator handling of an intrusion: site first, then subscriber, contacts in order, then an agent.</summary>
public class OperatorHandlingTests
{
    private static readonly Callee Subscriber = new("subscriber", TestSites.SubscriberMobile, IsSubscriber: true);
    private static readonly Callee Alice = new("Alice Martin", TestSites.AlicePhone, IsSubscriber: false);

    private static IncidentHarness Intrusion() => new Station(TestSites.ToutInclus()).IntrusionIncident();

    private static Instant At(int seconds) => Clock.Seconds(60 + seconds);

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_calling_a_person_before_the_site_is_interpellated_or_phoned_is_refused()
    {
        var incident = Intrusion();

        var call = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(0)));

        const string reason = "interpellate the site or phone it first, and check the code (ALR-8)";
        Assert.Equal(reason, call.Refusal?.Detail);
        Assert.Equal([new CommandRefused("call-person", reason, At(0))], call.Events);
        Assert.Empty(incident.State.Calls);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_a_correct_code_given_on_site_closes_the_incident()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = station.IntrusionIncident();

        Assert.Equal([new SiteInterpellated(true, At(0))], incident.Do(new Interpellate(Answered: true, Actors.Operator, At(0))));
        var code = incident.Do(new CheckCode(CodeCheck.Right, Actors.Operator, At(10)));

        Assert.Equal(
            [
                new CodeChecked(CodeCheck.Right, 0, At(10)),
                new IncidentClosed(Classification.FalseAlarmUser, "correct identification code given on site", null, At(10)),
            ],
            code);
        Assert.Empty(station.Site.State.OpenIncidents);
        Assert.IsType<Sites.IncidentEnded>(station.Site.Log[^1]);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_a_correct_code_by_phone_to_the_landline_closes_too()
    {
        var incident = Intrusion();

        incident.Do(new CallSite(SiteCallOutcome.Answered, Actors.Operator, At(0)));
        incident.Do(new CheckCode(CodeCheck.Right, Actors.Operator, At(10)));

        Assert.Equal(IncidentStatus.Closed, incident.State.Status);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_wrong_code_then_subscriber_voicemail_then_contacts_in_order()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: true, Actors.Operator, At(0)));
        Assert.Equal([new CodeChecked(CodeCheck.Wrong, 1, At(5))], incident.Do(new CheckCode(CodeCheck.Wrong, Actors.Operator, At(5))));
        Assert.True(incident.State.IsOpen);

        var contactFirst = incident.Run(new CallPerson(TestSites.AlicePhone, CallOutcome.VoicemailLeft, null, Actors.Operator, At(10)));
        Assert.Equal("call the subscriber's numbers first (ALR-8)", contactFirst.Refusal?.Detail);

        Assert.Equal(
            [new PersonCalled(Subscriber, CallOutcome.VoicemailLeft, null, CallPurpose.Alert, At(20))],
            incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(20))));

        var outOfOrder = incident.Run(new CallPerson(TestSites.BrunoPhone, CallOutcome.VoicemailLeft, null, Actors.Operator, At(30)));
        Assert.Equal("call Alice Martin (+33622334455) first: contacts are called in the instructions' order", outOfOrder.Refusal?.Detail);
        Assert.Equal(new CommandRefused("call-person", outOfOrder.Refusal!.Detail, At(30)), Assert.Single(outOfOrder.Events));

        Assert.Equal(
            [new PersonCalled(Alice, CallOutcome.VoicemailLeft, null, CallPurpose.Alert, At(40))],
            incident.Do(new CallPerson(TestSites.AlicePhone, CallOutcome.VoicemailLeft, null, Actors.Operator, At(40))));
        incident.Do(new CallPerson(TestSites.BrunoPhone, CallOutcome.VoicemailLeft, null, Actors.Operator, At(50)));

        Assert.Equal(
            [TestSites.SubscriberMobile, TestSites.AlicePhone, TestSites.BrunoPhone],
            incident.State.AlertCalls.Select(c => c.Callee.Phone));
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_no_answer_on_site_then_the_subscriber_may_be_called()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));

        var noCode = incident.Run(new CheckCode(CodeCheck.Right, Actors.Operator, At(5)));
        var call = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.TakesCharge, Actors.Operator, At(10)));

        Assert.Equal("nobody has answered yet: there is no code to check", noCode.Refusal?.Detail);
        Assert.False(call.IsRefused, call.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_a_code_given_by_a_person_reached_by_phone_identifies_them_and_does_not_close()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.FalseAlarm, Actors.Operator, At(10)));

        var code = incident.Do(new CheckCode(CodeCheck.Right, Actors.Operator, At(20)));

        Assert.Equal([new CodeChecked(CodeCheck.Right, 0, At(20))], code);
        Assert.True(incident.State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_numbers_and_decisions_are_checked()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));

        var stranger = incident.Run(new CallPerson(PhoneNumber.Parse("06 00 00 00 01"), CallOutcome.VoicemailLeft, null, Actors.Operator, At(10)));
        var noDecision = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, null, Actors.Operator, At(10)));
        var voicemailDecides = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, PersonDecision.TakesCharge, Actors.Operator, At(10)));

        Assert.Equal("phone: +33600000001 is not in the instructions", stranger.Refusal?.Detail);
        Assert.Equal("decision: say what the person decided", noDecision.Refusal?.Detail);
        Assert.Equal("decision: only a person reached decides", voicemailDecides.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void ALR_8_a_site_without_speaker_is_phoned_instead()
    {
        var station = new Station(TestSites.ALaCarte());
        station.StartProtectPlus(Clock.T0 - Duration.FromHours(1));
        var incident = station.IntrusionIncident();

        var interpellate = incident.Run(new Interpellate(Answered: true, Actors.Operator, At(0)));
        incident.Do(new CallSite(SiteCallOutcome.NoAnswer, Actors.Operator, At(5)));
        var call = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(10)));

        Assert.Equal("this site has no interpellation speaker", interpellate.Refusal?.Detail);
        Assert.False(call.IsRefused, call.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void ALR_9_agent_dispatch_is_refused_while_people_remain_to_call()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(10)));
        incident.Do(new CallPerson(TestSites.AlicePhone, CallOutcome.NoAnswer, null, Actors.Operator, At(20)));

        var dispatch = incident.Run(new DispatchAgent(Actors.Operator, At(30)));

        const string reason = "the subscriber or a contact can still be reached and decide (ALR-9)";
        Assert.Equal(reason, dispatch.Refusal?.Detail);
        Assert.Equal([new CommandRefused("dispatch-agent", reason, At(30))], dispatch.Events);
        Assert.Equal(AgentStatus.None, incident.State.Agent);
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void ALR_9_agent_dispatched_when_nobody_can_be_reached_and_not_billed_on_TOUT_INCLUS()
    {
        var incident = Intrusion();
        Operator.NobodyReached(incident, At(0));

        var dispatch = incident.Do(new DispatchAgent(Actors.Operator, At(200)));

        Assert.Equal([new AgentDispatched("neither the subscriber nor a contact could be reached", At(200))], dispatch);
        Assert.Equal(AgentStatus.Dispatched, incident.State.Agent);
        Assert.Empty(incident.Log.OfType<IncidentCharged>());
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void ALR_9_agent_dispatched_when_the_contact_will_not_decide()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(10)));
        incident.Do(new CallPerson(TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.WillNotDecide, Actors.Operator, At(20)));

        var dispatch = incident.Do(new DispatchAgent(Actors.Operator, At(30)));

        Assert.Equal([new AgentDispatched("the contact will not decide", At(30))], dispatch);
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void ALR_9_agent_dispatched_when_the_person_reached_asks_for_one()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.SendAgent, Actors.Operator, At(10)));

        Assert.Equal([new AgentDispatched("asked by the person reached", At(20))], incident.Do(new DispatchAgent(Actors.Operator, At(20))));
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void ALR_9_a_subscriber_who_will_not_decide_sends_the_operator_to_the_contacts_not_the_agent()
    {
        var incident = Intrusion();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, At(0)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.WillNotDecide, Actors.Operator, At(10)));

        var dispatch = incident.Run(new DispatchAgent(Actors.Operator, At(20)));
        var contact = incident.Run(new CallPerson(TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.WillNotDecide, Actors.Operator, At(30)));

        Assert.True(dispatch.IsRefused);
        Assert.False(contact.IsRefused, contact.Refusal?.Detail);
        Assert.False(incident.Run(new DispatchAgent(Actors.Operator, At(40))).IsRefused);
    }

    [Fact]
    [Trait("Rule", "ALR-9")]
    public void ALR_9_one_agent_at_a_time_and_findings_only_from_a_dispatched_agent()
    {
        var incident = Intrusion();
        var early = incident.Run(new RecordAgentFindings(BreakIn: true, "", Operator.Agent, At(0)));
        Operator.NobodyReached(incident, At(0));
        incident.Do(new DispatchAgent(Actors.Operator, At(200)));

        var again = incident.Run(new DispatchAgent(Actors.Operator, At(210)));
        var findings = incident.Do(new RecordAgentFindings(BreakIn: false, "gate closed, nothing seen", Operator.Agent, At(900)));

        Assert.Equal("no agent is on the way", early.Refusal?.Detail);
        Assert.Equal("an agent has already been dispatched", again.Refusal?.Detail);
        Assert.Equal([new AgentReported(false, "gate closed, nothing seen", At(900))], findings);
        Assert.Equal((AgentStatus.Reported, (bool?)false), (incident.State.Agent, incident.State.BreakInFound));
    }
}
