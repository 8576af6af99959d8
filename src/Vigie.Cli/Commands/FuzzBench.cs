using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie bench fuzz`: a real receiver on loopback (its TCP and UDP listeners, journal and registry in a temporary
/// folder) takes mutated DC-09 frames in batches; after every batch both listeners must still answer a valid frame.
/// Prints frames per transport, replies by kind, stops, faults the receiver isolated, and the time taken.
/// </summary>
internal static class FuzzBench
{
    public static Command Create()
    {
        var frames = new Option<long>("--frames") { Description = "Frames to send (split between TCP and UDP).", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Frames between two checks that both listeners still answer.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the frames (same seed, same frames).", DefaultValueFactory = _ => 15 };
        var command = new Command("fuzz", "Send mutated DC-09 frames to a real receiver over TCP and UDP; prints replies by kind and stops (must be 0).")
        {
            frames, batch, seed,
        };
        command.SetAction(async (parse, cancellation) => await Run(parse.GetValue(frames), parse.GetValue(batch), parse.GetValue(seed), cancellation));
        return command;
    }

    private static async Task<int> Run(long frames, int batch, int seed, CancellationToken cancellation)
    {
        var options = new ReceiverOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "vigie-fuzz", Guid.NewGuid().ToString("N")),
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = Loopback.FreePort(SocketType.Dgram, ProtocolType.Udp),
            JournalSynchronous = "NORMAL",
        };
        var accounts = FrameFuzzer.Accounts(seed);
        AccountStore.ForDataFolder(options.DataDirectory, TimeProvider.System).UpsertMany(accounts);
        Console.WriteLine($"vigie bench fuzz: {frames:N0} frames in batches of {batch:N0}, seed {seed}, {accounts.Count:N0} accounts ({accounts.Count / 3:N0} panel clock zones), data {options.DataDirectory}");
        await using var app = ReceiverHost.Build(options, new HostSettings { HttpPort = -1, MinimumLogLevel = LogLevel.Critical });
        await app.StartAsync(cancellation);
        var faults = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        var meter = app.Services.GetRequiredService<ReceiverMetrics>().Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name is "vigie.receiver.faults" or "vigie.receiver.untrusted_not_stored" or "vigie.receiver.acks")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => faults.AddOrUpdate(i.Name, v, (_, n) => n + v));
        listener.Start();
        try
        {
            var fuzz = new ReceiverFuzz(new IPEndPoint(IPAddress.Loopback, options.TcpPort), new IPEndPoint(IPAddress.Loopback, options.UdpPort), seed) { BatchSize = batch };
            var next = 100_000L;
            var figures = await fuzz.RunAsync(frames, f =>
            {
                if (f.Frames >= next)
                {
                    Console.WriteLine($"  … {f.Frames:N0} frames, {f.Stops} stops, {f.Duration.TotalSeconds:F0} s");
                    next += 100_000;
                }
            }, cancellation);
            Console.WriteLine($"frames      {figures.Frames:N0} ({figures.OverTcp:N0} over TCP, {figures.OverUdp:N0} over UDP) in {figures.Batches:N0} batches, {figures.Duration.TotalSeconds:F0} s ({figures.Frames / figures.Duration.TotalSeconds:F0} frames/s)");
            Console.WriteLine($"replies     {string.Join("  ", figures.Replies.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value:N0}"))}   (probes not counted; bad CRC and non-frames get none)");
            Console.WriteLine($"receiver    faults isolated {faults.GetValueOrDefault("vigie.receiver.faults"):N0}   untrusted frames over quota, not stored {faults.GetValueOrDefault("vigie.receiver.untrusted_not_stored"):N0}   TCP reconnections {figures.ConnectionsClosedByStation:N0}");
            Console.WriteLine($"stops       {figures.Stops} (batches after which a listener did not answer a valid frame)");
            return figures.Stops == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(options.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
