using Microsoft.Extensions.Logging.Abstractions;
using Vigie.Receiver.Journal;

namespace Vigie.Receiver.Tests;

public class JournalTests
{
    private static JournalEntry Entry(int i) => new()
    {
        ReceivedAt = DateTime.UtcNow,
        Transport = "tcp",
        Remote = "127.0.0.1:4000",
        Token = "SIA-DCS",
        Account = $"{100000 + (i % 500)}",
        Line = "0",
        Sequence = (i % 9999) + 1,
        Status = SignalStatus.Accepted,
        Data = $"#{100000 + (i % 500)}|Nri1/BA001^{i}^",
        Events = """[{"kind":"Burglary"}]""",
        Raw = new byte[80],
        ContentHash = i,
    };

    [Fact]
    public async Task The_write_ahead_log_stays_bounded_under_continuous_load()
    {
        // Without the writer finishing each checkpoint round, the WAL never restarts while frames keep coming
        // (it reached 1.6 GB in 25 s of bench load); 100,000 rows would leave it far above the 64 MB limit.
        var folder = Path.Combine(Path.GetTempPath(), "vigie-wal", Guid.NewGuid().ToString("N"));
        var options = new ReceiverOptions { DataDirectory = folder, JournalSynchronous = "NORMAL", CheckpointInterval = TimeSpan.FromMilliseconds(100) };
        await using (var journal = new SignalJournal(options, TimeProvider.System, new ReceiverMetrics(), NullLogger<SignalJournal>.Instance))
        {
            journal.Start();
            var pending = new List<ValueTask<AppendOutcome>>(500);
            long largestWal = 0;
            for (var i = 0; i < 100_000; i++)
            {
                pending.Add(journal.AppendAsync(Entry(i)));
                if (pending.Count == 500)
                {
                    foreach (var append in pending)
                    {
                        await append;
                    }
                    pending.Clear();
                    largestWal = Math.Max(largestWal, new FileInfo(options.DatabasePath + "-wal").Length);
                }
            }
            Assert.True(largestWal <= 80L * 1024 * 1024, $"the WAL grew to {largestWal / (1024 * 1024)} MB");
        }
        Assert.Equal(100_000, new JournalQuery(options.DatabasePath).List().Count);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Duplicates_are_still_recognised_after_a_restart(StoreKind kind)
    {
        await using var store = await JournalStore.CreateAsync(kind);
        var journal = store.Journal();
        var first = (await journal.AppendAsync(Entry(7))).SignalId;
        await store.CloseAsync(journal);

        journal = store.Journal();
        var again = await journal.AppendAsync(Entry(7));
        Assert.True(again.Duplicate);
        Assert.Equal(first, again.SignalId);
        var next = await journal.AppendAsync(Entry(8));
        Assert.False(next.Duplicate);
        Assert.Equal(first + 1, next.SignalId);
    }
}
