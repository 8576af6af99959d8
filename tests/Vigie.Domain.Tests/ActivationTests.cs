using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>CON-7: telesurveillance starts only once every activation step is confirmed.</summary>
public class ActivationTests
{
    private static readonly ActivationStep[] Steps = Enum.GetValues<ActivationStep>();

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_alarms_raise_no_alert_before_every_step_is_confirmed()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);
        site.Run(new ConfirmActivationStep(ActivationStep.Subscribed, Actor.System, Clock.T0));
        site.Run(new ConfirmActivationStep(ActivationStep.InstructionsValidated, Actor.System, Clock.T0));

        var intrusion = site.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.Seconds(10));
        var smoke = site.Receive(PanelSignals.Smoke(), Clock.Seconds(20));

        Assert.Equal(
            new AlarmNotRaised(AlertKind.Intrusion, 2, "telesurveillance has not started (missing: EquipmentConnected, ConnectionConfirmed, CodeDefined)", Clock.Seconds(10)),
            Assert.Single(intrusion.Events.OfType<AlarmNotRaised>()));
        Assert.Single(smoke.Events.OfType<AlarmNotRaised>());
        Assert.Empty(site.Log.OfType<AlertRaised>());
        Assert.Empty(site.Log.OfType<IncidentOpened>());
        Assert.Empty(site.State.PendingAlerts);
    }

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_surveillance_starts_with_the_last_step_whatever_the_order()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());
        site.Receive(PanelSignals.PeriodicTest, Clock.T0);

        foreach (var step in Steps.Skip(1).Reverse())
        {
            var decision = site.Run(new ConfirmActivationStep(step, Actor.System, Clock.Seconds(1)));
            Assert.Equal([new ActivationStepConfirmed(step, Clock.Seconds(1))], decision.Events);
            Assert.False(site.State.SurveillanceActive);
        }
        var last = site.Run(new ConfirmActivationStep(Steps[0], Actor.System, Clock.Seconds(2)));

        Assert.Equal([new ActivationStepConfirmed(Steps[0], Clock.Seconds(2)), new SurveillanceStarted(Clock.Seconds(2))], last.Events);
        Assert.True(site.State.SurveillanceActive);
        Assert.Empty(site.State.MissingActivationSteps);
    }

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_once_started_an_alarm_raises_an_alert()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);

        var intrusion = site.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.Seconds(10));

        Assert.Single(intrusion.Events.OfType<AlertRaised>());
    }

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_code_defined_is_refused_without_an_identification_code()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus() with { Instructions = TestSites.Instructions(codes: false) });

        var decision = site.Run(new ConfirmActivationStep(ActivationStep.CodeDefined, Actor.System, Clock.T0));

        Assert.Equal("activation: no identification code is defined yet (CON-7)", decision.Refusal?.Detail);
        Assert.DoesNotContain(ActivationStep.CodeDefined, site.State.Activation);
    }

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_code_defined_is_accepted_once_the_code_is_changed_with_the_station()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus() with { Instructions = TestSites.Instructions(codes: false) });
        site.Run(new ChangeIdentificationCode(TestSites.Code, TestSites.CodeHash, Actor.Subscriber("sub-1"), Clock.T0));

        var decision = site.Run(new ConfirmActivationStep(ActivationStep.CodeDefined, Actor.System, Clock.Seconds(1)));

        Assert.Equal([new ActivationStepConfirmed(ActivationStep.CodeDefined, Clock.Seconds(1))], decision.Events);
    }

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_surveillance_starts_only_once_the_station_confirms_the_connection()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());
        foreach (var step in Enum.GetValues<ActivationStep>().Where(s => s != ActivationStep.ConnectionConfirmed))
        {
            site.Run(new ConfirmActivationStep(step, Actor.System, Clock.T0));
        }

        var before = site.Run(new ConfirmActivationStep(ActivationStep.CodeDefined, Actor.System, Clock.Seconds(1)));
        var started = site.Run(new ConfirmActivationStep(ActivationStep.ConnectionConfirmed, Actor.Operator("tech"), Clock.Seconds(6)));

        Assert.Empty(before.Events);
        Assert.Contains(started.Events, e => e is SurveillanceStarted);
    }

    [Fact]
    [Trait("Rule", "CON-7")]
    public void CON_7_a_step_confirmed_twice_changes_nothing()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());
        site.Run(new ConfirmActivationStep(ActivationStep.Subscribed, Actor.System, Clock.T0));

        var again = site.Run(new ConfirmActivationStep(ActivationStep.Subscribed, Actor.System, Clock.Seconds(1)));

        Assert.False(again.IsRefused);
        Assert.Empty(again.Events);
    }
}
