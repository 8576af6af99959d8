using Vigie.Storage;

namespace Vigie.Station.Cluster;

/// <summary>
/// Orleans' own tables on the shared PostgreSQL (membership, reminders, grain state), created from the scripts Orleans
/// publishes for its ADO.NET providers. They are not idempotent, so they are one versioned step (module "orleans" in
/// vigie_schema), run once per database under the schema lock every module takes.
/// </summary>
public static class OrleansSchema
{
    public const string Module = "orleans";

    /// <summary>Step 1: the scripts of Microsoft.Orleans.*.AdoNet 10.4 (Main, Clustering, Reminders, Persistence).</summary>
    public const int Version = 1;

    private static readonly string[] Scripts = ["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Reminders.sql", "PostgreSQL-Persistence.sql"];

    /// <summary>Creates Orleans' tables if this database has none yet; a database already at this version is left as it is.</summary>
    public static Task<SchemaChange> MigrateAsync(string connectionString, CancellationToken ct) =>
        VersionedSchema.MigrateAsync(connectionString, Module, [string.Join('\n', Scripts.Select(Read))], ct);

    private static string Read(string script)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream("orleans/" + script)
            ?? throw new InvalidOperationException($"Orleans script {script} is not embedded in the station");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
