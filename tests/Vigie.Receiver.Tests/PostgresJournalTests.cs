using Npgsql;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Journal.Postgres;

namespace Vigie.Receiver.Tests;

/// <summary>The PostgreSQL journal a cluster shares: group commit, copies from two stations, readers beside several writers.</summary>
public class PostgresJournalTests
{
    private static readonly DateTime Stamp = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>Message <paramref name="i"/> as a station receives it: a copy received elsewhere has the same key, content and stamp.</summary>
    private static JournalEntry Message(int i, string station = "a", DateTime? receivedAt = null, bool stamped = true) => new()
    {
        ReceivedAt = receivedAt ?? DateTime.UtcNow,
        Transport = "tcp",
        Remote = $"{station}:4000",
        Token = "SIA-DCS",
        Account = $"{1000 + (i % 50)}",
        Line = "1",
        Sequence = (i / 50) + 1,
        PanelTime = stamped ? Stamp.AddSeconds(i) : null,
        Status = SignalStatus.Accepted,
        SiteReference = $"SITE-{i % 50}",
        Data = $"#{1000 + (i % 50)}|Nri1/BA{i % 100:D3}",
        Events = "[]",
        Raw = [(byte)i],
        ContentHash = i,
    };

    private static async Task<long> RowsWithId(NpgsqlDataSource database, long id)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM receiver_signals WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Each_append_of_a_concurrent_burst_completes_only_once_its_row_is_committed()
    {
        await using var store = await JournalStore.CreateAsync(StoreKind.Postgres);
        var journal = store.Journal();
        await using var observer = NpgsqlDataSource.Create(store.Options.Postgres!);

        // Checked from another connection the moment each append completes: only a committed row is visible there.
        var seen = await Task.WhenAll(Enumerable.Range(0, 2000).Select(async i =>
        {
            var outcome = await journal.AppendAsync(Message(i));
            return (outcome, rows: await RowsWithId(observer, outcome.SignalId));
        }));

        Assert.All(seen, s => Assert.Equal((false, 1L), (s.outcome.Duplicate, s.rows)));
        Assert.Equal(2000, seen.Select(s => s.outcome.SignalId).Distinct().Count());
    }

    [Fact]
    public async Task A_message_received_by_two_stations_is_recorded_once_and_the_second_append_is_its_duplicate()
    {
        await using var store = await JournalStore.CreateAsync(StoreKind.Postgres);
        var primary = store.Journal();
        var backup = store.Journal();

        // Every message sent to both receivers at once, as a panel reporting to its primary and backup does.
        var pairs = await Task.WhenAll(Enumerable.Range(0, 600).Select(async i =>
        {
            var both = await Task.WhenAll(primary.AppendAsync(Message(i, "a")).AsTask(), backup.AppendAsync(Message(i, "b")).AsTask());
            return (first: both[0], second: both[1]);
        }));

        Assert.All(pairs, pair =>
        {
            Assert.Equal(pair.first.SignalId, pair.second.SignalId);
            Assert.Equal(1, (pair.first.Duplicate ? 1 : 0) + (pair.second.Duplicate ? 1 : 0));
        });
        Assert.Equal(600, store.Reader().List().Count);
        var page = await store.Reader().ReadAfterAsync(0, 10_000, CancellationToken.None);
        Assert.Equal(600, page.Signals.Select(s => s.IdempotencyKey).Distinct().Count());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(60_000)]
    public async Task A_copy_without_a_panel_stamp_received_by_two_stations_either_side_of_a_window_edge_is_recorded_once(int apartMs)
    {
        await using var store = await JournalStore.CreateAsync(StoreKind.Postgres);
        var primary = store.Journal();
        var backup = store.Journal();
        // The copy window's edges fall on multiples of its width: one station hears the message just before an edge,
        // the other just after (a stamped message has no such edge: its stamp is the same in both copies).
        var width = (long)store.Options.DuplicateWindow.TotalMilliseconds;
        var edge = DateTime.UnixEpoch.AddMilliseconds((((long)(DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds / width) + 1) * width);
        var before = Message(7, "a", edge.AddMilliseconds(-apartMs / 2), stamped: false);
        var after = Message(7, "b", edge.AddMilliseconds(apartMs / 2), stamped: false);

        var first = await primary.AppendAsync(before);
        var second = await backup.AppendAsync(after);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.SignalId, second.SignalId);
        Assert.Single(store.Reader().List());
        // The same content a window later is a new message, not a copy.
        var later = await backup.AppendAsync(Message(7, "b", edge.AddMilliseconds(width + apartMs), stamped: false));
        Assert.False(later.Duplicate);
    }

    [Fact]
    public async Task A_reader_does_not_pass_a_lower_id_still_being_committed_by_another_station()
    {
        await using var store = await JournalStore.CreateAsync(StoreKind.Postgres);
        var journal = store.Journal();
        await journal.AppendAsync(Message(0));
        // Another station's writer, caught between taking its id and its commit (it follows the writers' rule: the
        // in-flight lock from before its id until its commit).
        await using var slow = new NpgsqlConnection(store.Options.Postgres);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        long lower;
        await using (var insert = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock_shared(@lock);
            INSERT INTO receiver_signals(received_at, transport, token, account, receiver, line, sequence, status, site_ref, data, raw, content_hash, copy_key)
            VALUES (now(), 'tcp', 'SIA-DCS', '1001', '', '1', 99, 'accepted', 'SITE-1', '#1001|Nri1/BA001', '\x00', 99, 'slow') RETURNING id
            """, slow, transaction))
        {
            insert.Parameters.AddWithValue("lock", PostgresSignalJournal.InFlightLock);
            await using var reader = await insert.ExecuteReaderAsync();
            await reader.NextResultAsync();
            await reader.ReadAsync();
            lower = reader.GetInt64(0);
        }
        var higher = (await journal.AppendAsync(Message(1))).SignalId;
        Assert.True(higher > lower);

        var reading = store.Reader().ReadAfterAsync(1, 100, CancellationToken.None);
        await using var observer = NpgsqlDataSource.Create(store.Options.Postgres!);
        await Until(async () => reading.IsCompleted || await WaitingForLock(observer));
        await transaction.CommitAsync();
        var page = await reading;

        Assert.Equal([lower, higher], page.Signals.Select(s => s.Id));
        Assert.Equal(higher, page.Last);
    }

    [Fact]
    public async Task Two_stations_writing_and_a_reader_following_them_skip_nothing()
    {
        await using var store = await JournalStore.CreateAsync(StoreKind.Postgres, o => { o.MaxCommitBatch = 16; return o; });
        var stations = new[] { store.Journal(), store.Journal() };
        var reader = store.Reader();
        var writing = Task.WhenAll(stations.Select((journal, s) => Task.Run(async () =>
        {
            for (var chunk = 0; chunk < 40; chunk++)
            {
                await Task.WhenAll(Enumerable.Range(0, 50).Select(i => journal.AppendAsync(Message(100_000 * (s + 1) + (chunk * 50) + i)).AsTask()));
            }
        })));
        var read = new List<long>();
        long cursor = 0;
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await reader.ReadAfterAsync(cursor, 37, CancellationToken.None);
            read.AddRange(page.Signals.Select(s => s.Id));
            cursor = page.Last;
            if (done && page.Read == 0)
            {
                break;
            }
        }
        await writing;

        Assert.Equal(4000, read.Count);
        Assert.Equal(store.Reader().List().Select(s => s.Id), read);
    }

    private static async Task<bool> WaitingForLock(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the reader");
            await Task.Delay(10);
        }
    }
}
