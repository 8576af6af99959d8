using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Tests;

/// <summary>
/// The receiver's promise: a panel that saw its message acknowledged can count on it being in the journal.
/// A real `vigie serve` on the embedded store (SQLite, synchronous=FULL) under load is killed with SIGKILL at random
/// moments, 50 times, and restarted; every signal it acknowledged must be in the journal.
/// </summary>
public class CrashTests
{
    private const int Kills = 50;
    private const int Panels = 24;

    [Fact]
    public async Task Every_acknowledged_signal_survives_sigkill_of_the_station()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var accounts = Enumerable.Range(0, Panels).Select(i => (5000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        var csv = Path.Combine(data, "accounts.csv");
        File.WriteAllLines(csv, ["account,receiver,line,key,key_format", .. accounts.Select((a, i) => i % 3 == 0 ? $"{a},,,0123456789ABCDEF,ascii" : $"{a},,,,")]);
        var import = await VigieProcess.RunAsync("accounts", "import", "--data", data, csv);
        Assert.True(import.ExitCode == 0, import.Output);

        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var tcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var udpPort = Loopback.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var panels = accounts.Select((a, i) => new SimulatedPanel(
            new PanelProfile { Account = a, Key = i % 3 == 0 ? key : null },
            new IPEndPoint(IPAddress.Loopback, i % 4 == 3 ? udpPort : tcpPort),
            i % 4 == 3 ? PanelTransport.Udp : PanelTransport.Tcp)
        {
            ReplyTimeout = TimeSpan.FromSeconds(2),
            MaxAttempts = 1,
        }).ToArray();

        var acknowledged = new ConcurrentBag<string>();
        var counter = 0;
        var random = new Random(2026);
        var totalSent = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            using var station = VigieProcess.Start("serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", tcpPort.ToString(CultureInfo.InvariantCulture),
                "--dc09-udp", udpPort.ToString(CultureInfo.InvariantCulture), "--http", "-1", "--quiet");
            await Loopback.WaitForTcpPort(tcpPort, TimeSpan.FromSeconds(60));
            using var load = new CancellationTokenSource();
            var senders = panels.Select(panel => Task.Run(async () =>
            {
                while (!load.IsCancellationRequested)
                {
                    // Each message is unique, so the journal can be checked message by message.
                    var payload = $"Nri1/BA001^m{Interlocked.Increment(ref counter)}^";
                    var reply = await panel.SendEventAsync(Dc09Token.SiaDcs, payload);
                    Interlocked.Increment(ref totalSent);
                    if (reply.Kind == ReplyKind.Ack)
                    {
                        acknowledged.Add($"#{panel.Profile.Account}|{payload}");
                    }
                }
            })).ToArray();
            // Most of a round is the station's start; a short, random stretch of load is enough to land the kill
            // anywhere in the receive, commit, acknowledge cycle.
            await Task.Delay(random.Next(100, 700));
            station.Process.Kill(); // SIGKILL: no shutdown code runs
            await station.Process.WaitForExitAsync();
            await load.CancelAsync();
            await Task.WhenAll(senders);
        }

        var journal = new JournalQuery(Path.Combine(data, "vigie.db")).List();
        var stored = journal.Select(s => s.Data).ToHashSet();
        // Panels reconnect the instant the station is back: none of their frames may be judged before the
        // accounts are loaded (they would be stored as unknown-account).
        Assert.All(journal, s => Assert.Equal(SignalStatus.Accepted, s.Status));
        var missing = acknowledged.Where(a => !stored.Contains(a)).ToArray();
        Assert.True(acknowledged.Count > Kills * 10, $"only {acknowledged.Count} acknowledged of {totalSent} sent: the load did not run");
        Assert.True(missing.Length == 0, $"{missing.Length} acknowledged signals lost, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var panel in panels)
        {
            await panel.DisposeAsync();
        }
        Directory.Delete(data, recursive: true);
    }
}
