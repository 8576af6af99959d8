using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-1: which panel events are alerts.</summary>
public class AlertTests
{
    [Theory]
    [Trait("Rule", "ALR-1")]
    [InlineData(SignalKind.Intrusion, true)]
    [InlineData(SignalKind.Tamper, true)]
    [InlineData(SignalKind.Sos, true)]
    [InlineData(SignalKind.Duress, true)]
    [InlineData(SignalKind.Smoke, true)]
    [InlineData(SignalKind.CarbonMonoxide, true)]
    [InlineData(SignalKind.Flood, true)]
    [InlineData(SignalKind.PeriodicTest, false)]
    [InlineData(SignalKind.MainsLost, false)]
    [InlineData(SignalKind.MainsRestored, false)]
    [InlineData(SignalKind.LowBattery, false)]
    [InlineData(SignalKind.Fault, false)]
    [InlineData(SignalKind.AlarmRestored, false)]
    [InlineData(SignalKind.ArmedTotal, false)]
    [InlineData(SignalKind.Disarmed, false)]
    [InlineData(SignalKind.Other, false)]
    public void ALR_1_only_intrusion_tamper_SOS_duress_smoke_CO_and_flood_are_alarms(SignalKind kind, bool alarm)
    {
        Assert.Equal(alarm, new SiteSignal(kind, 1, null, ArmingChannel.Unknown, "X", "x").IsAlarm);
        Assert.Equal(alarm, AlertKinds.FromSignal(kind) is not null);
    }

    public static TheoryData<string, AlertKind> AlarmPayloads => new()
    {
        { "BA002", AlertKind.Intrusion },
        { "TA004", AlertKind.Tamper },
        { "PA020", AlertKind.Sos },
        { "HA020", AlertKind.Duress },
        { "FA010", AlertKind.Smoke },
        { "KA010", AlertKind.Smoke },
        { "GA012", AlertKind.CarbonMonoxide },
        { "WA011", AlertKind.Flood },
    };

    [Theory]
    [Trait("Rule", "ALR-1")]
    [MemberData(nameof(AlarmPayloads))]
    public void ALR_1_each_alarm_payload_raises_its_alert_on_an_armed_site(string code, AlertKind kind)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);

        var decision = site.Receive(PanelSignals.Sia("Nri1/" + code), Clock.Seconds(10));

        var raised = Assert.Single(decision.Events.OfType<AlertRaised>());
        Assert.Equal(kind, raised.Kind);
        Assert.Equal("ti-1-A0001", raised.AlertId);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    public void ALR_1_contact_id_alarms_raise_alerts_too()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ContactId("3401 01 001"), Clock.T0);

        var burglary = site.Receive(PanelSignals.ContactId("1130 01 002"), Clock.Seconds(10));
        var co = site.Receive(PanelSignals.ContactId("1162 01 012"), Clock.Seconds(11));

        Assert.Equal(AlertKind.Intrusion, Assert.Single(burglary.Events.OfType<AlertRaised>()).Kind);
        Assert.Equal(AlertKind.CarbonMonoxide, Assert.Single(co.Events.OfType<AlertRaised>()).Kind);
    }

    [Theory]
    [Trait("Rule", "ALR-1")]
    [InlineData("Nri0/RP")]
    [InlineData("Nri0/AT")]
    [InlineData("Nri0/YT")]
    [InlineData("Nri1/BR002")]
    [InlineData("Nri0/YC")]
    [InlineData("Nri1/BB002")]
    public void ALR_1_periodic_test_mains_loss_battery_restores_and_faults_make_no_alert(string payload)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);

        var decision = site.Receive(PanelSignals.Sia(payload), Clock.Seconds(10));

        // Mains, battery and faults are supervision facts (SUP-2, SUP-3): at most a fault and a technical incident, never an alert.
        var received = Assert.IsType<SignalReceived>(decision.Events[0]);
        Assert.False(received.Signal.IsAlarm);
        Assert.Empty(decision.Events.OfType<AlertRaised>());
        Assert.Empty(site.State.PendingAlerts);
        Assert.DoesNotContain(site.State.OpenIncidents.Keys, f => f is AlertFamily.Intrusion or AlertFamily.Sos or AlertFamily.DomesticRisk);
    }

    [Fact]
    [Trait("Rule", "ALR-1")]
    public void ALR_1_a_second_alarm_of_an_open_incident_joins_it()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = station.IntrusionIncident();

        var second = station.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), Clock.Seconds(120));

        var joined = Assert.Single(second.Events.OfType<AlarmJoinedIncident>());
        Assert.Equal(incident.Id, joined.IncidentId);
        Assert.Empty(second.Events.OfType<AlertRaised>());
        Assert.Equal(1, Assert.Single(incident.Log.OfType<SignalAdded>()).Signal.Zone);
        Assert.Single(station.Incidents);
    }
}
