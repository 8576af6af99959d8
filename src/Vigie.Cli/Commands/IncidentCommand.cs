using System.CommandLine;
using System.Globalization;
using NodaTime;
using Vigie.Station.Engine;
using Vigie.Storage;

namespace Vigie.Cli.Commands;

/// <summary>`vigie incident list|show`: reads the event log directly (read-only), so it works with or without a running station.</summary>
internal static class IncidentCommand
{
    public static Command Create()
    {
        var command = new Command("incident", "Incidents from the event log: list them, show one's timeline and verify its hash chain.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command List()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var all = new Option<bool>("--all") { Description = "Closed incidents too." };
        var command = new Command("list", "List open incidents, most urgent first.") { data, postgres, all };
        command.SetAction(async (parse, ct) =>
        {
            if (await OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct) is not { } log)
            {
                return 1;
            }
            await using (log)
            {
                var documents = await log.ListDocumentsAsync(parse.GetValue(all) ? Collections.Incidents : Collections.OpenIncidents, ct);
                var incidents = documents.Select(d => Vigie.Station.Engine.EventCodec.Read<IncidentSummary>(d.Data)!).OrderBy(i => i.Priority).ThenBy(i => i.AlertAt).ToList();
                if (incidents.Count == 0)
                {
                    Console.WriteLine(CliText.Get(parse.GetValue(all) ? "incidents.none" : "incidents.noneOpen"));
                }
                // Columns as wide as their widest name: French names are longer than the English ones.
                var rows = incidents.Select(i => (i.IncidentId, At: CliText.When(i.AlertAt), Kind: CliText.Of(i.Kind), Procedure: CliText.Of(i.Procedure), Status: CliText.Of(i.Status), LastStep: i.Last is { } last ? Vigie.Station.Texts.StepText.Of(last, CliText.Culture) : i.LastStep)).ToList();
                int Width(Func<(string IncidentId, string At, string Kind, string Procedure, string Status, string LastStep), string> cell) => rows.Max(r => cell(r).Length);
                foreach (var r in rows)
                {
                    Console.WriteLine($"{r.IncidentId.PadRight(Math.Max(16, Width(x => x.IncidentId)))} {r.At.PadRight(Width(x => x.At))}  {r.Kind.PadRight(Width(x => x.Kind))}  " +
                        $"{r.Procedure.PadRight(Width(x => x.Procedure))}  {r.Status.PadRight(Width(x => x.Status))}  {r.LastStep}");
                }
                return 0;
            }
        });
        return command;
    }

    private static Command Show()
    {
        var data = CommonOptions.Data();
        var id = new Argument<string>("id") { Description = "The incident's id (e.g. DEMO-1-0001)." };
        var postgres = CommonOptions.Postgres();
        var command = new Command("show", "Print an incident's timeline (Europe/Paris time) and verify its hash chain; exit 3 if the chain is broken.") { id, data, postgres };
        command.SetAction(async (parse, ct) =>
        {
            if (await OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct) is not { } log)
            {
                return 1;
            }
            await using (log)
            {
                var incidentId = parse.GetValue(id)!;
                var stream = "incident-" + incidentId;
                var stored = await log.ReadStreamAsync(stream, ct: ct);
                if (stored.Count == 0)
                {
                    Console.Error.WriteLine($"error: no incident {incidentId} in {log.Location}");
                    return 1;
                }
                Console.WriteLine(CliText.Format("incident.title", incidentId));
                foreach (var e in stored)
                {
                    var text = Vigie.Station.Texts.StepText.Of(EventCodec.DecodeIncident(e), CliText.Culture);
                    Console.WriteLine($"  {e.Version,3}  {CliText.When(e.At)}  {Vigie.Station.Texts.StepText.Actor(e.Actor, CliText.Culture),-22} {text}");
                }
                var chain = await log.VerifyStreamAsync(stream, ct);
                Console.WriteLine(chain.IsIntact
                    ? CliText.Format("incident.chainIntact", chain.EventsChecked, stored[^1].Hash[..16])
                    : CliText.Format("incident.chainBroken", chain.FirstBrokenVersion, chain.Problem));
                return chain.IsIntact ? 0 : 3;
            }
        });
        return command;
    }

    internal static async Task<IEventLog?> OpenAsync(string data, string? postgresOption, CancellationToken ct)
    {
        // A cluster's log is in its PostgreSQL database (--postgres, vigie.json or VIGIE_Receiver__Postgres), read-only there too.
        if (CommonOptions.LoadReceiverOptions(data, postgresOption).Postgres is { } postgres)
        {
            try
            {
                await Vigie.Receiver.Postgres.PostgresDatabase.CheckAsync(postgres, ct);
                return await PostgresEventLog.OpenReadOnlyAsync(postgres, ct);
            }
            catch (Exception error) when (error is Vigie.Receiver.Postgres.PostgresSettingException or InvalidOperationException or Npgsql.NpgsqlException)
            {
                // The connection string may hold a password: never echoed.
                Console.Error.WriteLine($"error: {Vigie.Receiver.Postgres.PostgresDatabase.Mask(error.Message, postgres)}");
                return null;
            }
        }
        var path = CommonOptions.LoadStationOptions(data).EventLogPath!;
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"error: no event log at {path} (has `vigie serve` run with this --data?)");
            return null;
        }
        return EventLog.OpenReadOnly(path);
    }
}
