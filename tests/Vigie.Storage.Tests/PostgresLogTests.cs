using Npgsql;
using Vigie.Tests;
using static Vigie.Storage.Tests.LogFolder;

namespace Vigie.Storage.Tests;

/// <summary>What only the shared PostgreSQL log does: several stations writing one database.</summary>
public sealed class PostgresLogTests
{
    private static PostgresEventLog Open(string connectionString) => PostgresEventLog.Open(new PostgresEventLogOptions { ConnectionString = connectionString });

    [Fact]
    public async Task Two_stations_appending_to_one_stream_each_win_exactly_once_and_the_chain_verifies()
    {
        var database = await PostgresServer.NewDatabaseAsync("log");
        await using var first = Open(database);
        await using var second = Open(database);
        await first.AppendAsync("site/1", 0, [Event()]);

        // Both stations know version 1 and append after it, as two stations do during a failover: one wins.
        var outcomes = await Task.WhenAll(new[] { first, second }.Select(log => Task.Run(async () =>
        {
            try
            {
                await log.AppendAsync("site/1", 1, [Event("AlertClosed", data: $$"""{"by":"{{(log == first ? "first" : "second")}}"}""")]);
                return (StreamVersionConflictException?)null;
            }
            catch (StreamVersionConflictException conflict)
            {
                return conflict;
            }
        })));
        var conflict = Assert.Single(outcomes, o => o is not null);
        Assert.Equal((1L, 2L), (conflict!.Expected, conflict.Actual));
        Assert.Equal(2L, await second.StreamVersionAsync("site/1"));

        // Then forty writers, half on each station, race on the same stream, each rereading after a conflict.
        static string Data(int writer) => $$"""{"writer":{{writer}}}""";
        var writers = Enumerable.Range(0, 40).Select(w => Task.Run(async () =>
        {
            var log = w % 2 == 0 ? first : second;
            var expected = 2L;
            while (true)
            {
                try
                {
                    return (await log.AppendAsync("site/1", expected, [Event(data: Data(w))]))[0].Version;
                }
                catch (StreamVersionConflictException lost)
                {
                    expected = lost.Actual;
                }
            }
        }));
        var won = await Task.WhenAll(writers);

        Assert.Equal(Enumerable.Range(3, 40).Select(v => (long)v), won.Order());
        var events = await first.ReadStreamAsync("site/1");
        Assert.Equal(Enumerable.Range(1, 42).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(0, 40).Select(Data).Order(StringComparer.Ordinal), events.Skip(2).Select(e => e.Data).Order(StringComparer.Ordinal));
        Assert.Equal(new ChainVerification("site/1", 42, true, null, null), await second.VerifyStreamAsync("site/1"));
    }

    [Fact]
    public async Task A_reader_catching_up_by_position_beside_two_stations_writing_skips_nothing()
    {
        var database = await PostgresServer.NewDatabaseAsync("log");
        await using var first = Open(database);
        await using var second = Open(database);
        await using var reader = await PostgresEventLog.OpenReadOnlyAsync(database);
        const int Streams = 40;
        const int Appends = 25;

        // Many small concurrent appends on both stations make many commits whose positions could interleave.
        var writing = Task.WhenAll(Enumerable.Range(0, Streams).Select(s => Task.Run(async () =>
        {
            var log = s % 2 == 0 ? first : second;
            for (var i = 0; i < Appends; i++)
            {
                await log.AppendAsync($"site/{s}", i, [Event(minute: i)]);
            }
        })));
        var seen = new List<StoredEvent>();
        var cursor = 0L;
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await reader.ReadAllAsync("site/", cursor, 7);
            seen.AddRange(page);
            if (page.Count > 0)
            {
                cursor = page[^1].Position;
            }
            else if (done)
            {
                break;
            }
        }
        await writing;

        var all = await reader.ReadAllAsync("", 0, 10_000);
        Assert.Equal(Streams * Appends, all.Count);
        // The reader saw every event, once, in position order: none became visible behind its cursor.
        Assert.Equal(all.Select(e => e.Position), seen.Select(e => e.Position));
        foreach (var stream in seen.GroupBy(e => e.Stream))
        {
            Assert.Equal(Enumerable.Range(1, Appends).Select(v => (long)v), stream.Select(e => e.Version));
        }
    }

    [Fact]
    public async Task An_append_PostgreSQL_refuses_fails_alone_and_the_others_of_its_commit_are_written()
    {
        var database = await PostgresServer.NewDatabaseAsync("log");
        await using var log = Open(database);
        await log.AppendAsync("alert/1", 0, [Event()]);
        var store = new PostgresLogStore(database);

        // PostgreSQL text cannot hold a NUL character (SQLite's can): that append is refused by the server. Queued
        // while the writers are held, between ten others on each side, it shares a batch with them.
        Task<IReadOnlyList<StoredEvent>> refused;
        List<Task<IReadOnlyList<StoredEvent>>> others = [];
        await using (await store.HoldWritersAsync())
        {
            others.AddRange(Enumerable.Range(0, 10).Select(s => log.AppendAsync($"alert/before-{s}", 0, [Event()], [new UpsertDocument("d", $"before-{s}", "{}")])));
            refused = log.AppendAsync("alert/1", 1, [Event("AlertClosed", data: "{\"note\":\"a\0b\"}")], [new UpsertDocument("d", "refused", "{}")]);
            others.AddRange(Enumerable.Range(0, 10).Select(s => log.AppendAsync($"alert/after-{s}", 0, [Event()], [new UpsertDocument("d", $"after-{s}", "{}")])));
        }

        await Assert.ThrowsAsync<PostgresException>(() => refused);
        foreach (var other in others)
        {
            Assert.Equal(1L, (await other)[0].Version);
        }
        Assert.Null(await log.GetDocumentAsync("d", "refused"));
        Assert.Equal(20, (await log.ListDocumentsAsync("d")).Count);
        Assert.Equal(["AlertRaised"], (await log.ReadStreamAsync("alert/1")).Select(e => e.Type));
        Assert.Equal(2L, (await log.AppendAsync("alert/1", 1, [Event("AlertClosed")]))[0].Version);
    }

    [Fact]
    public async Task Stations_starting_together_create_the_schema_once_and_record_its_version()
    {
        var database = await PostgresServer.NewDatabaseAsync("log");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresEventLog.MigrateAsync(database, CancellationToken.None))));
        await using (var log = Open(database))
        {
            await log.AppendAsync("alert/1", 0, [Event()], [new UpsertDocument("alerts", "1", "{}")]);
            await log.AppendAsync("alert/1", 1, [], [new UpsertDocument("alerts", "1", """{"state":"closed"}""")]);
        }
        await PostgresEventLog.MigrateAsync(database, CancellationToken.None);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var schema = new NpgsqlCommand("SELECT module, version FROM vigie_schema", connection);
        await using (var rows = await schema.ExecuteReaderAsync())
        {
            Assert.True(await rows.ReadAsync());
            Assert.Equal(("log", 1), (rows.GetString(0), rows.GetInt32(1)));
            Assert.False(await rows.ReadAsync());
        }
        // A document's version counts the commits that wrote it.
        await using var document = new NpgsqlCommand("SELECT data, version FROM log_documents WHERE collection = 'alerts' AND key = '1'", connection);
        await using var found = await document.ExecuteReaderAsync();
        Assert.True(await found.ReadAsync());
        Assert.Equal(("""{"state":"closed"}""", 2L), (found.GetString(0), found.GetInt64(1)));
    }

    [Fact]
    public async Task Only_a_database_holding_the_log_opens_read_only_and_its_sessions_cannot_write()
    {
        var database = await PostgresServer.NewDatabaseAsync("log");
        var empty = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresEventLog.OpenReadOnlyAsync(database));
        Assert.Contains("has no event log", empty.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", empty.Message, StringComparison.OrdinalIgnoreCase);

        await PostgresEventLog.MigrateAsync(database, CancellationToken.None);
        await using var reader = await PostgresEventLog.OpenReadOnlyAsync(database);
        Assert.True(reader.IsReadOnly);
        Assert.StartsWith("PostgreSQL 127.0.0.1:", reader.Location, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.AppendAsync("alert/1", 0, [Event()]));
        Assert.Empty(await reader.ListStreamsAsync(""));

        // The same read-only sessions, asked to write, are refused by the server.
        var readOnly = new NpgsqlConnectionStringBuilder(database) { Options = "-c default_transaction_read_only=on" }.ConnectionString;
        await using var connection = new NpgsqlConnection(readOnly);
        await connection.OpenAsync();
        await using var write = new NpgsqlCommand("DELETE FROM log_events", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
    }
}
