using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-2, ALR-3: a disarm within 30 s cancels the alert as a user error, confirmed to the subscriber on operator offers.</summary>
public class CancellationWindowTests
{
    internal static readonly Instant AlertAt = Clock.Seconds(10);

    private static Instant After(double seconds) => AlertAt + Duration.FromSeconds(seconds);

    /// <summary>An armed site with an intrusion raised at <see cref="AlertAt"/>, in its window.</summary>
    internal static SiteHarness ArmedWithAlert(SiteDefinition definition, EngineRules? rules = null)
    {
        var site = SiteHarness.Active(definition, rules);
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);
        site.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), AlertAt);
        return site;
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_an_intrusion_waits_30_s_plus_2_s_grace_before_escalating()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var raised = Assert.Single(site.Log.OfType<AlertRaised>());
        Assert.Equal(new AlertRaised("ti-1-A0001", AlertKind.Intrusion, 2, After(32), AlertAt), raised);
        Assert.Equal(After(32), site.State.NextDeadline);
        Assert.Empty(site.Log.OfType<IncidentOpened>());
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_disarm_29_s_after_intrusion_cancels_the_alert()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var disarm = site.Receive(PanelSignals.Disarm(user: 4), After(29));

        var cancelled = Assert.Single(disarm.Events.OfType<AlertCancelled>());
        Assert.Equal(new AlertCancelled("ti-1-A0001", 4, ArmingChannel.Keypad, Duration.FromSeconds(29), After(29)), cancelled);
        Assert.Equal("alert ti-1-A0001 cancelled by a disarm after 29 s", cancelled.Describe());
        Assert.Empty(site.State.PendingAlerts);

        var tick = site.Tick(After(39));

        Assert.Equal([typeof(CancellationStood), typeof(ImmediateStopConfirmed)], tick.Events.Select(e => e.GetType()));
        Assert.Equal("cancellation of alert ti-1-A0001 stands: user error", tick.Events[0].Describe());
        Assert.Empty(site.Log.OfType<IncidentOpened>());
        Assert.Equal(site.State.NextDetectorTestReminder, site.State.NextDeadline); // only the SUP-6 reminder is left
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_disarm_31_s_after_intrusion_does_not_cancel_and_the_tick_opens_the_incident()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var disarm = site.Receive(PanelSignals.Disarm(user: 4), After(31));
        Assert.Equal([typeof(SignalReceived), typeof(ArmingChanged)], disarm.Events.Select(e => e.GetType()));
        Assert.Empty(site.Tick(After(31.9)).Events);

        var tick = site.Tick(After(32));

        var opened = Assert.IsType<IncidentOpened>(Assert.Single(tick.Events));
        Assert.Equal(("ti-1-0001", AlertKind.Intrusion, ProcedureKind.OperatorIntrusion), (opened.Brief.IncidentId, opened.Brief.Kind, opened.Brief.Procedure));
        Assert.Equal(AlertAt, opened.Brief.AlertAt);
        Assert.Equal(After(32), opened.At);
        Assert.Equal(["ti-1-A0001"], opened.Brief.AlertIds);
        Assert.Equal("ti-1-0001", site.State.OpenIncidents[AlertFamily.Intrusion]);
    }

    [Theory]
    [Trait("Rule", "ALR-2")]
    [InlineData("Nri1/OP003^Badge 2^", ArmingChannel.Badge)]
    [InlineData("Nri1/OP003|Atelecommande 1", ArmingChannel.Remote)]
    [InlineData("Nri1/OQ003", ArmingChannel.RemoteControl)]
    [InlineData("Nri1/OP003^Access+ Lea^", ArmingChannel.VirtualRemote)]
    public void ALR_2_a_disarm_by_badge_remote_remote_control_or_virtual_remote_cancels_too(string payload, ArmingChannel channel)
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var disarm = site.Receive(PanelSignals.Sia(payload), After(12));

        var cancelled = Assert.Single(disarm.Events.OfType<AlertCancelled>());
        Assert.Equal((3, channel), (cancelled.User, cancelled.Channel));
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_a_second_detector_in_the_window_keeps_the_first_deadline_and_one_disarm_cancels_both()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var second = site.Receive(PanelSignals.Tamper(TestSites.Hall.Number), After(10));
        Assert.Equal(After(32), Assert.Single(second.Events.OfType<AlertRaised>()).EscalatesAt);

        var disarm = site.Receive(PanelSignals.Disarm(), After(20));

        Assert.Equal(["ti-1-A0001", "ti-1-A0002"], disarm.Events.OfType<AlertCancelled>().Select(c => c.AlertId));
        Assert.DoesNotContain(site.Tick(After(60)).Events, e => e is not (CancellationStood or ImmediateStopConfirmed));
        Assert.Empty(site.Log.OfType<IncidentOpened>());
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_two_detectors_in_the_window_without_disarm_make_one_incident()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());
        site.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), After(10));

        var tick = site.Tick(After(32));

        var opened = Assert.IsType<IncidentOpened>(Assert.Single(tick.Events));
        Assert.Equal(["ti-1-A0001", "ti-1-A0002"], opened.Brief.AlertIds);
        Assert.Equal((AlertAt, (int?)2), (opened.Brief.AlertAt, opened.Brief.Zone));
        Assert.Empty(site.State.PendingAlerts);
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_arming_again_does_not_cancel()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var partial = site.Receive(PanelSignals.ArmPartial(), After(5));

        Assert.Empty(partial.Events.OfType<AlertCancelled>());
        Assert.IsType<IncidentOpened>(Assert.Single(site.Tick(After(32)).Events));
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_an_SOS_is_not_cancelled_by_a_disarm()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.ArmTotal(), Clock.T0);
        var sos = station.Receive(PanelSignals.Sos(), AlertAt);

        var disarm = station.Receive(PanelSignals.Disarm(), After(5));

        Assert.Null(Assert.Single(sos.Events.OfType<AlertRaised>()).EscalatesAt);
        Assert.Empty(disarm.Events.OfType<AlertCancelled>());
        Assert.True(station.Incident(AlertFamily.Sos).State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public void ALR_2_the_window_comes_from_the_engine_rules()
    {
        var rules = new EngineRules { CancellationWindow = Duration.FromSeconds(45), EscalationGrace = Duration.Zero };
        var site = ArmedWithAlert(TestSites.ToutInclus(), rules);

        Assert.Equal(After(45), site.State.NextDeadline);
        Assert.Single(site.Receive(PanelSignals.Disarm(), After(40)).Events.OfType<AlertCancelled>());
    }

    [Fact]
    [Trait("Rule", "ALR-3")]
    public void ALR_3_with_no_duress_grace_the_stop_is_confirmed_with_the_disarm()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus(), new EngineRules { DuressGrace = Duration.Zero });

        var disarm = site.Receive(PanelSignals.Disarm(), After(29));

        Assert.Equal(After(29), Assert.Single(disarm.Events.OfType<ImmediateStopConfirmed>()).At);
        Assert.Empty(site.State.RecentCancellations);
    }

    [Fact]
    [Trait("Rule", "ALR-3")]
    public void ALR_3_on_TOUT_INCLUS_the_immediate_stop_is_confirmed_by_voice_message_and_email()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus());

        var disarm = site.Receive(PanelSignals.Disarm(), After(29));
        // The confirmation waits for the cancellation to stand: no duress event within the grace (ALR-21).
        Assert.Empty(disarm.Events.OfType<ImmediateStopConfirmed>());
        Assert.Equal(After(39), site.State.NextDeadline);
        var stood = site.Tick(After(39));

        Assert.Equal([new CancellationStood("ti-1-A0001", After(39))], stood.Events.OfType<CancellationStood>());
        var confirmed = Assert.Single(stood.Events.OfType<ImmediateStopConfirmed>());
        Assert.Equal("ti-1-A0001", confirmed.AlertId);
        Assert.Equal(TestSites.Landline, confirmed.VoiceMessageTo);
        Assert.Equal([TestSites.Email], confirmed.EmailTo);
        Assert.Equal(After(39), confirmed.At);
        Assert.Empty(site.State.RecentCancellations);
    }

    [Fact]
    [Trait("Rule", "ALR-3")]
    public void ALR_3_without_landline_the_confirmation_goes_by_email_only()
    {
        var site = ArmedWithAlert(TestSites.ToutInclus() with { Landline = null });

        site.Receive(PanelSignals.Disarm(), After(29));
        var confirmed = Assert.Single(site.Tick(After(39)).Events.OfType<ImmediateStopConfirmed>());

        Assert.Null(confirmed.VoiceMessageTo);
        Assert.Equal([TestSites.Email], confirmed.EmailTo);
    }

    [Fact]
    [Trait("Rule", "ALR-3")]
    public void ALR_3_without_landline_nor_email_there_is_nothing_to_confirm_with()
    {
        var definition = TestSites.ToutInclus() with { Landline = null, Instructions = TestSites.Instructions() with { Emails = [] } };
        var site = ArmedWithAlert(definition);

        var disarm = site.Receive(PanelSignals.Disarm(), After(29));
        var stood = site.Tick(After(39));

        Assert.Single(disarm.Events.OfType<AlertCancelled>());
        Assert.Single(stood.Events.OfType<CancellationStood>());
        Assert.Empty(site.Log.OfType<ImmediateStopConfirmed>());
    }

    [Fact]
    [Trait("Rule", "ALR-3")]
    public void ALR_3_on_A_LA_CARTE_outside_PROTECT_plus_the_stop_is_not_confirmed()
    {
        var site = ArmedWithAlert(TestSites.ALaCarte());

        var disarm = site.Receive(PanelSignals.Disarm(), After(29));
        var stood = site.Tick(After(39));

        Assert.Single(disarm.Events.OfType<AlertCancelled>());
        Assert.Single(stood.Events.OfType<CancellationStood>());
        Assert.Empty(site.Log.OfType<ImmediateStopConfirmed>());
    }

    [Fact]
    [Trait("Rule", "ALR-3")]
    [Trait("Rule", "ALR-7")]
    public void ALR_3_on_A_LA_CARTE_inside_PROTECT_plus_the_stop_is_confirmed()
    {
        var station = new Station(TestSites.ALaCarte());
        station.StartProtectPlus(Clock.T0 - Duration.FromHours(2));
        station.Receive(PanelSignals.ArmTotal(), Clock.T0);
        station.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), AlertAt);

        station.Receive(PanelSignals.Disarm(), After(29));

        var confirmed = Assert.Single(station.Tick(After(39)).Events.OfType<ImmediateStopConfirmed>());
        Assert.Equal((TestSites.Landline, "alc-1-A0001"), (confirmed.VoiceMessageTo, confirmed.AlertId));
    }
}
