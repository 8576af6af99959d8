using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-12: SOS handling: listen first through the speaker, then phone the site; A LA CARTE phones only.</summary>
public class SosTests
{
    private static Instant At(int seconds) => Clock.Seconds(seconds);

    private static IncidentHarness Sos(Sites.SiteDefinition definition)
    {
        var station = new Station(definition);
        station.Receive(PanelSignals.Sos(), Clock.T0);
        var incident = station.Incident(AlertFamily.Sos);
        Assert.Equal(ProcedureKind.OperatorSos, incident.Brief.Procedure);
        return incident;
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_with_a_speaker_the_operator_listens_before_speaking_or_phoning()
    {
        var incident = Sos(TestSites.ToutInclus());

        var call = incident.Run(new CallSite(SiteCallOutcome.ManipulationErrorConfirmed, Actors.Operator, At(5)));
        var interpellate = incident.Run(new Interpellate(Answered: true, Actors.Operator, At(6)));
        var person = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(7)));

        Assert.Equal("SOS: listen passively through the speaker first (ALR-12)", call.Refusal?.Detail);
        Assert.Equal("SOS: listen passively first (ALR-12)", interpellate.Refusal?.Detail);
        Assert.Equal("SOS: phone the site first (ALR-12)", person.Refusal?.Detail);
        Assert.Equal(3, incident.Log.OfType<CommandRefused>().Count());
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_an_evident_aggression_allows_police_and_agent_at_once()
    {
        var incident = Sos(TestSites.ToutInclus());

        Assert.Equal([new ListenedPassively(true, At(10))], incident.Do(new ListenPassively(EvidentAggression: true, Actors.Operator, At(10))));
        var police = incident.Do(new CallPolice("", Actors.Operator, At(20)));
        var agent = incident.Do(new DispatchAgent(Actors.Operator, At(25)));

        Assert.Equal([new PoliceCalled("aggression heard through the speaker", "", At(20))], police);
        Assert.Equal([new AgentDispatched("aggression heard through the speaker", At(25))], agent);
        Assert.Empty(incident.State.Calls);
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_a_manipulation_error_confirmed_on_the_phone_closes_as_a_user_false_alarm()
    {
        var incident = Sos(TestSites.ToutInclus());
        incident.Do(new ListenPassively(EvidentAggression: false, Actors.Operator, At(10)));
        Assert.Equal("no verification yet: police may be called only once a crime is established (agent's finding, video, SOS) (ALR-10)",
            incident.Run(new CallPolice("", Actors.Operator, At(15))).Refusal?.Detail);

        var answeredOnly = incident.Run(new CallSite(SiteCallOutcome.Answered, Actors.Operator, At(20)));
        var confirmed = incident.Do(new CallSite(SiteCallOutcome.ManipulationErrorConfirmed, Actors.Operator, At(30)));

        Assert.Equal("SOS: say whether the person confirms a manipulation error or cannot speak freely (ALR-12)", answeredOnly.Refusal?.Detail);
        Assert.Equal(
            [
                new SiteCalled(SiteCallOutcome.ManipulationErrorConfirmed, At(30)),
                new IncidentClosed(Classification.FalseAlarmUser, "manipulation error confirmed on site", null, At(30)),
            ],
            confirmed);
        Assert.Equal((IncidentStatus.Closed, (Classification?)Classification.FalseAlarmUser), (incident.State.Status, incident.State.Classification));
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_a_person_who_cannot_speak_freely_means_police_and_agent()
    {
        var incident = Sos(TestSites.ToutInclus());
        incident.Do(new ListenPassively(EvidentAggression: false, Actors.Operator, At(10)));

        incident.Do(new CallSite(SiteCallOutcome.CannotSpeakFreely, Actors.Operator, At(20)));
        var police = incident.Do(new CallPolice("", Actors.Operator, At(30)));
        var agent = incident.Do(new DispatchAgent(Actors.Operator, At(31)));

        Assert.Equal([new PoliceCalled("person on site cannot speak freely", "", At(30))], police);
        Assert.Equal([new AgentDispatched("person on site cannot speak freely", At(31))], agent);
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_no_answer_on_the_site_phone_then_the_subscriber_is_called()
    {
        var incident = Sos(TestSites.ToutInclus());
        incident.Do(new ListenPassively(EvidentAggression: false, Actors.Operator, At(10)));
        incident.Do(new CallSite(SiteCallOutcome.NoAnswer, Actors.Operator, At(20)));

        var person = incident.Run(new CallPerson(TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.FalseAlarm, Actors.Operator, At(30)));

        Assert.False(person.IsRefused, person.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_on_A_LA_CARTE_there_is_no_listening_the_operator_phones_the_site_directly()
    {
        var incident = Sos(TestSites.ALaCarte());
        Assert.False(incident.Brief.HasSpeaker);

        var listen = incident.Run(new ListenPassively(EvidentAggression: false, Actors.Operator, At(5)));
        var call = incident.Do(new CallSite(SiteCallOutcome.ManipulationErrorConfirmed, Actors.Operator, At(10)));

        Assert.Equal("this site has no interpellation speaker: phone the site (ALR-12)", listen.Refusal?.Detail);
        Assert.Equal(Classification.FalseAlarmUser, Assert.IsType<IncidentClosed>(call[^1]).Classification);
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    public void ALR_12_SOS_outcomes_do_not_apply_to_an_intrusion_and_listening_is_for_SOS()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();

        var call = incident.Run(new CallSite(SiteCallOutcome.ManipulationErrorConfirmed, Actors.Operator, At(60)));
        var listen = incident.Run(new ListenPassively(EvidentAggression: true, Actors.Operator, At(61)));

        Assert.Equal("these outcomes are for SOS alerts; the code check decides here (ALR-8)", call.Refusal?.Detail);
        Assert.Equal("passive listening is for SOS alerts (ALR-12)", listen.Refusal?.Detail);
    }
}
