using static Vigie.Storage.Tests.LogFolder;

namespace Vigie.Storage.Tests;

public abstract class ConcurrencyTests
{
    protected abstract StoreKind Kind { get; }

    [Fact]
    public async Task A_thousand_concurrent_appends_across_a_hundred_streams_all_land_chained()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        // A hundred writers at once, each appending ten times to its own stream, one or two events a time.
        var writers = Enumerable.Range(0, 100).Select(s => Task.Run(async () =>
        {
            var stream = $"site/{s:D3}";
            var version = 0L;
            for (var i = 0; i < 10; i++)
            {
                NewEvent[] events = i % 2 == 0 ? [Event(minute: i)] : [Event(minute: i), Event("NoteAdded", minute: i)];
                var stored = await log.AppendAsync(stream, version, events, [new UpsertDocument("sites", stream, $$"""{"appends":{{i + 1}}}""")]);
                version = stored[^1].Version;
            }
            return version;
        }));
        var versions = await Task.WhenAll(writers);

        Assert.All(versions, v => Assert.Equal(15L, v));
        var all = await log.ReadAllAsync("site/", 0, 10_000);
        Assert.Equal(1500, all.Count);
        Assert.Equal(Enumerable.Range(1, 1500).Select(p => (long)p), all.Select(e => e.Position));
        Assert.Equal(100, (await log.ListStreamsAsync("site/")).Count);
        foreach (var stream in all.GroupBy(e => e.Stream))
        {
            Assert.Equal(Enumerable.Range(1, 15).Select(v => (long)v), stream.Select(e => e.Version));
            Assert.Equal(new ChainVerification(stream.Key, 15, true, null, null), await log.VerifyStreamAsync(stream.Key));
            Assert.Equal("""{"appends":10}""", (await log.GetDocumentAsync("sites", stream.Key))?.Data);
        }
        Assert.True(LogStore.Commits(log) < 1000, $"{LogStore.Commits(log)} commits for 1000 appends");
    }

    [Fact]
    public async Task Closing_writes_the_appends_still_queued()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        var log = store.Open(synchronousFull: false);
        var appends = Enumerable.Range(0, 300).Select(s => log.AppendAsync($"alert/{s}", 0, [Event()])).ToList();

        await log.DisposeAsync();

        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync("alert/late", 0, [Event()]));
        await using var reopened = await store.OpenReadOnlyAsync();
        Assert.Equal(300, (await reopened.ListStreamsAsync("alert/")).Count);
    }

    [Fact]
    public async Task A_call_cancelled_before_it_is_queued_writes_nothing()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => log.AppendAsync("alert/1", 0, [Event()], null, cancelled.Token));

        Assert.Equal(0L, await log.StreamVersionAsync("alert/1"));
        Assert.Equal(1L, (await log.AppendAsync("alert/1", 0, [Event()]))[0].Version);
    }
}

public sealed class ConcurrencyOnSqlite : ConcurrencyTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;

    [Fact]
    public async Task A_second_writer_on_the_same_file_is_refused()
    {
        using var folder = new LogFolder();
        await using (var log = folder.Open())
        {
            await log.AppendAsync("alert/1", 0, [Event()]);
            Assert.Throws<InvalidOperationException>(() => folder.Open());
            Assert.Equal(2L, (await log.AppendAsync("alert/1", 1, [Event()]))[0].Version);
        }
        await using (var log = folder.Open())
        {
            Assert.Equal(3L, (await log.AppendAsync("alert/1", 2, [Event()]))[0].Version);
        }
    }

    [Fact]
    public async Task The_write_ahead_log_stays_bounded_while_appends_keep_coming()
    {
        using var folder = new LogFolder();
        await using var log = folder.Open(synchronousFull: false);
        var payload = $$"""{"text":"{{new string('x', 2000)}}"}""";
        long largestWal = 0;
        // 8,000 events of 2 kB: 16 MB through the WAL, which a checkpoint after every thousand pages keeps near 4 MB.
        var writers = Enumerable.Range(0, 20).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                await log.AppendAsync($"alert/{s}", i, [Event(data: payload)]);
                if (s == 0)
                {
                    largestWal = Math.Max(largestWal, new FileInfo(folder.DatabasePath + "-wal").Length);
                }
            }
        }));
        await Task.WhenAll(writers);

        Assert.True(largestWal is > 0 and < 8L * 1024 * 1024, $"the WAL reached {largestWal / 1024} kB");
        Assert.Equal(8000, (await log.ReadAllAsync("", 0, 10_000)).Count);
    }
}

public sealed class ConcurrencyOnPostgres : ConcurrencyTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
