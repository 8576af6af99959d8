using System.Text.RegularExpressions;
using Npgsql;
using Vigie.Tests;

namespace Vigie.Storage.Tests;

public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where one test's log lives, so the same tests run on both implementations: a SQLite file in a fresh folder
/// (<see cref="LogFolder"/>) or a fresh database on the test run's private PostgreSQL server.
/// </summary>
public abstract class LogStore : IAsyncDisposable
{
    public static async Task<LogStore> CreateAsync(StoreKind kind) => kind switch
    {
        StoreKind.Sqlite => new SqliteLogStore(),
        StoreKind.Postgres => new PostgresLogStore(await PostgresServer.NewDatabaseAsync("log")),
    };

    /// <summary>Opens the log for writing; the SQLite settings do not apply to PostgreSQL.</summary>
    public abstract IEventLog Open(bool synchronousFull = true, int streamCacheCapacity = 200_000);

    public abstract Task<IEventLog> OpenReadOnlyAsync();

    /// <summary>
    /// Runs SQL behind the log's back; returns the rows changed. Written against the SQLite schema (table
    /// <c>events</c>, column <c>at_ms</c>); the PostgreSQL store translates the names.
    /// </summary>
    public abstract int Tamper(string sql);

    /// <summary>Blocks every writer of the log until disposed, as a long transaction of someone else's would.</summary>
    public abstract Task<IAsyncDisposable> HoldWritersAsync();

    public static long Commits(IEventLog log) => log switch
    {
        EventLog sqlite => sqlite.Commits,
        PostgresEventLog postgres => postgres.Commits,
        _ => throw new ArgumentException($"unknown log {log.GetType().Name}", nameof(log)),
    };

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteLogStore : LogStore
{
    public LogFolder Folder { get; } = new();

    public override IEventLog Open(bool synchronousFull = true, int streamCacheCapacity = 200_000) => Folder.Open(synchronousFull, streamCacheCapacity);

    public override Task<IEventLog> OpenReadOnlyAsync() => Task.FromResult<IEventLog>(EventLog.OpenReadOnly(Folder.DatabasePath));

    public override int Tamper(string sql) => Folder.Tamper(sql);

    public override Task<IAsyncDisposable> HoldWritersAsync()
    {
        var connection = Folder.Connect();
        var transaction = connection.BeginTransaction(deferred: false);
        return Task.FromResult<IAsyncDisposable>(new Hold(async () =>
        {
            transaction.Rollback();
            transaction.Dispose();
            await connection.DisposeAsync();
        }));
    }

    public override ValueTask DisposeAsync()
    {
        Folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed partial class PostgresLogStore(string connectionString) : LogStore
{
    public string ConnectionString { get; } = connectionString;

    public override IEventLog Open(bool synchronousFull = true, int streamCacheCapacity = 200_000) =>
        PostgresEventLog.Open(new PostgresEventLogOptions { ConnectionString = ConnectionString });

    public override async Task<IEventLog> OpenReadOnlyAsync() => await PostgresEventLog.OpenReadOnlyAsync(ConnectionString);

    public override int Tamper(string sql)
    {
        sql = AtPlusOne().Replace(sql, "at + interval '1 millisecond'");
        sql = AtMs().Replace(sql, "at");
        sql = Events().Replace(sql, "log_events");
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    public override async Task<IAsyncDisposable> HoldWritersAsync()
    {
        // The lock each writer's transaction takes first.
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('vigie-log-append'))", connection))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new Hold(async () =>
        {
            // A session lock outlives the connection's return to the pool: released by hand.
            await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
            {
                await unlock.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        });
    }

    // The database goes with the test run's server.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [GeneratedRegex(@"\bat_ms \+ 1\b")]
    private static partial Regex AtPlusOne();

    [GeneratedRegex(@"\bat_ms\b")]
    private static partial Regex AtMs();

    [GeneratedRegex(@"\bevents\b")]
    private static partial Regex Events();
}

internal sealed class Hold(Func<ValueTask> release) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => release();
}
