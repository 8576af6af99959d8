using System.Net;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station.Engine;

namespace Vigie.Station.Tests;

/// <summary>A plain message for an account with a key is anyone's forgery: the engine never acts on it.</summary>
public class PlainFrameTests
{
    private const string Key = "0123456789ABCDEF";

    [Fact]
    public async Task Plain_disarm_for_an_account_with_a_key_is_refused_and_not_acted_on()
    {
        await using var station = await EngineUnderTest.StartAsync();
        var site = Sites.Of("KEY-1", "2090", OfferCode.ToutInclus);
        var provisioned = await station.Desk.ProvisionAsync(site, "1234", "9999", Enum.GetValues<ActivationStep>(), Actor.System,
            new AccountRecord { Account = "2090", Key = Key });
        Assert.True(provisioned.Accepted, provisioned.Refusal?.Detail);
        using var key = Dc09Key.Parse(Key, Dc09KeyFormat.Ascii);
        var endpoint = new IPEndPoint(IPAddress.Loopback, station.Receiver.TcpPort);
        // The real panel encrypts (its first try is NAKed with the station's fake time, it resynchronises and resends).
        await using var panel = new SimulatedPanel(new PanelProfile { Account = "2090", Key = key }, endpoint, PanelTransport.Tcp) { ReplyTimeout = TimeSpan.FromSeconds(10) };
        await station.SendAsync(panel, "CL001");
        Assert.Equal(ArmingMode.Total, (await station.SiteAsync("KEY-1")).Arming);

        // The burglar's plain "disarm", as in the issue: no key, answered NAK.
        await using var forger = new SimulatedPanel(new PanelProfile { Account = "2090", StampPlainMessages = false }, endpoint, PanelTransport.Tcp)
        {
            ReplyTimeout = TimeSpan.FromSeconds(10),
            MaxAttempts = 1,
        };
        Assert.Equal(ReplyKind.Nak, (await forger.SendEventAsync(Dc09Token.SiaDcs, "Nri1/OP001")).Kind);
        Assert.Equal(ReplyKind.Nak, (await forger.SendLinkTestAsync()).Kind);

        // Kept where the station can see it, and read past by the engine without effect.
        var journal = new JournalQuery(station.Receiver.DatabasePath).List("2090");
        Assert.Equal(2, journal.Count(s => s.Status == SignalStatus.PlainRefused));
        var last = journal.Max(s => s.Id);
        await EngineUnderTest.Until(() => Task.FromResult(station.Feed.Cursor >= last), $"engine read journal row {last}");
        var status = await station.SiteAsync("KEY-1");
        Assert.Equal(ArmingMode.Total, status.Arming);
        var history = await station.Desk.SiteHistoryAsync("KEY-1");
        Assert.Single(history!, e => e.Type == nameof(ArmingChanged));
    }
}
