using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-10: police only after a verification establishes a crime under way; a refusal is recorded with its reason.</summary>
public class PoliceTests
{
    private const string NoVerification = "no verification yet: police may be called only once a crime is established (agent's finding, video, SOS) (ALR-10)";

    private static IncidentHarness Intrusion() => new Station(TestSites.ToutInclus()).IntrusionIncident();

    private static Instant At(int seconds) => Clock.Seconds(60 + seconds);

    [Fact]
    [Trait("Rule", "ALR-10")]
    public void ALR_10_police_without_verification_is_refused_and_the_refusal_recorded()
    {
        var incident = Intrusion();

        var police = incident.Run(new CallPolice("neighbour worried", Actors.Operator, At(0)));

        Assert.True(police.IsRefused);
        Assert.Equal(NoVerification, police.Refusal?.Detail);
        var refused = Assert.IsType<CommandRefused>(Assert.Single(police.Events));
        Assert.Equal(new CommandRefused("call-police", NoVerification, At(0)), refused);
        Assert.Equal(refused, incident.Log[^1]);
        Assert.Null(incident.State.PoliceCalledAt);
        Assert.Null(incident.State.Verification);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    public void ALR_10_a_clock_or_system_refusal_records_nothing()
    {
        var incident = Intrusion();

        var police = incident.Run(new CallPolice("", Actor.System, At(0)));

        Assert.Equal(NoVerification, police.Refusal?.Detail);
        Assert.Empty(police.Events);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    public void ALR_10_police_allowed_after_the_agent_reports_a_break_in()
    {
        var incident = Intrusion();
        Operator.BreakInFound(incident, At(0));

        var police = incident.Do(new CallPolice(" patrol on its way ", Actors.Operator, At(1300)));

        Assert.Equal([new PoliceCalled("agent found signs of break-in", "patrol on its way", At(1300))], police);
        Assert.Equal(At(1300), incident.State.PoliceCalledAt);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    public void ALR_10_an_agent_who_finds_no_sign_of_break_in_is_no_verification()
    {
        var incident = Intrusion();
        Operator.NobodyReached(incident, At(0));
        incident.Do(new DispatchAgent(Actors.Operator, At(200)));
        incident.Do(new RecordAgentFindings(BreakIn: false, "", Operator.Agent, At(900)));

        Assert.Equal(NoVerification, incident.Run(new CallPolice("", Actors.Operator, At(901))).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    public void ALR_10_police_allowed_after_a_video_verification_showing_a_crime()
    {
        var incident = Intrusion();
        incident.Do(new RecordVideoVerification(CrimeUnderWay: false, "cat in the hall", Actors.Operator, At(0)));
        Assert.Equal(NoVerification, incident.Run(new CallPolice("", Actors.Operator, At(5))).Refusal?.Detail);

        incident.Do(new RecordVideoVerification(CrimeUnderWay: true, "two people in the living room", Actors.Operator, At(10)));
        var police = incident.Do(new CallPolice("", Actors.Operator, At(15)));

        Assert.Equal([new PoliceCalled("video verification", "", At(15))], police);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    [Trait("Rule", "ALR-12")]
    public void ALR_10_police_allowed_after_an_SOS_where_an_aggression_is_heard()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sos(), Clock.T0);
        var incident = station.Incident(AlertFamily.Sos);
        Assert.Equal(NoVerification, incident.Run(new CallPolice("", Actors.Operator, At(0))).Refusal?.Detail);

        incident.Do(new ListenPassively(EvidentAggression: true, Actors.Operator, At(5)));
        var police = incident.Do(new CallPolice("", Actors.Operator, At(10)));

        Assert.Equal([new PoliceCalled("aggression heard through the speaker", "", At(10))], police);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    public void ALR_10_police_are_called_once()
    {
        var incident = Intrusion();
        incident.Do(new RecordVideoVerification(CrimeUnderWay: true, "", Actors.Operator, At(0)));
        incident.Do(new CallPolice("", Actors.Operator, At(5)));

        var again = incident.Run(new CallPolice("", Actors.Operator, At(10)));

        Assert.Equal($"police were already called at {At(5)}", again.Refusal?.Detail);
        Assert.Single(incident.Log.OfType<PoliceCalled>());
    }
}
