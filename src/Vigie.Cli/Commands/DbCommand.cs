using System.CommandLine;
using System.Text.Json;
using Vigie.Receiver.Postgres;
using Vigie.Storage;

namespace Vigie.Cli.Commands;

/// <summary>`vigie db migrate`: creates or upgrades every module's tables in the cluster's PostgreSQL database.</summary>
internal static class DbCommand
{
    /// <summary>
    /// Every module's schema in the shared database, in the order they are brought up to date: the one list to extend
    /// when a module stores something there (each module owns its tables and its steps).
    /// </summary>
    internal static readonly IReadOnlyList<Func<string, CancellationToken, Task<SchemaChange>>> Modules =
    [
        Vigie.Receiver.Security.KeyRingDb.MigrateAsync,
        Vigie.Web.Staff.StaffDb.MigrateAsync,
        Vigie.Receiver.Journal.Postgres.ReceiverSchema.MigrateAsync,
        EventLogAsync,
        Vigie.Station.Cluster.OrleansSchema.MigrateAsync,
        Vigie.Station.Media.MediaCatalogue.MigrateAsync,
    ];

    /// <summary>The event log keeps its own numbered steps (Vigie.Storage does not know the receiver's schema type).</summary>
    private static async Task<SchemaChange> EventLogAsync(string connection, CancellationToken cancellation)
    {
        const string module = "log";
        var before = await VersionedSchema.VersionAsync(connection, module, cancellation);
        await Vigie.Storage.PostgresEventLog.MigrateAsync(connection, cancellation);
        return new SchemaChange(module, before, await VersionedSchema.VersionAsync(connection, module, cancellation));
    }

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = new Option<bool>("--json") { Description = "Print the versions as JSON ([{module, from, to}])." };
        var migrate = new Command("migrate", "Create or upgrade every module's tables in the PostgreSQL database (idempotent: a second run changes nothing).")
        {
            data, postgres, json,
        };
        migrate.SetAction(async (parse, cancellation) =>
        {
            var connection = CommonOptions.LoadReceiverOptions(parse.GetValue(data)!, parse.GetValue(postgres)).Postgres;
            if (connection is null)
            {
                Console.Error.WriteLine("error: --postgres: give the database's connection string (or set Receiver:Postgres, VIGIE_Receiver__Postgres)");
                return 1;
            }
            var changes = new List<SchemaChange>();
            try
            {
                await PostgresDatabase.CheckAsync(connection, cancellation);
                foreach (var migrateModule in Modules)
                {
                    changes.Add(await migrateModule(connection, cancellation));
                }
            }
            catch (Exception refused) when (refused is PostgresSettingException or SchemaTooNewException or Npgsql.NpgsqlException)
            {
                Console.Error.WriteLine($"error: {PostgresDatabase.Mask(refused.Message, connection)}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(changes.Select(c => new { module = c.Module, from = c.From, to = c.To })));
                return 0;
            }
            foreach (var change in changes)
            {
                Console.WriteLine(change.Changed
                    ? $"{change.Module,-10} version {change.To} (was {change.From})"
                    : $"{change.Module,-10} version {change.To} (up to date)");
            }
            return 0;
        });
        return new Command("db", "The cluster's PostgreSQL database.") { migrate };
    }
}
