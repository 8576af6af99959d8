using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;

namespace Vigie.Receiver.Tests;

/// <summary>The counters an operator watches with dotnet-counters move as frames are answered.</summary>
public class MetricsTests
{
    [Fact]
    public async Task Frames_acks_naks_duhs_silences_and_duplicates_are_counted()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        var totals = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this station's meter: other tests run their own stations in parallel.
            if (instrument.Meter == station.Metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => totals.AddOrUpdate(i.Name, v, (_, old) => old + v));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => totals.AddOrUpdate(i.Name, 1, (_, old) => old + 1));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => totals.AddOrUpdate(i.Name, v, (_, old) => old + v));
        listener.Start();

        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        var wait = TimeSpan.FromSeconds(10);
        var good = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA001", Timestamp = DateTime.UtcNow }.Encode();
        await tcp.SendAsync(good);
        await tcp.ReadReplyAsync(wait);
        await tcp.SendAsync(good); // duplicate
        await tcp.ReadReplyAsync(wait);
        var badCrc = (byte[])good.Clone();
        badCrc[1] = badCrc[1] == (byte)'0' ? (byte)'1' : (byte)'0'; // still hex, so a CRC mismatch, not a malformed field
        await tcp.SendAsync(badCrc); // silence
        await tcp.SendAsync(new Dc09Message { Token = Dc09Token.Ack, Sequence = 2, Account = "1234" }.Encode()); // NAK
        await tcp.ReadReplyAsync(wait);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        await tcp.SendAsync(new Dc09Message { Sequence = 3, Account = "9999", Data = "#9999|Nri1/BA001", Timestamp = DateTime.UtcNow }.Encode(key)); // DUH
        await tcp.ReadReplyAsync(wait);
        listener.RecordObservableInstruments();

        Assert.Equal(5, totals.GetValueOrDefault("vigie.receiver.frames_in"));
        Assert.Equal(2, totals.GetValueOrDefault("vigie.receiver.acks"));
        Assert.Equal(1, totals.GetValueOrDefault("vigie.receiver.duplicates"));
        Assert.Equal(1, totals.GetValueOrDefault("vigie.receiver.no_reply"));
        Assert.Equal(1, totals.GetValueOrDefault("vigie.receiver.naks"));
        Assert.Equal(1, totals.GetValueOrDefault("vigie.receiver.duhs"));
        Assert.Equal(1, totals.GetValueOrDefault("vigie.receiver.unknown_accounts"));
        Assert.True(totals.GetValueOrDefault("vigie.receiver.journal_commit_latency") >= 1);
    }
}
