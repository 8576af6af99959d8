using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Receiver;
using Vigie.Station.Api;
using Vigie.Station.Engine;
using Vigie.Station.Ports;
using Vigie.Station.Simulator;
using Vigie.Storage;

namespace Vigie.Station.Tests;

/// <summary>
/// RC-1 … RC-5 through the real engine: the desk's request goes to the simulated panel, which answers over a real DC-09
/// TCP connection to the station's receiver; the site reads that answer as any panel signal.
/// </summary>
public sealed class RemoteControlTests
{
    private static async Task<SiteStatus> ArmedAsync(EngineUnderTest station, string siteId, ArmingMode mode)
    {
        SiteStatus? status = null;
        await EngineUnderTest.Until(async () => (status = await station.SiteAsync(siteId)).Arming == mode, $"{siteId} {mode}");
        return status!;
    }

    private static async Task<IReadOnlyList<TimelineEntry>> HistoryAsync(EngineUnderTest station, string siteId) =>
        await station.Desk.SiteHistoryAsync(siteId) ?? throw new InvalidOperationException($"no history for {siteId}");

    [Fact]
    [Trait("Rule", "RC-1")]
    [Trait("Rule", "RC-5")]
    public async Task RC_1_portal_arm_partial_is_confirmed_by_the_panel_over_DC_09_and_named_in_the_history()
    {
        await using var station = await EngineUnderTest.StartAsync(configure: o => o.ArmingNoticeSmsPrice = 0.10m);
        await station.ProvisionAsync(Sites.Of("RC-1", "3001", OfferCode.ToutInclus));
        var subscriber = Actor.Subscriber("SUB-RC-1");
        var choices = new ArmingNoticeChoices(new NoticeChannels(Email: true, App: true, Sms: true), NoticeChannels.None);
        Assert.True((await station.Desk.ChangeArmingNoticesAsync("RC-1", choices, subscriber)).Accepted);

        var requested = await station.Desk.RequestArmingAsync("RC-1", ArmingMode.Partial, subscriber);

        Assert.True(requested.Accepted, requested.Refusal?.Detail);
        var status = await ArmedAsync(station, "RC-1", ArmingMode.Partial);
        Assert.Equal((ArmingChannel.RemoteControl, "SUB-RC-1"), (status.ArmingChannel, status.SubscriberId));
        Assert.Null(status.PendingArming);
        Assert.Equal(choices, status.ArmingNotices);
        var history = await HistoryAsync(station, "RC-1");
        Assert.Contains(history, e => e.Type == nameof(ArmingRequested) && e.Actor == "subscriber:SUB-RC-1");
        Assert.Contains(history, e => e.Type == nameof(ArmingChanged) && e.Text.Contains("armed partial from the portal by subscriber (request ", StringComparison.Ordinal));
        Assert.Equal("RC-1-Q0001", Assert.Single(station.Services.GetRequiredService<SimulatedPanelCommands>().Handled()).RequestId);
        Assert.Empty(await station.Services.GetRequiredService<PanelCommandQueue>().PendingAsync());
        // RC-5: email, app and a billed SMS.
        // The three channels are sent one after the other: each is awaited, none is assumed by the time another arrived.
        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Any(m => m.Subject == "Vigie\u202f: alarme en service partiel")), "the arming email");
        await EngineUnderTest.Until(() => Task.FromResult(station.Phones.Outbox().Any(m => m.Channel == "sms" && m.To == Sites.Subscriber.Value
            && m.Text.Contains("mise en service partielle", StringComparison.Ordinal))), "the arming SMS");
        await EngineUnderTest.Until(() => Task.FromResult(station.Phones.Outbox().Any(m => m.Channel == "app" && m.To == "SUB-RC-1")), "the app notice");
        var charge = Assert.Single(await station.Desk.ChargesAsync(), c => c.Charge.Fee == Fee.ArmingNoticeSms);
        Assert.Equal(0.10m, charge.Charge.Amount);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public async Task RC_1_a_request_the_panel_does_not_confirm_expires()
    {
        await using var station = await EngineUnderTest.StartAsync(configure: o => o.ArmingConfirmSeconds = 30);
        await station.ProvisionAsync(Sites.Of("RC-9", "3009", OfferCode.ToutInclus));
        // The receiver forgets the account: the simulated panel cannot be heard, as a panel out of reach.
        station.Services.GetRequiredService<Receiver.Accounts.AccountStore>().Remove("3009");

        Assert.True((await station.Desk.RequestArmingAsync("RC-9", ArmingMode.Total, Actor.Subscriber("SUB-RC-9"))).Accepted);
        Assert.NotNull((await station.SiteAsync("RC-9")).PendingArming);
        station.Advance(NodaTime.Duration.FromSeconds(31));

        await EngineUnderTest.Until(async () => (await HistoryAsync(station, "RC-9")).Any(e => e.Type == nameof(ArmingRequestExpired)), "the request expired");
        var status = await station.SiteAsync("RC-9");
        Assert.Equal(ArmingMode.Disarmed, status.Arming);
        Assert.Null(status.PendingArming);
        Assert.Contains(await HistoryAsync(station, "RC-9"), e => e.Text.Contains("the panel did not confirm", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "RC-2")]
    [Trait("Rule", "RC-3")]
    public async Task RC_2_RC_3_a_virtual_remote_disarms_then_once_revoked_is_refused_and_the_attempt_is_in_the_history()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("RC-2", "3002", OfferCode.ToutInclus));
        var subscriber = Actor.Subscriber("SUB-RC-2");
        await using var panel = station.Panel("3002");
        await station.SendAsync(panel, "CL001");

        var (created, remoteId, token) = await station.Desk.CreateVirtualRemoteAsync("RC-2", "Mamie", station.Now + NodaTime.Duration.FromDays(30), subscriber);
        Assert.True(created.Accepted, created.Refusal?.Detail);
        Assert.Equal("R0001", remoteId);
        Assert.StartsWith("vr1.RC-2.R0001.", token);
        Assert.Equal(new RemoteGrant("RC-2", "R0001", "Mamie"), await station.Desk.ResolveRemoteAsync(token!));

        var used = await station.Desk.UseRemoteAsync(token!, ArmingMode.Disarmed);
        Assert.True(used.Accepted, used.Refusal?.Detail);
        var status = await ArmedAsync(station, "RC-2", ArmingMode.Disarmed);
        Assert.Equal(ArmingChannel.VirtualRemote, status.ArmingChannel);
        Assert.Contains(await HistoryAsync(station, "RC-2"), e => e.Text.Contains("disarmed by virtual remote 'Mamie'", StringComparison.Ordinal)
            && e.Text.Contains("requested by virtual remote RC-2/R0001", StringComparison.Ordinal));

        Assert.True((await station.Desk.RevokeVirtualRemoteAsync("RC-2", "R0001", RevocationReason.Lost, null, subscriber)).Accepted);
        Assert.Null(await station.Desk.ResolveRemoteAsync(token!));
        var refused = await station.Desk.UseRemoteAsync(token!, ArmingMode.Total);

        Assert.False(refused.Accepted);
        Assert.StartsWith("remote: revoked at", refused.Refusal?.Detail);
        var history = await HistoryAsync(station, "RC-2");
        Assert.Contains(history, e => e.Type == nameof(VirtualRemoteUsed) && e.Actor == "remoteholder:RC-2/R0001" && e.Text.Contains(Vigie.Station.Texts.StepText.Refusal(refused.Refusal), StringComparison.Ordinal));
        Assert.Contains(history, e => e.Type == nameof(LostDeviceReported)); // lost: INS-5 report
        var view = Assert.Single((await station.Desk.VirtualRemotesAsync("RC-2"))!);
        Assert.Equal(["accepted", "refused"], view.Uses.Select(u => u.Outcome));
        Assert.Equal(RevocationReason.Lost, view.RevocationReason);
        Assert.Single((await station.SiteAsync("RC-2")).LostDevices);
        // Neither the token nor its secret is stored; only its hash, and never shown.
        var secret = token!.Split('.')[^1];
        var stored = await station.Services.GetRequiredService<IEventLog>().ReadStreamAsync("site-RC-2");
        Assert.DoesNotContain(stored, e => e.Data.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(VirtualRemoteTokens.Hash(token), EventCodec.Json(view));
        Assert.DoesNotContain(VirtualRemoteTokens.Hash(token), EventCodec.Json(await station.SiteAsync("RC-2")));
    }

    [Fact]
    [Trait("Rule", "RC-2")]
    public async Task RC_2_a_token_for_one_site_cannot_act_on_another()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("RC-A", "3003", OfferCode.ToutInclus));
        await station.ProvisionAsync(Sites.Of("RC-B", "3004", OfferCode.ToutInclus));
        var (_, _, tokenA) = await station.Desk.CreateVirtualRemoteAsync("RC-A", "Léa", null, Actor.Subscriber("SUB-RC-A"));
        var (_, _, tokenB) = await station.Desk.CreateVirtualRemoteAsync("RC-B", "Paul", null, Actor.Subscriber("SUB-RC-B"));
        Assert.NotNull(tokenA);
        Assert.NotNull(tokenB);

        var tampered = tokenA!.Replace("vr1.RC-A.", "vr1.RC-B.", StringComparison.Ordinal);
        var forged = string.Join('.', tokenB!.Split('.')[..3]) + "." + new string('A', 43);

        foreach (var token in new[] { tampered, forged, "vr1.RC-B.R0001", "not a token", "" })
        {
            Assert.Null(await station.Desk.ResolveRemoteAsync(token));
            var result = await station.Desk.UseRemoteAsync(token, ArmingMode.Total);
            Assert.False(result.Accepted);
            Assert.Equal("token: not a valid virtual remote", result.Refusal?.Detail);
        }
        Assert.DoesNotContain(await HistoryAsync(station, "RC-B"), e => e.Type is nameof(VirtualRemoteUsed) or nameof(ArmingRequested));
        Assert.Equal(ArmingMode.Disarmed, (await station.SiteAsync("RC-B")).Arming);
        Assert.Equal(new RemoteGrant("RC-A", "R0001", "Léa"), await station.Desk.ResolveRemoteAsync(tokenA));
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    public async Task RC_1_a_panel_command_unsent_at_a_stop_is_sent_at_the_restart()
    {
        var unplugged = true;
        await using var station = await EngineUnderTest.StartAsync(keepData: false, build: (receiver, engine, settings) =>
        {
            var builder = ReceiverHost.CreateBuilder(receiver, settings);
            builder.AddVigieStation(receiver, engine);
            if (unplugged)
            {
                builder.Services.AddSingleton<IPanelCommands, UnpluggedPanelLink>();
            }
            var app = builder.Build();
            ReceiverHost.MapEndpoints(app, receiver);
            app.MapStationEndpoints();
            return app;
        });
        await station.ProvisionAsync(Sites.Of("RC-R", "3005", OfferCode.ToutInclus));

        Assert.True((await station.Desk.RequestArmingAsync("RC-R", ArmingMode.Total, Actor.Subscriber("SUB-RC-R"))).Accepted);
        Assert.Equal("RC-R-Q0001", Assert.Single(await station.Services.GetRequiredService<PanelCommandQueue>().PendingAsync()).RequestId);
        unplugged = false;
        await station.RestartAsync();

        var status = await ArmedAsync(station, "RC-R", ArmingMode.Total);
        Assert.Equal(ArmingChannel.RemoteControl, status.ArmingChannel);
        Assert.Empty(await station.Services.GetRequiredService<PanelCommandQueue>().PendingAsync());
        Assert.Contains(await HistoryAsync(station, "RC-R"), e => e.Text.Contains("armed total from the portal by subscriber (request ", StringComparison.Ordinal));
    }

    /// <summary>A panel link that is down: every command stays in the queue.</summary>
    private sealed class UnpluggedPanelLink : IPanelCommands
    {
        public Task SendAsync(PanelCommand command, CancellationToken ct) => throw new IOException("panel link down");
    }
}
