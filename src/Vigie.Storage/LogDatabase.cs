using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigie.Storage;

/// <summary>
/// The event log's SQLite file, in WAL mode so readers (the station's queries, a CLI) run beside the writer.
/// Schema changes are numbered migrations (user_version).
/// </summary>
internal static class LogDatabase
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE events(
            position INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            version INTEGER NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            actor TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE(stream, version));
        CREATE TABLE documents(
            collection TEXT NOT NULL,
            key TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY(collection, key)) WITHOUT ROWID;
        """,
    ];

    public static int SchemaVersion => Migrations.Length;

    /// <summary>Opens the writer's connection, creating folder, file and schema when needed.</summary>
    public static SqliteConnection OpenForWriting(string path, bool synchronousFull)
    {
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        try
        {
            connection.Open();
            // The writer checkpoints itself (wal_autocheckpoint, left at its default) right after a commit, when
            // nothing else writes, so the WAL restarts from its beginning instead of growing; the volume here is
            // operator and alert events, far below signal reception, so the pause is not worth a side connection.
            Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(synchronousFull ? "FULL" : "NORMAL")}; PRAGMA journal_size_limit=67108864;");
            Migrate(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A connection that cannot write, whatever the caller does with it.</summary>
    public static SqliteConnection OpenForReading(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
        connection.Open();
        return connection;
    }

    /// <summary>The file's schema version, refusing a file that is not an event log or is newer than this code.</summary>
    public static void CheckSchema(SqliteConnection connection, string path)
    {
        var version = Scalar(connection, "PRAGMA user_version");
        if (version == 0)
        {
            throw new InvalidOperationException($"{path} is not an event log (no schema)");
        }
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"{path} has schema version {version}, newer than this program knows ({SchemaVersion})");
        }
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Cache = SqliteCacheMode.Private,
        // Our own connections are few and long-lived; pooling would keep the file open after Dispose.
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    private static void Migrate(SqliteConnection connection)
    {
        var current = Scalar(connection, "PRAGMA user_version");
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"{connection.DataSource} has schema version {current}, newer than this program knows ({SchemaVersion})");
        }
        if (current == SchemaVersion)
        {
            return;
        }
        using var transaction = connection.BeginTransaction(deferred: false);
        for (var i = (int)current; i < Migrations.Length; i++)
        {
            Execute(connection, Migrations[i], transaction);
            Execute(connection, $"PRAGMA user_version={i + 1}", transaction);
        }
        transaction.Commit();
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
