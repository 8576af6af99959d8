using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Tests;

/// <summary>
/// Panels with a primary and a backup receiver (issue 17, point 4), against two real DC-09 receivers on 127.0.0.1:
/// the primary first, the backup when the primary does not answer, the primary again later; dual reporting.
/// </summary>
public sealed class BackupReceiverTests
{
    private static readonly ReceiverFailover Quick = new()
    {
        AttemptsPerReceiver = 2,
        ReplyTimeout = TimeSpan.FromSeconds(2),
        ReturnToPrimaryAfter = TimeSpan.FromMinutes(1),
    };

    private sealed class Receiver : IAsyncDisposable
    {
        private WebApplication? _app;

        public required ReceiverOptions Options { get; init; }
        public IPEndPoint Endpoint => new(IPAddress.Loopback, Options.TcpPort);

        public static async Task<Receiver> StartAsync(int? port = null)
        {
            var receiver = new Receiver
            {
                Options = new ReceiverOptions
                {
                    DataDirectory = StationProcess.NewFolder("vigie-backup-receiver"),
                    BindAddress = "127.0.0.1",
                    TcpPort = port ?? Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
                    UdpPort = -1,
                    JournalSynchronous = "NORMAL",
                    PresenceFlushInterval = TimeSpan.Zero,
                },
            };
            await receiver.StartAgainAsync();
            return receiver;
        }

        public async Task StartAgainAsync()
        {
            _app = ReceiverHost.Build(Options, new HostSettings { HttpPort = -1, MinimumLogLevel = LogLevel.Error });
            await _app.StartAsync(TestContext.Current.CancellationToken);
        }

        /// <summary>Stops the receiver: its port refuses connections, an open connection is closed.</summary>
        public async Task StopAsync()
        {
            if (_app is { } app)
            {
                _app = null;
                await app.StopAsync(TestContext.Current.CancellationToken);
                await app.DisposeAsync();
            }
        }

        public ValueTask DisposeAsync() => new(StopAsync());
    }

    [Fact]
    public async Task A_panel_goes_on_with_its_backup_when_the_primary_stops_and_returns_to_the_primary_later()
    {
        await using var primary = await Receiver.StartAsync();
        await using var backup = await Receiver.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var panel = new PanelWithBackups(new PanelProfile { Account = "4410" }, [primary.Endpoint, backup.Endpoint], PanelTransport.Tcp, Quick, clock);

        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA012", TestContext.Current.CancellationToken)).Kind);
        Assert.Equal(primary.Endpoint, panel.LastAcknowledgedBy);

        await primary.StopAsync();
        var failedOver = await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA013", TestContext.Current.CancellationToken);
        Assert.Equal(ReplyKind.Ack, failedOver.Kind);
        Assert.Equal(backup.Endpoint, panel.LastAcknowledgedBy);
        Assert.True(failedOver.Attempts > Quick.AttemptsPerReceiver, $"{failedOver.Attempts} attempts: the primary was not tried first");

        // The primary is back, but the panel stays on the backup until ReturnToPrimaryAfter has passed.
        await primary.StartAgainAsync();
        var stayed = await panel.SendLinkTestAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ReplyKind.Ack, 1), (stayed.Kind, stayed.Attempts));
        Assert.Equal(backup.Endpoint, panel.LastAcknowledgedBy);

        clock.Advance(Quick.ReturnToPrimaryAfter);
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BR012", TestContext.Current.CancellationToken)).Kind);
        Assert.Equal(primary.Endpoint, panel.LastAcknowledgedBy);
    }

    [Fact]
    public async Task With_both_receivers_down_the_message_is_unanswered_after_trying_each()
    {
        var closed = new[] { FreeEndpoint(), FreeEndpoint() };
        await using var panel = new PanelWithBackups(new PanelProfile { Account = "4411" }, closed, PanelTransport.Tcp, Quick);
        var reply = await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/FA001", TestContext.Current.CancellationToken);
        Assert.Equal(ReplyKind.None, reply.Kind);
        Assert.Equal(2 * Quick.AttemptsPerReceiver, reply.Attempts);
        Assert.Null(panel.LastAcknowledgedBy);
    }

    [Fact]
    public async Task Dual_reporting_sends_every_message_to_both_receivers_and_one_of_them_is_enough()
    {
        await using var first = await Receiver.StartAsync();
        await using var second = await Receiver.StartAsync();
        await using var panel = new PanelWithBackups(new PanelProfile { Account = "4412" }, [first.Endpoint, second.Endpoint], PanelTransport.Tcp,
            Quick with { DualReporting = true });

        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA012", TestContext.Current.CancellationToken)).Kind);
        Assert.Equal([first.Endpoint, second.Endpoint], panel.LastAcknowledgedByAll);

        await first.StopAsync();
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA013", TestContext.Current.CancellationToken)).Kind);
        Assert.Equal([second.Endpoint], panel.LastAcknowledgedByAll);
    }

    [Fact]
    public async Task Vigie_simulate_sends_to_the_backup_receiver_when_the_primary_refuses()
    {
        await using var backup = await Receiver.StartAsync();
        var primary = FreeEndpoint();
        var (exit, output) = await VigieProcess.RunAsync("simulate", "--receiver", primary.ToString(), "--receiver", backup.Endpoint.ToString(),
            "--account", "4413", "--event", "Nri1/BA012", "--reply-timeout", "2");
        Assert.True(exit == 0, output);
        Assert.Contains($"Ack via {backup.Endpoint}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vigie_simulate_refuses_a_receiver_that_is_not_host_and_port()
    {
        var (exit, output) = await VigieProcess.RunAsync("simulate", "--receiver", "station-a", "--account", "4414", "--event", "Nri1/BA012");
        Assert.Equal(1, exit);
        Assert.Contains("--receiver station-a", output, StringComparison.Ordinal);
    }

    private static IPEndPoint FreeEndpoint() => new(IPAddress.Loopback, int.Parse(StationProcess.Port(), CultureInfo.InvariantCulture));
}
