using Npgsql;

namespace Vigie.Storage;

/// <summary>
/// The event log's tables on PostgreSQL (module "log"): created at start and by <c>vigie db migrate</c>, numbered
/// migrations recorded in the cluster's shared <c>vigie_schema</c> table by <see cref="VersionedSchema"/>, like every
/// other module's.
/// </summary>
internal static class PostgresLogSchema
{
    public const string Module = "log";

    // Names and keys in "C" collation: ordered by bytes as on SQLite, and a LIKE prefix can use the index.
    // Data is text, not jsonb: the log stores what it was given byte for byte, as the hash covers it.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE log_events(
            position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream text COLLATE "C" NOT NULL,
            version bigint NOT NULL,
            type text NOT NULL,
            data text NOT NULL,
            actor text NOT NULL,
            at timestamptz NOT NULL,
            prev_hash text NOT NULL,
            hash text NOT NULL,
            CONSTRAINT log_events_stream_version UNIQUE(stream, version));
        CREATE TABLE log_documents(
            collection text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            data text NOT NULL,
            version bigint NOT NULL,
            PRIMARY KEY(collection, key));
        """,
    ];

    public static int SchemaVersion => Migrations.Length;

    /// <summary>Brings the database to this program's schema; refuses a database already newer than it.</summary>
    public static void Migrate(NpgsqlDataSource source) => MigrateAsync(source, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task MigrateAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await VersionedSchema.MigrateAsync(connection, Module, Migrations, ct).ConfigureAwait(false);
    }

    /// <summary>The log's schema version in the database; refuses one without the log or newer than this program.</summary>
    public static async Task CheckAsync(NpgsqlDataSource source, string location, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT version FROM vigie_schema WHERE module = @module AND to_regclass('log_events') IS NOT NULL", connection);
        command.Parameters.AddWithValue("module", Module);
        object? version;
        try
        {
            version = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            version = null;
        }
        if (version is not int found)
        {
            throw new InvalidOperationException($"{location} has no event log (no schema: run `vigie db migrate` or start `vigie serve` on it)");
        }
        if (found > SchemaVersion)
        {
            throw new InvalidOperationException($"{location} has event log schema version {found}, newer than this program knows ({SchemaVersion})");
        }
    }
}
