using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// One alarm, one incident: every signal of a site's open alert (in its cancellation window) or open incident —
/// another zone, a tamper, a restore — joins it and shows on its timeline; a fire keeps its own incident.
/// </summary>
public class OneAlarmOneIncidentTests
{
    private static readonly SiteSignal GarageRestored = PanelSignals.Sia($"Nri1/BR00{TestSites.Garage.Number}");

    private static Instant Opening(Station station) => Clock.Seconds(10) + station.Rules.CancellationWindow + station.Rules.EscalationGrace;

    /// <summary>Armed at T0, the garage door (zone 3) at T0 + 10 s: its window opens.</summary>
    private static Station GarageAlert()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.ArmTotal(), Clock.T0);
        station.Receive(PanelSignals.Intrusion(TestSites.Garage.Number), Clock.Seconds(10));
        return station;
    }

    private static (SignalKind, int?)[] Timeline(IncidentHarness incident) =>
        [.. incident.Log.OfType<SignalAdded>().Select(s => (s.Signal.Kind, s.Signal.Zone))];

    [Fact]
    [Trait("Rule", "ALR-1")]
    [Trait("Rule", "ALR-2")]
    public void Second_zone_during_the_window_joins_the_alert_and_its_incident()
    {
        var station = GarageAlert();

        var second = station.Receive(PanelSignals.Intrusion(TestSites.Hall.Number), Clock.Seconds(15));
        station.Tick(Opening(station));

        var joined = Assert.Single(second.Events.OfType<SignalJoinedAlert>());
        Assert.Equal("ti-1-A0001", joined.AlertId);
        var incident = Assert.Single(station.Incidents);
        Assert.Equal(TestSites.Garage.Number, incident.Brief.Zone);
        Assert.Equal(["ti-1-A0001", "ti-1-A0002"], incident.Brief.AlertIds);
        Assert.Equal([(SignalKind.Intrusion, TestSites.Hall.Number)], Timeline(incident));
        // Right after the start, at the time the station received it: the timeline is in order.
        Assert.IsType<SignalAdded>(incident.Log[1]);
        Assert.Equal(Clock.Seconds(15), incident.Log[1].At);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    public void Second_zone_after_the_opening_joins_the_open_incident_and_opens_no_other()
    {
        var station = GarageAlert();
        station.Tick(Opening(station));
        var incident = Assert.Single(station.Incidents);

        var second = station.Receive(PanelSignals.Intrusion(TestSites.Hall.Number), Opening(station) + Duration.FromSeconds(30));

        Assert.Empty(second.Events.OfType<AlertRaised>());
        Assert.Equal(incident.Id, Assert.Single(second.Events.OfType<AlarmJoinedIncident>()).IncidentId);
        Assert.Single(station.Incidents);
        Assert.Equal([(SignalKind.Intrusion, TestSites.Hall.Number)], Timeline(incident));
        Assert.Equal(Opening(station) + Duration.FromSeconds(30), incident.Log[^1].At);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    public void A_restore_joins_the_alert_in_its_window_and_the_incident_after_opening()
    {
        var station = GarageAlert();

        var inWindow = station.Receive(GarageRestored, Clock.Seconds(20));
        station.Tick(Opening(station));
        var incident = Assert.Single(station.Incidents);
        var afterOpening = station.Receive(GarageRestored, Opening(station) + Duration.FromSeconds(60));

        Assert.Equal(SignalKind.AlarmRestored, Assert.Single(inWindow.Events.OfType<SignalJoinedAlert>()).Signal.Kind);
        Assert.Empty(inWindow.Events.OfType<AlertRaised>());
        Assert.Equal(incident.Id, Assert.Single(afterOpening.Events.OfType<AlarmJoinedIncident>()).IncidentId);
        Assert.Equal([(SignalKind.AlarmRestored, TestSites.Garage.Number), (SignalKind.AlarmRestored, TestSites.Garage.Number)], Timeline(incident));
        Assert.Single(station.Incidents);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    [Trait("Rule", "ALR-8")]
    public void A_tamper_joins_the_intrusion_in_its_window_and_after_opening()
    {
        var station = GarageAlert();

        station.Receive(PanelSignals.Tamper(TestSites.LivingRoom.Number), Clock.Seconds(12));
        station.Tick(Opening(station));
        var incident = Assert.Single(station.Incidents);
        station.Receive(PanelSignals.Tamper(TestSites.Hall.Number), Opening(station) + Duration.FromSeconds(5));

        Assert.Equal([(SignalKind.Tamper, TestSites.LivingRoom.Number), (SignalKind.Tamper, TestSites.Hall.Number)], Timeline(incident));
        Assert.Single(station.Incidents);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    public void Signals_of_the_window_reach_the_timeline_in_the_order_received()
    {
        var station = GarageAlert();

        station.Receive(PanelSignals.Intrusion(TestSites.Hall.Number), Clock.Seconds(12));
        station.Receive(GarageRestored, Clock.Seconds(14));
        station.Receive(PanelSignals.Tamper(TestSites.LivingRoom.Number), Clock.Seconds(16));
        station.Tick(Opening(station));

        var incident = Assert.Single(station.Incidents);
        Assert.Equal(
            [(SignalKind.Intrusion, TestSites.Hall.Number), (SignalKind.AlarmRestored, TestSites.Garage.Number), (SignalKind.Tamper, TestSites.LivingRoom.Number)],
            Timeline(incident));
        Assert.Equal([Clock.Seconds(12), Clock.Seconds(14), Clock.Seconds(16)], incident.Log.OfType<SignalAdded>().Select(s => s.At));
    }

    [Fact]
    [Trait("Rule", "ALR-14")]
    public void A_fire_during_an_intrusion_opens_its_own_incident_and_its_restore_stays_there()
    {
        var station = GarageAlert();
        station.Tick(Opening(station));
        var intrusion = station.Incident(AlertFamily.Intrusion);

        station.Receive(PanelSignals.Smoke(TestSites.Kitchen.Number), Opening(station) + Duration.FromSeconds(10));
        station.Receive(PanelSignals.Sia($"Nri1/FR0{TestSites.Kitchen.Number}"), Opening(station) + Duration.FromSeconds(20));

        var fire = station.Incident(AlertFamily.DomesticRisk);
        Assert.Equal(ProcedureKind.OperatorDomesticRisk, fire.Brief.Procedure);
        Assert.Empty(Timeline(intrusion));
        Assert.Equal([(SignalKind.AlarmRestored, TestSites.Kitchen.Number)], Timeline(fire));
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void A_disarm_in_the_window_cancels_the_alert_with_its_joined_signals_and_opens_nothing()
    {
        var station = GarageAlert();
        station.Receive(PanelSignals.Intrusion(TestSites.Hall.Number), Clock.Seconds(15));

        station.Receive(PanelSignals.Disarm(), Clock.Seconds(20));
        station.Tick(Opening(station));

        Assert.Empty(station.Incidents);
        Assert.Empty(station.Site.State.PendingAlerts);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    public void A_restore_of_a_zone_the_site_does_not_define_stays_in_the_history()
    {
        var station = GarageAlert();

        var restore = station.Receive(PanelSignals.Sia("Nri1/BR099"), Clock.Seconds(20));
        station.Tick(Opening(station));

        Assert.Empty(restore.Events.OfType<SignalJoinedAlert>());
        Assert.Empty(Timeline(Assert.Single(station.Incidents)));
    }

    [Fact]
    public void A_joined_signal_describes_itself_for_the_site_history()
    {
        var joined = new SignalJoinedAlert("ti-1-A0001", PanelSignals.Intrusion(12), Clock.T0);

        Assert.Equal($"{joined.Signal.Label} joins alert ti-1-A0001 (cancellation window open)", joined.Describe());
    }
}
