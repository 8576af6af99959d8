using Npgsql;

namespace Vigie.Storage;

/// <summary>What one module's schema did: from the version found to the version left (equal when nothing was to do).</summary>
public readonly record struct SchemaChange(string Module, int From, int To)
{
    public bool Changed => From != To;
}

/// <summary>A database that a newer Vigie has upgraded: this one would misread it, so it does not start.</summary>
public sealed class SchemaTooNewException(string module, int found, int known)
    : InvalidOperationException($"the database's {module} schema is version {found}, this vigie knows up to {known}: run the newer vigie")
{
    public string Module { get; } = module;
    public int Found { get; } = found;
    public int Known { get; } = known;
}

/// <summary>
/// A module's tables on PostgreSQL, upgraded by numbered steps: step i brings the schema from version i to i + 1, its
/// version kept in the shared table vigie_schema. All modules take one advisory lock for the whole upgrade, inside its
/// transaction, so two stations starting together run each step once; a step is never edited once released (a change
/// is a new step), which is what keeps every older database upgradable.
/// </summary>
public static class VersionedSchema
{
    private const string SchemaTable = """
        CREATE TABLE IF NOT EXISTS vigie_schema (
            module text PRIMARY KEY,
            version int NOT NULL,
            applied_at timestamptz NOT NULL)
        """;

    public static async Task<SchemaChange> MigrateAsync(string connectionString, string module, IReadOnlyList<string> steps, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return await MigrateAsync(connection, module, steps, cancellation);
    }

    /// <summary>The same on a connection already open (a data source's, whose connection string keeps no password).</summary>
    public static async Task<SchemaChange> MigrateAsync(NpgsqlConnection connection, string module, IReadOnlyList<string> steps, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('vigie-schema'))", cancellation);
        await ExecuteAsync(connection, SchemaTable, cancellation);
        int found;
        await using (var read = new NpgsqlCommand("SELECT version FROM vigie_schema WHERE module = $1", connection))
        {
            read.Parameters.AddWithValue(module);
            found = await read.ExecuteScalarAsync(cancellation) is int version ? version : 0;
        }
        if (found > steps.Count)
        {
            throw new SchemaTooNewException(module, found, steps.Count);
        }
        for (var step = found; step < steps.Count; step++)
        {
            await ExecuteAsync(connection, steps[step], cancellation);
        }
        if (found < steps.Count)
        {
            await using var write = new NpgsqlCommand("""
                INSERT INTO vigie_schema (module, version, applied_at) VALUES ($1, $2, now())
                ON CONFLICT (module) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
                """, connection);
            write.Parameters.AddWithValue(module);
            write.Parameters.AddWithValue(steps.Count);
            await write.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return new SchemaChange(module, found, steps.Count);
    }

    /// <summary>A module's version in the database; 0 when it has none yet (or no module has migrated).</summary>
    public static async Task<int> VersionAsync(string connectionString, string module, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var read = new NpgsqlCommand(
            "SELECT version FROM vigie_schema WHERE module = $1 AND to_regclass('vigie_schema') IS NOT NULL", connection);
        read.Parameters.AddWithValue(module);
        try
        {
            return await read.ExecuteScalarAsync(cancellation) is int version ? version : 0;
        }
        catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
