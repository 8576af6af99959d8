using Microsoft.Data.Sqlite;

namespace Vigie.Receiver.Journal;

/// <summary>
/// The receiver's SQLite file: signal journal, account presence and the account registry, in WAL mode so the
/// CLI and `journal tail` read while the station writes. Schema changes are numbered migrations (user_version).
/// </summary>
public static class ReceiverDatabase
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE signals(
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            transport TEXT NOT NULL,
            remote TEXT,
            token TEXT NOT NULL,
            account TEXT,
            receiver TEXT,
            line TEXT,
            sequence INTEGER NOT NULL,
            panel_time INTEGER,
            status TEXT NOT NULL,
            site_ref TEXT,
            data TEXT,
            xdata TEXT,
            events TEXT,
            raw BLOB NOT NULL,
            content_hash INTEGER NOT NULL);
        CREATE INDEX signals_by_account ON signals(account, id);
        CREATE TABLE presence(
            account TEXT NOT NULL,
            receiver TEXT NOT NULL,
            line TEXT NOT NULL,
            last_seen INTEGER NOT NULL,
            transport TEXT NOT NULL,
            remote TEXT,
            PRIMARY KEY(account, receiver, line)) WITHOUT ROWID;
        CREATE TABLE accounts(
            account TEXT NOT NULL,
            receiver TEXT NOT NULL DEFAULT '',
            line TEXT NOT NULL DEFAULT '',
            key TEXT,
            key_format TEXT NOT NULL DEFAULT 'ascii',
            site_ref TEXT,
            panel_clock TEXT,
            window_behind_s INTEGER,
            window_ahead_s INTEGER,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY(account, receiver, line)) WITHOUT ROWID;
        CREATE TABLE registry_version(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
        INSERT INTO registry_version VALUES (1, 0);
        """,
        // Keys encrypted at rest (key_protected = 1; older rows are encrypted at the receiver's start), and the
        // per-account permission to send plain messages despite a key.
        """
        ALTER TABLE accounts ADD COLUMN key_protected INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE accounts ADD COLUMN allow_plain INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Opens the file (creating folder and schema when needed) with WAL and the given durability.</summary>
    public static SqliteConnection Open(string path, string synchronous = "FULL")
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        if (synchronous is not ("FULL" or "NORMAL" or "EXTRA"))
        {
            throw new ArgumentException($"journal synchronous mode must be FULL, NORMAL or EXTRA, not '{synchronous}'", nameof(synchronous));
        }
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
        Migrate(connection);
        return connection;
    }

    private static void Migrate(SqliteConnection connection)
    {
        if (Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture) >= Migrations.Length)
        {
            return;
        }
        // One writer migrates; others wait on the lock and find the work done.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version", transaction), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = version; i < Migrations.Length; i++)
        {
            Execute(connection, Migrations[i], transaction);
            Execute(connection, $"PRAGMA user_version={i + 1}", transaction);
        }
        transaction.Commit();
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    public static long ToUnixMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
