using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-17: only a disarm by an identified person cancels an alert in the 30-s window of ALR-2.</summary>
public class IdentifiedDisarmTests
{
    private static Instant After(double seconds) => CancellationWindowTests.AlertAt + Duration.FromSeconds(seconds);

    private static SiteHarness ArmedWithAlert() => CancellationWindowTests.ArmedWithAlert(TestSites.ToutInclus());

    [Theory]
    [Trait("Rule", "ALR-17")]
    [InlineData("Nri1/OA", ArmingChannel.Automatic)]
    [InlineData("Nri1/OS003", ArmingChannel.KeySwitch)]
    public void ALR_17_an_automatic_or_key_switch_disarm_in_the_window_does_not_cancel_and_the_incident_opens_at_its_end(string disarm, ArmingChannel channel)
    {
        var site = ArmedWithAlert();

        var decision = site.Receive(PanelSignals.Sia(disarm), After(10));

        Assert.Empty(decision.Events.OfType<AlertCancelled>());
        Assert.Equal(new DisarmDidNotCancel("ti-1-A0001", channel, After(10)), Assert.Single(decision.Events.OfType<DisarmDidNotCancel>()));
        Assert.Equal(ArmingMode.Disarmed, site.State.Arming.Mode);
        Assert.Single(site.State.PendingAlerts);

        site.Tick(After(32));

        Assert.Single(site.Log.OfType<IncidentOpened>());
    }

    [Fact]
    [Trait("Rule", "ALR-17")]
    public void ALR_17_a_keypad_disarm_without_a_user_number_identifies_nobody()
    {
        var site = ArmedWithAlert();

        var decision = site.Receive(PanelSignals.Sia("Nri1/OP"), After(5));

        Assert.Empty(decision.Events.OfType<AlertCancelled>());
        Assert.Single(decision.Events.OfType<DisarmDidNotCancel>());
    }

    [Theory]
    [Trait("Rule", "ALR-17")]
    [InlineData("Nri1/OP004", ArmingChannel.Keypad)]
    [InlineData("Nri1/OP003^Badge 2^", ArmingChannel.Badge)]
    [InlineData("Nri1/OP006|Atelecommande 1", ArmingChannel.Remote)]
    [InlineData("Nri1/OQ007", ArmingChannel.RemoteControl)]
    public void ALR_17_a_personal_code_a_badge_a_remote_or_the_portal_cancels(string disarm, ArmingChannel channel)
    {
        var site = ArmedWithAlert();

        var decision = site.Receive(PanelSignals.Sia(disarm), After(10));

        Assert.Equal(channel, Assert.Single(decision.Events.OfType<AlertCancelled>()).Channel);
        Assert.Empty(decision.Events.OfType<DisarmDidNotCancel>());
        Assert.Empty(site.State.PendingAlerts);
    }
}
