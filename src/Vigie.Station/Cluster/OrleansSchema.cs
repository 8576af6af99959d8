using System.Globalization;
using Npgsql;

namespace Vigie.Station.Cluster;

/// <summary>
/// Orleans' own tables on the shared PostgreSQL (membership, reminders, grain state), created from the scripts Orleans
/// publishes for its ADO.NET providers. They are not idempotent, so they run once per database, under the schema
/// lock every module takes, and the version is recorded in vigie_schema (module "orleans").
/// </summary>
public static class OrleansSchema
{
    public const string Module = "orleans";

    /// <summary>1: the scripts of Microsoft.Orleans.*.AdoNet 10.4 (Main, Clustering, Reminders, Persistence).</summary>
    public const int Version = 1;

    private static readonly string[] Scripts = ["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Reminders.sql", "PostgreSQL-Persistence.sql"];

    /// <summary>Creates Orleans' tables if this database has none yet; a database already at this version is left as it is.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two stations starting together: the second waits here, then finds the version written.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('vigie-schema'))", ct);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS vigie_schema (module text PRIMARY KEY, version int NOT NULL, applied_at timestamptz NOT NULL)", ct);
        await using (var read = new NpgsqlCommand("SELECT version FROM vigie_schema WHERE module = @module", connection, transaction))
        {
            read.Parameters.AddWithValue("module", Module);
            if (await read.ExecuteScalarAsync(ct) is int current)
            {
                if (current > Version)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"the database's Orleans tables are at version {current}, this station knows version {Version}: upgrade the station"));
                }
                await transaction.CommitAsync(ct);
                return;
            }
        }
        foreach (var script in Scripts)
        {
            await ExecuteAsync(connection, transaction, Read(script), ct);
        }
        await using (var record = new NpgsqlCommand(
            "INSERT INTO vigie_schema (module, version, applied_at) VALUES (@module, @version, now())", connection, transaction))
        {
            record.Parameters.AddWithValue("module", Module);
            record.Parameters.AddWithValue("version", Version);
            await record.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static string Read(string script)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream("orleans/" + script)
            ?? throw new InvalidOperationException($"Orleans script {script} is not embedded in the station");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
