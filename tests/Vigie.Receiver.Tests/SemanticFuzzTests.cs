using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Vigie.Receiver.Simulation;

namespace Vigie.Receiver.Tests;

/// <summary>
/// The semantic fuzz (the million-frame run is `vigie bench fuzz`): frames bent at calendar edges, in every panel
/// clock zone, with keys right and wrong, over real TCP and UDP; after every batch both listeners still answer.
/// </summary>
public class SemanticFuzzTests
{
    [Fact]
    public async Task Thirty_thousand_fuzzed_frames_over_tcp_and_udp_leave_both_listeners_answering_after_every_batch()
    {
        const int seed = 20261203;
        await using var station = await StationUnderTest.StartAsync(accounts: FrameFuzzer.Accounts(seed));
        var faults = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == station.Metrics.Meter && instrument.Name == "vigie.receiver.faults")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => faults.AddOrUpdate(i.Name, v, (_, n) => n + v));
        listener.Start();

        var figures = await new ReceiverFuzz(station.Tcp, station.Udp, seed) { BatchSize = 1000 }.RunAsync(30_000);

        Assert.Equal(0, figures.Stops);
        Assert.Equal(30, figures.Batches);
        Assert.True(figures.OverTcp > 10_000 && figures.OverUdp > 10_000, $"TCP {figures.OverTcp}, UDP {figures.OverUdp}");
        // The frames reach every answer the receiver gives, encrypted acknowledgements included.
        foreach (var kind in new[] { "ACK", "*ACK", "NAK", "DUH" })
        {
            Assert.True(figures.Replies.GetValueOrDefault(kind) > 0, $"no {kind} in {string.Join(", ", figures.Replies)}");
        }
        // Nothing in them made the receiver throw (a fault would be isolated, but is still a bug to find).
        Assert.Equal(0, faults.GetValueOrDefault("vigie.receiver.faults"));
    }
}
