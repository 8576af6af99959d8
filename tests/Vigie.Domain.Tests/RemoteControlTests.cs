using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>RC-1 remote control, RC-2 virtual remotes, RC-3 revocation: requests sent to the panel, confirmed by its signals.</summary>
public class RemoteControlTests
{
    private static readonly Actor Jeanne = Actor.Subscriber("sub-1");
    private static readonly string Hash1 = new('a', 64);

    // What the station's panel command makes a panel say back (SimulatedPanelCommands sends the same texts).
    private static SiteSignal PortalConfirmation(ArmingMode mode) => PanelSignals.Sia(mode switch
    {
        ArmingMode.Total => "Nri1/CQ^portal remote control^",
        ArmingMode.Partial => "Nri1/NL^portal remote control^",
        ArmingMode.Disarmed => "Nri1/OQ^portal remote control^",
    });

    private static SiteSignal RemoteConfirmation(ArmingMode mode) => PanelSignals.Sia(mode switch
    {
        ArmingMode.Total => "Nri1/CQ^virtual remote R0001^",
        ArmingMode.Partial => "Nri1/NL^virtual remote R0001^",
        ArmingMode.Disarmed => "Nri1/OQ^virtual remote R0001^",
    });

    [Fact]
    [Trait("Rule", "RC-6")]
    public void RC_6_a_virtual_remote_needs_the_panel_on_the_internet_box()
    {
        var gsmOnly = SiteHarness.Active(TestSites.ToutInclus() with { Panel = new Panel("0099", [new TransmissionPath(TransmissionKind.Gsm, Primary: true)]) });

        var refused = gsmOnly.Run(new CreateVirtualRemote("Mamie", null, Hash1, Jeanne, Clock.T0)).Refusal;

        Assert.Equal((RefusalKind.Conflict, RefusalCodes.SiteRemoteNeedsIp), (refused?.Kind, refused?.Code));
        Assert.Empty(gsmOnly.State.VirtualRemotes);
        Assert.False(SiteHarness.Active(TestSites.ToutInclus()).Run(new CreateVirtualRemote("Mamie", null, Hash1, Jeanne, Clock.T0)).IsRefused);
    }

    private static SiteHarness WithRemote(Instant? expiresAt = null, EngineRules? rules = null)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus(), rules);
        var created = site.Run(new CreateVirtualRemote("Mamie", expiresAt, Hash1, Jeanne, Clock.T0 - Duration.FromHours(1)));
        Assert.False(created.IsRefused, created.Refusal?.Detail);
        site.Log.Clear();
        return site;
    }

    [Theory]
    [Trait("Rule", "RC-1")]
    [InlineData(ArmingMode.Total)]
    [InlineData(ArmingMode.Partial)]
    [InlineData(ArmingMode.Disarmed)]
    public void RC_1_confirmation_texts_read_as_the_channel_that_asked(ArmingMode mode)
    {
        Assert.Equal(ArmingChannel.RemoteControl, PortalConfirmation(mode).Channel);
        Assert.Equal(ArmingChannel.VirtualRemote, RemoteConfirmation(mode).Channel);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public void RC_1_an_undefined_mode_is_refused_naming_the_field()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new RequestArming((ArmingMode)42, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0));

        Assert.True(decision.IsRefused);
        Assert.StartsWith("mode:", decision.Refusal?.Detail);
        Assert.Null(site.State.PendingArming);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public void RC_1_a_portal_request_waits_for_the_panel_until_its_confirmation_deadline()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new RequestArming(ArmingMode.Partial, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0));

        var requested = Assert.IsType<ArmingRequested>(Assert.Single(decision.Events));
        Assert.Equal(("ti-1-Q0001", ArmingMode.Partial, ArmingChannel.RemoteControl, "subscriber:sub-1", Clock.Seconds(60)),
            (requested.RequestId, requested.Mode, requested.Channel, requested.RequestedBy, requested.ExpiresAt));
        Assert.Equal(ArmingMode.Disarmed, site.State.Arming.Mode); // nothing changes until the panel says so
        Assert.Equal(requested.RequestId, site.State.PendingArming?.RequestId);
        Assert.Equal(Clock.Seconds(60), site.State.NextDeadline);
        Assert.Equal("arm partial requested from the portal by subscriber:sub-1: sent to the panel (request ti-1-Q0001)", requested.Describe());
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public void RC_1_the_panel_confirmation_records_the_requester_and_the_channel()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Run(new RequestArming(ArmingMode.Partial, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0));

        var decision = site.Receive(PortalConfirmation(ArmingMode.Partial), Clock.Seconds(3));

        var changed = Assert.Single(decision.Events.OfType<ArmingChanged>());
        Assert.Equal((ArmingMode.Partial, ArmingChannel.RemoteControl, "ti-1-Q0001", "subscriber:sub-1"),
            (changed.Mode, changed.Channel, changed.RequestId, changed.RequestedBy));
        Assert.Contains("armed partial from the portal by subscriber:sub-1", changed.Describe());
        Assert.Equal(new Arming(ArmingMode.Partial, Clock.Seconds(3), null, ArmingChannel.RemoteControl), site.State.Arming);
        Assert.Null(site.State.PendingArming);
        Assert.Empty(site.Tick(Clock.Seconds(61)).Events.OfType<ArmingRequestExpired>());
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public void RC_1_a_change_of_another_mode_does_not_confirm_the_request()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0));

        var changed = Assert.Single(site.Receive(PanelSignals.ArmPartial(2), Clock.Seconds(3)).Events.OfType<ArmingChanged>());

        Assert.Null(changed.RequestId);
        Assert.NotNull(site.State.PendingArming);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public void RC_1_without_confirmation_the_request_expires_at_its_deadline()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus(), new EngineRules { ArmingConfirmWindow = Duration.FromSeconds(45) });
        site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0));

        Assert.Empty(site.Tick(Clock.Seconds(44)).Events.OfType<ArmingRequestExpired>());
        var expired = Assert.Single(site.Tick(Clock.Seconds(45)).Events.OfType<ArmingRequestExpired>());

        Assert.Equal("ti-1-Q0001", expired.RequestId);
        Assert.Contains("the panel did not confirm", expired.Describe());
        Assert.Null(site.State.PendingArming);
        Assert.Equal(ArmingMode.Disarmed, site.State.Arming.Mode);
        // A late confirmation is an ordinary change, not the request's.
        Assert.Null(Assert.Single(site.Receive(PortalConfirmation(ArmingMode.Total), Clock.Seconds(50)).Events.OfType<ArmingChanged>()).RequestId);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public void RC_1_requests_are_refused_with_the_field_named()
    {
        var unprovisioned = new SiteHarness();
        Assert.Equal("the site is not provisioned",
            unprovisioned.Run(new RequestArming(ArmingMode.Total, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0)).Refusal?.Detail);

        var site = SiteHarness.Active(TestSites.ToutInclus());
        Assert.StartsWith("channel:", site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.Keypad, null, Jeanne, Clock.T0)).Refusal?.Detail);
        Assert.StartsWith("mode: the site is already disarmed", site.Run(new RequestArming(ArmingMode.Disarmed, ArmingChannel.RemoteControl, null, Jeanne, Clock.T0)).Refusal?.Detail);
        Assert.StartsWith("remoteId:", site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.VirtualRemote, null, Jeanne, Clock.T0)).Refusal?.Detail);
        Assert.StartsWith("remote: no virtual remote R0009", site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.VirtualRemote, "R0009", Jeanne, Clock.T0)).Refusal?.Detail);
        Assert.Empty(site.Log);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    [Trait("Rule", "ALR-2")]
    public void RC_1_ALR_2_a_disarm_confirmed_for_a_virtual_remote_cancels_the_pending_alert()
    {
        var site = WithRemote();
        site.Receive(PanelSignals.ArmTotal(), Clock.T0);
        site.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), Clock.Seconds(10));
        var holder = Actor.RemoteHolder("ti-1", "R0001");

        site.Run(new RequestArming(ArmingMode.Disarmed, ArmingChannel.VirtualRemote, "R0001", holder, Clock.Seconds(15)));
        var disarm = site.Receive(RemoteConfirmation(ArmingMode.Disarmed), Clock.Seconds(20));

        var cancelled = Assert.Single(disarm.Events.OfType<AlertCancelled>());
        Assert.Equal(ArmingChannel.VirtualRemote, cancelled.Channel);
        Assert.Contains("disarmed by virtual remote 'Mamie' (R0001) (requested by remoteholder:ti-1/R0001", disarm.Events.OfType<ArmingChanged>().Single().Describe());
        Assert.Empty(site.State.PendingAlerts);
        Assert.Empty(site.Tick(Clock.Seconds(60)).Events.OfType<IncidentOpened>());
    }

    [Fact]
    [Trait("Rule", "RC-2")]
    public void RC_2_any_number_of_virtual_remotes_numbered_per_site()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        for (var i = 1; i <= 25; i++)
        {
            var created = site.Run(new CreateVirtualRemote($"Relative {i}", Clock.T0 + Duration.FromDays(30), i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), Jeanne, Clock.T0));
            Assert.False(created.IsRefused, created.Refusal?.Detail);
        }

        Assert.Equal(25, site.State.VirtualRemotes.Count);
        Assert.Equal(["R0001", "R0025"], new[] { site.State.VirtualRemotes[0].RemoteId, site.State.VirtualRemotes[^1].RemoteId });
        Assert.DoesNotContain(new string('0', 63) + "1", site.Log.OfType<VirtualRemoteCreated>().First().Describe());
    }

    [Theory]
    [Trait("Rule", "RC-2")]
    [InlineData("", null, "name:")]
    [InlineData("   ", null, "name:")]
    [InlineData("a name of more than sixty characters, which is far too long for a remote", null, "name:")]
    [InlineData("Mamie", -1.0, "expiresAt:")]
    public void RC_2_a_remote_needs_a_name_and_a_future_expiry(string name, double? expiresInHours, string field)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var expires = expiresInHours is { } h ? Clock.T0 + Duration.FromHours(h) : (Instant?)null;

        Assert.StartsWith(field, site.Run(new CreateVirtualRemote(name, expires, Hash1, Jeanne, Clock.T0)).Refusal?.Detail);
        Assert.StartsWith("tokenHash:", site.Run(new CreateVirtualRemote("Mamie", null, "not-a-hash", Jeanne, Clock.T0)).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "RC-2")]
    public void RC_2_a_virtual_remote_use_is_recorded_and_confirmed_by_the_panel()
    {
        var site = WithRemote();
        var holder = Actor.RemoteHolder("ti-1", "R0001");

        var decision = site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.VirtualRemote, "R0001", holder, Clock.T0));

        Assert.Equal([typeof(VirtualRemoteUsed), typeof(ArmingRequested)], decision.Events.Select(e => e.GetType()));
        Assert.Contains("used to arm total: accepted", decision.Events[0].Describe());
        var changed = Assert.Single(site.Receive(RemoteConfirmation(ArmingMode.Total), Clock.Seconds(2)).Events.OfType<ArmingChanged>());
        Assert.Equal(("R0001", "Mamie", ArmingChannel.VirtualRemote), (changed.RemoteId, changed.RemoteName, changed.Channel));
        Assert.Contains("armed total by virtual remote 'Mamie'", changed.Describe());
        Assert.Equal(new RemoteUse(Clock.T0, ArmingMode.Total, null), Assert.Single(site.State.VirtualRemotes[0].Uses));
    }

    [Fact]
    [Trait("Rule", "RC-2")]
    public void RC_2_an_expired_remote_is_refused_and_the_attempt_recorded()
    {
        var site = WithRemote(expiresAt: Clock.T0 + Duration.FromHours(1));

        var decision = site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.VirtualRemote, "R0001", Actor.RemoteHolder("ti-1", "R0001"), Clock.T0 + Duration.FromHours(2)));

        Assert.True(decision.IsRefused);
        Assert.StartsWith("remote: expired at", decision.Refusal?.Detail);
        var used = Assert.IsType<VirtualRemoteUsed>(Assert.Single(decision.Events));
        Assert.Equal(decision.Refusal?.Detail, used.Refusal);
        Assert.Null(site.State.PendingArming);
        Assert.False(Assert.Single(site.State.VirtualRemotes[0].Uses).Accepted);
    }

    [Fact]
    [Trait("Rule", "RC-3")]
    public void RC_3_a_revoked_remote_is_refused_at_once_and_the_attempt_recorded()
    {
        var site = WithRemote();

        var revoked = site.Run(new RevokeVirtualRemote("R0001", RevocationReason.Revoked, null, Jeanne, Clock.T0));
        var attempt = site.Run(new RequestArming(ArmingMode.Disarmed, ArmingChannel.VirtualRemote, "R0001", Actor.RemoteHolder("ti-1", "R0001"), Clock.Seconds(1)));

        Assert.IsType<VirtualRemoteRevoked>(Assert.Single(revoked.Events)); // a plain revocation reports nothing lost
        Assert.StartsWith("remote: revoked at", attempt.Refusal?.Detail);
        Assert.Contains("refused (remote: revoked at", Assert.IsType<VirtualRemoteUsed>(Assert.Single(attempt.Events)).Describe());
        Assert.StartsWith("remoteId: R0001 was already revoked", site.Run(new RevokeVirtualRemote("R0001", RevocationReason.Lost, null, Jeanne, Clock.Seconds(2))).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "RC-3")]
    [Trait("Rule", "INS-5")]
    public void RC_3_INS_5_revoking_a_stolen_remote_reports_the_phone_and_reminds_the_deadline()
    {
        var site = WithRemote();
        var noticed = Clock.T0 - Duration.FromHours(5);

        var decision = site.Run(new RevokeVirtualRemote("R0001", RevocationReason.Stolen, noticed, Jeanne, Clock.T0));

        Assert.Equal([typeof(VirtualRemoteRevoked), typeof(LostDeviceReported), typeof(SubscriberNotified)], decision.Events.Select(e => e.GetType()));
        var report = (LostDeviceReported)decision.Events[1];
        Assert.Equal((LostDeviceKind.Phone, noticed, noticed + Duration.FromHours(48)), (report.Kind, report.NoticedAt, report.ReplaceBy));
        // The station describes the phone: typed for the history and the reminder in the reader's language.
        Assert.Equal("LostDevice.RemotePhone.Stolen", report.What?.Key);
        var reminder = (SubscriberNotified)decision.Events[2];
        Assert.Equal(("R0001", RefusalValue.Named(RevocationReason.Stolen).Name), (reminder.Facts[9].Text, reminder.Facts[11].Name));
    }

    [Fact]
    [Trait("Rule", "RC-3")]
    [Trait("Rule", "INS-5")]
    public void RC_3_INS_5_revoking_a_lost_remote_reports_the_phone_without_a_deadline()
    {
        var site = WithRemote();

        var decision = site.Run(new RevokeVirtualRemote("R0001", RevocationReason.Lost, null, Jeanne, Clock.T0));

        Assert.Equal([typeof(VirtualRemoteRevoked), typeof(LostDeviceReported)], decision.Events.Select(e => e.GetType()));
        Assert.Null(((LostDeviceReported)decision.Events[1]).ReplaceBy);
    }
}
