using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-15: a false alarm caused by the subscriber pays the agent's trip and passes on police charges.</summary>
public class FalseAlarmChargeTests
{
    private static Instant At(int minutes) => Clock.T0 + Duration.FromMinutes(minutes);

    private static IncidentHarness AgentFoundNothing()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        Operator.NobodyReached(incident, Clock.Seconds(60));
        incident.Do(new DispatchAgent(Actors.Operator, At(5)));
        incident.Do(new RecordAgentFindings(BreakIn: false, "window open upstairs", Operator.Agent, At(25)));
        return incident;
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void ALR_15_false_alarm_by_the_user_after_an_agent_trip_on_TOUT_INCLUS_charges_80_euros()
    {
        var incident = AgentFoundNothing();

        var close = incident.Do(new CloseIncident(Classification.FalseAlarmUser, "window left open", Actors.Operator, At(30)));

        Json.Equal(
            [
                new IncidentCharged(new Charge(Fee.UnjustifiedAgentTrip, 80.00m, 1, "unjustified security agent trip"), At(30)),
                new IncidentClosed(Classification.FalseAlarmUser, "closed by operator:op-marie", "window left open", At(30)) { HandledBy = "op-marie", Why = Step.Of("Closing.By", "op-marie") },
            ],
            close);
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void ALR_15_closing_as_a_user_false_alarm_after_an_agent_trip_needs_the_cause()
    {
        var incident = AgentFoundNothing();

        var close = incident.Run(new CloseIncident(Classification.FalseAlarmUser, " ", Actors.Operator, At(30)));

        Assert.Equal("note: say what caused the false alarm (the agent's trip will be billed)", close.Refusal?.Detail);
        Assert.True(incident.State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void ALR_15_police_charges_are_passed_on_when_police_were_called()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sos(), Clock.T0);
        var incident = station.Incident(AlertFamily.Sos);
        incident.Do(new ListenPassively(EvidentAggression: true, Actors.Operator, At(1)));
        incident.Do(new CallPolice("", Actors.Operator, At(2)));
        incident.Do(new DispatchAgent(Actors.Operator, At(2)));
        incident.Do(new RecordAgentFindings(BreakIn: false, "TV too loud", Operator.Agent, At(20)));

        var close = incident.Do(new CloseIncident(Classification.FalseAlarmUser, "television mistaken for an aggression", Actors.Operator, At(30)));

        Assert.Equal(
            [(Fee.UnjustifiedAgentTrip, (decimal?)80m), (Fee.PoliceChargesPassedOn, null)],
            close.OfType<IncidentCharged>().Select(c => (c.Charge.Fee, c.Charge.Amount)));
        Assert.Equal("billable: police charges for an unjustified trip, passed on when claimed (at cost)", close.OfType<IncidentCharged>().Last().Describe());
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void ALR_15_police_without_agent_passes_on_police_charges_only()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        incident.Do(new RecordVideoVerification(CrimeUnderWay: true, "shape in the hall", Actors.Operator, At(1)));
        incident.Do(new CallPolice("", Actors.Operator, At(2)));

        var close = incident.Do(new CloseIncident(Classification.FalseAlarmUser, "son back early", Actors.Operator, At(30)));

        Assert.Equal([Fee.PoliceChargesPassedOn], close.OfType<IncidentCharged>().Select(c => c.Charge.Fee));
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void ALR_15_a_real_intrusion_on_TOUT_INCLUS_charges_nothing_at_closing()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        Operator.BreakInReportedToPolice(incident, Clock.Seconds(60));

        var noNote = incident.Run(new CloseIncident(Classification.RealIntrusion, null, Actors.Operator, At(60)));
        var close = incident.Do(new CloseIncident(Classification.RealIntrusion, "back door forced, police report 2026-117", Actors.Operator, At(60)));

        Assert.Equal("note: a note is required to close as RealIntrusion", noNote.Refusal?.Detail);
        Assert.Equal([new IncidentClosed(Classification.RealIntrusion, "closed by operator:op-marie", "back door forced, police report 2026-117", At(60)) { HandledBy = "op-marie" }], close);
        Assert.Empty(incident.Log.OfType<IncidentCharged>());
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void ALR_15_a_user_false_alarm_without_agent_or_police_charges_nothing()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        incident.Do(new Interpellate(Answered: false, Actors.Operator, Clock.Seconds(60)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.FalseAlarm, Actors.Operator, At(2)));

        var close = incident.Do(new CloseIncident(Classification.FalseAlarmUser, null, Actors.Operator, At(3)));

        Assert.IsType<IncidentClosed>(Assert.Single(close));
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    [Trait("Rule", "ALR-6")]
    public void ALR_15_an_agent_already_billed_on_request_is_not_billed_again()
    {
        var incident = new Station(TestSites.ALaCarte()).IntrusionIncident();
        incident.Do(new RequestAgent(Actor.Subscriber("sub-1"), At(1)));
        incident.Do(new RecordAgentFindings(BreakIn: false, "", Operator.Agent, At(20)));

        var close = incident.Do(new CloseIncident(Classification.FalseAlarmUser, "cat", Actors.Operator, At(30)));

        Assert.Empty(close.OfType<IncidentCharged>());
        Assert.Equal([Fee.AgentOnRequest], incident.Log.OfType<IncidentCharged>().Select(c => c.Charge.Fee));
    }
}
