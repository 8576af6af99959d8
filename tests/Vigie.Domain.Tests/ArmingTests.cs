using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>SITE-3, SITE-4, SITE-5: arming modes from the panel's signals, and what each mode watches.</summary>
public class ArmingTests
{
    [Theory]
    [Trait("Rule", "SITE-3")]
    [InlineData("Nri1/CL005", SignalKind.ArmedTotal, 5, ArmingChannel.Keypad)]
    [InlineData("Nri1/NL002", SignalKind.ArmedPartial, 2, ArmingChannel.Keypad)]
    [InlineData("Nri1/OP005", SignalKind.Disarmed, 5, ArmingChannel.Keypad)]
    [InlineData("Nri1/OQ007", SignalKind.Disarmed, 7, ArmingChannel.RemoteControl)]
    [InlineData("Nri1/CQ007", SignalKind.ArmedTotal, 7, ArmingChannel.RemoteControl)]
    [InlineData("Nri1/CP004", SignalKind.ArmedTotal, 4, ArmingChannel.Automatic)]
    [InlineData("Nri1/OP003^Badge 2^", SignalKind.Disarmed, 3, ArmingChannel.Badge)]
    [InlineData("Nri1/CL008^ACCESS+ Lea^", SignalKind.ArmedTotal, 8, ArmingChannel.VirtualRemote)]
    [InlineData("Nri1/OP006|Atelecommande 1", SignalKind.Disarmed, 6, ArmingChannel.Remote)]
    public void SITE_3_sia_dc03_openings_and_closings_give_mode_user_and_channel(string payload, SignalKind kind, int user, ArmingChannel channel)
    {
        var signal = PanelSignals.Sia(payload);

        Assert.Equal((kind, user, channel), (signal.Kind, signal.User, signal.Channel));
        Assert.True(signal.IsArmingChange);
        Assert.False(signal.IsAlarm);
    }

    [Theory]
    [Trait("Rule", "SITE-3")]
    [InlineData("3401 01 005", SignalKind.ArmedTotal, 5, ArmingChannel.Keypad)]
    [InlineData("1401 01 005", SignalKind.Disarmed, 5, ArmingChannel.Keypad)]
    [InlineData("3441 01 002", SignalKind.ArmedPartial, 2, ArmingChannel.Keypad)]
    [InlineData("1407 01 009", SignalKind.Disarmed, 9, ArmingChannel.RemoteControl)]
    [InlineData("3409 01 001", SignalKind.ArmedTotal, 1, ArmingChannel.KeySwitch)]
    public void SITE_3_contact_id_openings_and_closings_give_mode_user_and_channel(string body, SignalKind kind, int user, ArmingChannel channel)
    {
        var signal = PanelSignals.ContactId(body);

        Assert.Equal((kind, user, channel), (signal.Kind, signal.User, signal.Channel));
    }

    [Fact]
    [Trait("Rule", "SITE-3")]
    public void SITE_3_arming_signals_change_the_site_mode_with_user_and_channel()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var total = site.Receive(PanelSignals.Sia("Nri1/CL005"), Clock.T0);
        Assert.Equal(
            [typeof(SignalReceived), typeof(ArmingChanged)],
            total.Events.Select(e => e.GetType()));
        Assert.Equal(new ArmingChanged(ArmingMode.Total, 5, ArmingChannel.Keypad, Clock.T0), total.Events[1]);
        Assert.Equal(new Arming(ArmingMode.Total, Clock.T0, 5, ArmingChannel.Keypad), site.State.Arming);

        site.Receive(PanelSignals.Sia("Nri1/OP003^badge^"), Clock.Seconds(60));
        Assert.Equal(new Arming(ArmingMode.Disarmed, Clock.Seconds(60), 3, ArmingChannel.Badge), site.State.Arming);

        site.Receive(PanelSignals.ContactId("3441 01 002"), Clock.Seconds(120));
        Assert.Equal(new Arming(ArmingMode.Partial, Clock.Seconds(120), 2, ArmingChannel.Keypad), site.State.Arming);
    }

    [Fact]
    [Trait("Rule", "SITE-3")]
    public void SITE_3_a_new_site_starts_disarmed()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        Assert.Equal(ArmingMode.Disarmed, site.State.Arming.Mode);
    }

    [Theory]
    [Trait("Rule", "SITE-4")]
    [InlineData(SignalKind.Smoke, AlertKind.Smoke, ProcedureKind.OperatorDomesticRisk)]
    [InlineData(SignalKind.Flood, AlertKind.Flood, ProcedureKind.OperatorDomesticRisk)]
    [InlineData(SignalKind.CarbonMonoxide, AlertKind.CarbonMonoxide, ProcedureKind.OperatorDomesticRisk)]
    [InlineData(SignalKind.Sos, AlertKind.Sos, ProcedureKind.OperatorSos)]
    public void SITE_4_domestic_risks_and_SOS_raise_an_alert_when_disarmed(SignalKind signalKind, AlertKind alert, ProcedureKind procedure)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var signal = signalKind switch
        {
            SignalKind.Smoke => PanelSignals.Smoke(),
            SignalKind.Flood => PanelSignals.Flood(),
            SignalKind.CarbonMonoxide => PanelSignals.CarbonMonoxide(),
            _ => PanelSignals.Sos(),
        };
        Assert.Equal(signalKind, signal.Kind);
        Assert.Equal(ArmingMode.Disarmed, site.State.Arming.Mode);

        var decision = site.Receive(signal, Clock.T0);

        var raised = Assert.Single(decision.Events.OfType<AlertRaised>());
        Assert.Equal(alert, raised.Kind);
        Assert.Null(raised.EscalatesAt); // not cancellable by a disarm: opened at once
        var opened = Assert.Single(decision.Events.OfType<IncidentOpened>());
        Assert.Equal((alert, procedure, Clock.T0), (opened.Brief.Kind, opened.Brief.Procedure, opened.Brief.AlertAt));
        Assert.Empty(decision.Events.OfType<AlarmNotRaised>());
    }

    [Fact]
    [Trait("Rule", "SITE-4")]
    public void SITE_4_an_intrusion_while_disarmed_is_recorded_but_raises_no_alert()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.T0);

        Assert.Equal([typeof(SignalReceived), typeof(AlarmNotRaised)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(new AlarmNotRaised(AlertKind.Intrusion, 2, "the site is disarmed", Clock.T0), decision.Events[1]);
        Assert.Empty(site.State.PendingAlerts);
    }

    [Fact]
    [Trait("Rule", "SITE-5")]
    public void SITE_5_partial_mode_ignores_a_zone_outside_the_partial_set()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmPartial(), Clock.T0);

        var decision = site.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.Seconds(10));

        var notRaised = Assert.Single(decision.Events.OfType<AlarmNotRaised>());
        Assert.Equal("zone 2 (Living room) is not watched in partial mode", notRaised.Reason);
        Assert.Empty(decision.Events.OfType<AlertRaised>());
    }

    [Theory]
    [Trait("Rule", "SITE-5")]
    [InlineData(1)]
    [InlineData(3)]
    public void SITE_5_partial_mode_raises_alerts_for_partial_zones(int zone)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmPartial(), Clock.T0);

        var decision = site.Receive(PanelSignals.Intrusion(zone), Clock.Seconds(10));

        var raised = Assert.Single(decision.Events.OfType<AlertRaised>());
        Assert.Equal((AlertKind.Intrusion, (int?)zone), (raised.Kind, raised.Zone));
        Assert.Equal(Clock.Seconds(10 + 30 + 2), raised.EscalatesAt);
    }

    [Fact]
    [Trait("Rule", "SITE-5")]
    public void SITE_5_partial_mode_still_raises_SOS_and_domestic_risks()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmPartial(), Clock.T0);

        var sos = site.Receive(PanelSignals.Sos(), Clock.Seconds(10));
        var smoke = site.Receive(PanelSignals.Smoke(), Clock.Seconds(20));

        Assert.Equal(AlertKind.Sos, Assert.Single(sos.Events.OfType<IncidentOpened>()).Brief.Kind);
        Assert.Equal(AlertKind.Smoke, Assert.Single(smoke.Events.OfType<IncidentOpened>()).Brief.Kind);
    }

    [Theory]
    [Trait("Rule", "SITE-5")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SITE_5_total_mode_raises_alerts_for_every_detector(int zone)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);

        var decision = site.Receive(PanelSignals.Intrusion(zone), Clock.Seconds(10));

        Assert.Single(decision.Events.OfType<AlertRaised>());
        Assert.Empty(decision.Events.OfType<AlarmNotRaised>());
    }

    [Theory]
    [Trait("Rule", "SITE-4")]
    [Trait("Rule", "SITE-5")]
    [InlineData(ArmingMode.Disarmed, AlertKind.Intrusion, false)]
    [InlineData(ArmingMode.Disarmed, AlertKind.Tamper, false)]
    [InlineData(ArmingMode.Disarmed, AlertKind.Sos, true)]
    [InlineData(ArmingMode.Disarmed, AlertKind.Duress, true)]
    [InlineData(ArmingMode.Disarmed, AlertKind.Smoke, true)]
    [InlineData(ArmingMode.Disarmed, AlertKind.CarbonMonoxide, true)]
    [InlineData(ArmingMode.Disarmed, AlertKind.Flood, true)]
    [InlineData(ArmingMode.Partial, AlertKind.Intrusion, false)]
    [InlineData(ArmingMode.Partial, AlertKind.Smoke, true)]
    [InlineData(ArmingMode.Total, AlertKind.Intrusion, true)]
    [InlineData(ArmingMode.Total, AlertKind.Tamper, true)]
    public void SITE_4_SITE_5_what_each_mode_watches_in_a_zone_outside_the_partial_set(ArmingMode mode, AlertKind kind, bool watched)
    {
        Assert.Equal(watched, Site.NotWatched(mode, kind, TestSites.LivingRoom) is null);
    }
}
