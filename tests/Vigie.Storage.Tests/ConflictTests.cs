using static Vigie.Storage.Tests.LogFolder;

namespace Vigie.Storage.Tests;

public abstract class ConflictTests
{
    protected abstract StoreKind Kind { get; }

    [Fact]
    public async Task A_stale_expected_version_writes_neither_events_nor_documents()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        await log.AppendAsync("alert/1", 0, [Event()], [new UpsertDocument("alerts", "1", """{"state":"raised"}""")]);

        var stale = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            log.AppendAsync("alert/1", 0, [Event("AlertClosed")], [new UpsertDocument("alerts", "1", """{"state":"closed"}"""), new UpsertDocument("alerts", "2", "{}")]));
        var ahead = await Assert.ThrowsAsync<StreamVersionConflictException>(() => log.AppendAsync("alert/1", 5, [Event("AlertClosed")]));

        Assert.Equal(("alert/1", 0L, 1L), (stale.Stream, stale.Expected, stale.Actual));
        Assert.Equal((5L, 1L), (ahead.Expected, ahead.Actual));
        Assert.Equal(["AlertRaised"], (await log.ReadStreamAsync("alert/1")).Select(e => e.Type));
        Assert.Equal([new Document("alerts", "1", """{"state":"raised"}""")], await log.ListDocumentsAsync("alerts"));
        // The writer's idea of the stream is unchanged too.
        Assert.Equal(2L, (await log.AppendAsync("alert/1", 1, [Event("AlertClosed")]))[0].Version);
    }

    private sealed record Call(string Stream, bool Current, Task<IReadOnlyList<StoredEvent>> Append);

    [Fact]
    public async Task A_conflict_fails_only_its_own_call_in_a_shared_commit()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        for (var s = 0; s < 50; s++)
        {
            await log.AppendAsync($"alert/{s}", 0, [Event()]);
        }
        var commitsBefore = LogStore.Commits(log);

        // While the test holds the file's write lock, the writer is stuck on its first batch, so every call queued
        // meanwhile is written with it or in the single batch after it: conflicts and successes share commits.
        Task<IReadOnlyList<StoredEvent>> first;
        Call[] calls;
        await using (await store.HoldWritersAsync())
        {
            first = log.AppendAsync("alert/first", 0, [Event()]);
            calls = await Task.WhenAll(Enumerable.Range(0, 50).SelectMany(s => new[] { true, false }.Select(current => Task.Run(() =>
            {
                var stream = $"alert/{s}";
                // A stale caller still thinks the stream is new.
                var append = log.AppendAsync(stream, current ? 1 : 0, [Event(current ? "AlertClosed" : "AlertRaised")],
                    [new UpsertDocument("owners", stream, current ? "\"current\"" : "\"stale\"")]);
                return new Call(stream, current, append);
            }))));
        }
        await first;

        foreach (var call in calls)
        {
            if (call.Current)
            {
                Assert.Equal(2L, (await call.Append)[0].Version);
            }
            else
            {
                var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() => call.Append);
                Assert.Equal(call.Stream, conflict.Stream);
                // 1 or 2, depending on whether the current caller's append came first in the batch.
                Assert.InRange(conflict.Actual, 1L, 2L);
            }
        }
        Assert.InRange(LogStore.Commits(log) - commitsBefore, 1L, 2L);
        for (var s = 0; s < 50; s++)
        {
            Assert.Equal(["AlertRaised", "AlertClosed"], (await log.ReadStreamAsync($"alert/{s}")).Select(e => e.Type));
            Assert.Equal("\"current\"", (await log.GetDocumentAsync("owners", $"alert/{s}"))?.Data);
        }
        Assert.Equal(50 + 1 + 50, (await log.ReadAllAsync("", 0, 1000)).Count);
    }

    [Fact]
    public async Task Racing_writers_on_one_stream_each_win_exactly_once()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open(synchronousFull: false);
        static string Data(int writer) => $$"""{"writer":{{writer}}}""";
        var writers = Enumerable.Range(0, 40).Select(w => Task.Run(async () =>
        {
            var expected = 0L;
            while (true)
            {
                try
                {
                    return (await log.AppendAsync("site/1", expected, [Event(data: Data(w))]))[0].Version;
                }
                catch (StreamVersionConflictException conflict)
                {
                    expected = conflict.Actual;
                }
            }
        }));
        var won = await Task.WhenAll(writers);

        Assert.Equal(Enumerable.Range(1, 40).Select(v => (long)v), won.Order());
        var events = await log.ReadStreamAsync("site/1");
        Assert.Equal(Enumerable.Range(0, 40).Select(Data).Order(StringComparer.Ordinal), events.Select(e => e.Data).Order(StringComparer.Ordinal));
        Assert.True((await log.VerifyStreamAsync("site/1")).IsIntact);
    }
}

public sealed class ConflictOnSqlite : ConflictTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;

    [Fact]
    public async Task An_append_the_database_refuses_fails_alone_and_its_stream_is_read_again()
    {
        using var folder = new LogFolder();
        await using var log = folder.Open();
        await log.AppendAsync("alert/1", 0, [Event()]);
        var commitsBefore = log.Commits;

        // Someone writes version 2 behind the writer's back, so its head of the stream is wrong: the append
        // collides with that row. Queued between ten others on each side, it shares a commit with some of them.
        Task<IReadOnlyList<StoredEvent>> refused;
        List<Task<IReadOnlyList<StoredEvent>>> others = [];
        using (var intruder = folder.Connect())
        using (var hold = intruder.BeginTransaction(deferred: false))
        {
            using (var forge = intruder.CreateCommand())
            {
                forge.CommandText = "INSERT INTO events(stream, version, type, data, actor, at_ms, prev_hash, hash) VALUES ('alert/1', 2, 'Forged', '{}', 'x', 0, '', '')";
                forge.Transaction = hold;
                forge.ExecuteNonQuery();
            }
            var blocker = log.AppendAsync("alert/blocker", 0, [Event()]);
            others.Add(blocker);
            others.AddRange(Enumerable.Range(0, 10).Select(s => log.AppendAsync($"alert/before-{s}", 0, [Event()], [new UpsertDocument("d", $"before-{s}", "{}")])));
            refused = log.AppendAsync("alert/1", 1, [Event("AlertClosed")], [new UpsertDocument("d", "refused", "{}")]);
            others.AddRange(Enumerable.Range(0, 10).Select(s => log.AppendAsync($"alert/after-{s}", 0, [Event()], [new UpsertDocument("d", $"after-{s}", "{}")])));
            hold.Commit();
        }

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => refused);
        foreach (var other in others)
        {
            Assert.Equal(1L, (await other)[0].Version);
        }
        Assert.InRange(log.Commits - commitsBefore, 1L, 2L);
        Assert.Null(await log.GetDocumentAsync("d", "refused"));
        Assert.Equal(20, (await log.ListDocumentsAsync("d")).Count);
        Assert.Equal(["AlertRaised", "Forged"], (await log.ReadStreamAsync("alert/1")).Select(e => e.Type));
        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() => log.AppendAsync("alert/1", 1, [Event("AlertClosed")]));
        Assert.Equal(2L, conflict.Actual);
    }
}

public sealed class ConflictOnPostgres : ConflictTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
