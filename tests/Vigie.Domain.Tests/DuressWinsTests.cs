using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// ALR-21: a duress code always wins, in whichever order the panel sends the opening and the duress event.
/// ALR-22: a test or maintenance period never mutes an SOS or a duress.
/// </summary>
public class DuressWinsTests
{
    private static readonly Instant IntrusionAt = Clock.Seconds(10);

    private static Station ArmedWithIntrusion()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.ArmTotal(), Clock.T0);
        station.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), IntrusionAt);
        return station;
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public void ALR_21_duress_before_the_opening_the_disarm_is_no_user_error_and_the_intrusion_joins_the_SOS()
    {
        var station = ArmedWithIntrusion();

        station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(15));
        var disarm = station.Receive(PanelSignals.Disarm(user: 3), Clock.Seconds(16));
        station.Tick(Clock.Seconds(120));

        Assert.Empty(disarm.Events.OfType<AlertCancelled>());
        var sos = station.Incident(AlertFamily.Sos);
        Assert.Contains("ti-1-A0001", sos.Brief.AlertIds);
        Assert.Single(station.Incidents);
        Assert.Empty(station.Site.Log.OfType<CancellationStood>());
        Assert.Empty(station.Site.Log.OfType<ImmediateStopConfirmed>());
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public void ALR_21_opening_before_the_duress_the_cancellation_is_voided_and_the_intrusion_joins_the_SOS()
    {
        var station = ArmedWithIntrusion();

        var disarm = station.Receive(PanelSignals.Disarm(user: 3), Clock.Seconds(15));
        // Nothing goes to the site yet: an intruder may be standing beside the subscriber.
        Assert.Single(disarm.Events.OfType<AlertCancelled>());
        Assert.Empty(disarm.Events.OfType<ImmediateStopConfirmed>());

        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(17));
        // Well past the grace, the window and every deadline: the cancellation never stands.
        station.Tick(Clock.Seconds(120));

        Assert.Equal([new CancellationVoidedByDuress("ti-1-A0001", Clock.Seconds(17))], duress.Events.OfType<CancellationVoidedByDuress>());
        var sos = station.Incident(AlertFamily.Sos);
        Assert.Equal((AlertKind.Duress, ProcedureKind.OperatorSos), (sos.Brief.Kind, sos.Brief.Procedure));
        Assert.Equal(["ti-1-A0002", "ti-1-A0001"], sos.Brief.AlertIds);
        Assert.Single(station.Incidents);
        Assert.Empty(station.Site.Log.OfType<CancellationStood>());
        Assert.Empty(station.Site.Log.OfType<ImmediateStopConfirmed>());
        Assert.Empty(station.Site.State.RecentCancellations);
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public void ALR_21_opening_before_the_duress_while_an_SOS_is_open_the_intrusion_joins_that_SOS()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sos(), Clock.T0);
        station.Receive(PanelSignals.ArmTotal(), Clock.Seconds(1));
        station.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), IntrusionAt);
        station.Receive(PanelSignals.Disarm(user: 3), Clock.Seconds(15));

        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(17));
        station.Tick(Clock.Seconds(120));

        Assert.Single(duress.Events.OfType<CancellationVoidedByDuress>());
        Assert.Contains(duress.Events.OfType<AlarmJoinedIncident>(), j => j.AlertId == "ti-1-A0002");
        Assert.Single(station.Incidents);
        Assert.Empty(station.Site.Log.OfType<ImmediateStopConfirmed>());
        Assert.Empty(station.Site.Log.OfType<CancellationStood>());
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public void ALR_21_a_duress_after_the_grace_finds_the_cancellation_already_standing()
    {
        var station = ArmedWithIntrusion();
        station.Receive(PanelSignals.Disarm(), Clock.Seconds(15));

        var stood = station.Tick(Clock.Seconds(25));
        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(40));

        Assert.Equal([new CancellationStood("ti-1-A0001", Clock.Seconds(25))], stood.Events.OfType<CancellationStood>());
        Assert.Single(stood.Events.OfType<ImmediateStopConfirmed>());
        Assert.Empty(duress.Events.OfType<CancellationVoidedByDuress>());
        Assert.Equal(["ti-1-A0002"], station.Incident(AlertFamily.Sos).Brief.AlertIds);
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public void ALR_21_a_duress_after_the_grace_voids_nothing_even_before_the_late_tick()
    {
        var station = ArmedWithIntrusion();
        station.Receive(PanelSignals.Disarm(), Clock.Seconds(15));

        // The grace ended at 25 s; the site's tick has not run yet when the duress arrives.
        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(26));
        var stood = station.Tick(Clock.Seconds(27));

        Assert.Empty(duress.Events.OfType<CancellationVoidedByDuress>());
        Assert.Single(stood.Events.OfType<CancellationStood>());
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public void ALR_21_the_grace_comes_from_the_engine_rules()
    {
        var station = new Station(TestSites.ToutInclus(), new EngineRules { DuressGrace = Duration.FromSeconds(45) });
        station.Receive(PanelSignals.ArmTotal(), Clock.T0);
        station.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), IntrusionAt);
        station.Receive(PanelSignals.Disarm(), Clock.Seconds(15));

        Assert.Equal(Clock.Seconds(60), station.Site.State.NextDeadline);
        Assert.Empty(station.Tick(Clock.Seconds(59)).Events.OfType<CancellationStood>());
        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(59));

        Assert.Single(duress.Events.OfType<CancellationVoidedByDuress>());
    }

    private static readonly Instant TestEnd = Clock.T0 + Duration.FromHours(4);

    private static Station OnTest(TestPeriodKind kind)
    {
        var station = new Station(TestSites.ToutInclus());
        var set = station.Run(new StartTestPeriod(kind, Clock.T0, TestEnd, "detector test", Actors.Operator, Clock.T0));
        Assert.False(set.IsRefused);
        return station;
    }

    [Theory]
    [InlineData(TestPeriodKind.OnTest)]
    [InlineData(TestPeriodKind.Maintenance)]
    [Trait("Rule", "ALR-22")]
    public void ALR_22_an_SOS_during_a_test_period_is_handled_as_always_and_marked(TestPeriodKind kind)
    {
        var station = OnTest(kind);

        var sos = station.Receive(PanelSignals.Sos(), Clock.Seconds(60));

        Assert.Empty(sos.Events.OfType<AlarmNotRaised>());
        var opened = Assert.Single(sos.Events.OfType<IncidentOpened>());
        Assert.Equal(("ti-1-T001", ProcedureKind.OperatorSos), (opened.Brief.DuringTestPeriod, opened.Brief.Procedure));
        Assert.Contains("received during test period ti-1-T001", opened.Describe(), StringComparison.Ordinal);
        Assert.Single(station.Incidents);
    }

    [Theory]
    [InlineData(TestPeriodKind.OnTest)]
    [InlineData(TestPeriodKind.Maintenance)]
    [Trait("Rule", "ALR-22")]
    public void ALR_22_a_duress_during_a_test_period_raises_its_SOS_and_wins_over_the_disarm(TestPeriodKind kind)
    {
        var station = OnTest(kind);
        station.Receive(PanelSignals.ArmTotal(), Clock.Seconds(30));

        station.Receive(PanelSignals.Disarm(user: 3), Clock.Seconds(60));
        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(61));

        var sos = station.Incident(AlertFamily.Sos);
        Assert.Equal((AlertKind.Duress, "ti-1-T001"), (sos.Brief.Kind, sos.Brief.DuringTestPeriod));
        Assert.Empty(duress.Events.OfType<AlarmNotRaised>());
    }

    [Fact]
    [Trait("Rule", "ALR-22")]
    public void ALR_22_an_intrusion_during_a_test_period_stays_muted_and_an_SOS_after_it_is_not_marked()
    {
        var station = OnTest(TestPeriodKind.OnTest);
        station.Receive(PanelSignals.ArmTotal(), Clock.Seconds(30));

        var intrusion = station.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), Clock.Seconds(60));
        station.Tick(TestEnd);
        var sos = station.Receive(PanelSignals.Sos(), TestEnd + Duration.FromMinutes(1));

        Assert.Single(intrusion.Events.OfType<AlarmNotRaised>());
        Assert.Null(Assert.Single(sos.Events.OfType<IncidentOpened>()).Brief.DuringTestPeriod);
    }
}
