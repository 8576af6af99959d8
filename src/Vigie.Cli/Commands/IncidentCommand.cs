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
        var all = new Option<bool>("--all") { Description = "Closed incidents too." };
        var command = new Command("list", "List open incidents, most urgent first.") { data, all };
        command.SetAction(async (parse, ct) =>
        {
            if (Open(parse.GetValue(data)!) is not { } log)
            {
                return 1;
            }
            await using (log)
            {
                var documents = await log.ListDocumentsAsync(parse.GetValue(all) ? Collections.Incidents : Collections.OpenIncidents, ct);
                var incidents = documents.Select(d => Vigie.Station.Engine.EventCodec.Read<IncidentSummary>(d.Data)!).OrderBy(i => i.Priority).ThenBy(i => i.AlertAt).ToList();
                if (incidents.Count == 0)
                {
                    Console.WriteLine(parse.GetValue(all) ? "no incident" : "no open incident");
                }
                foreach (var i in incidents)
                {
                    Console.WriteLine($"{i.IncidentId,-16} {Paris(i.AlertAt)}  {i.Kind,-14} {i.Procedure,-20} {i.Status,-6} {i.LastStepText}");
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
        var command = new Command("show", "Print an incident's timeline (Europe/Paris time) and verify its hash chain; exit 3 if the chain is broken.") { id, data };
        command.SetAction(async (parse, ct) =>
        {
            if (Open(parse.GetValue(data)!) is not { } log)
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
                    Console.Error.WriteLine($"error: no incident {incidentId} in {log.DatabasePath}");
                    return 1;
                }
                Console.WriteLine($"incident {incidentId}");
                foreach (var e in stored)
                {
                    var text = Vigie.Station.Texts.StepText.Of(EventCodec.DecodeIncident(e));
                    Console.WriteLine($"  {e.Version,3}  {Paris(e.At)}  {Vigie.Station.Texts.StepText.Actor(e.Actor),-22} {text}");
                }
                var chain = await log.VerifyStreamAsync(stream, ct);
                Console.WriteLine(chain.IsIntact
                    ? $"hash chain intact: {chain.EventsChecked} events, last hash {stored[^1].Hash[..16]}…"
                    : $"HASH CHAIN BROKEN at version {chain.FirstBrokenVersion}: {chain.Problem}");
                return chain.IsIntact ? 0 : 3;
            }
        });
        return command;
    }

    private static EventLog? Open(string data)
    {
        var path = CommonOptions.LoadStationOptions(data).EventLogPath!;
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"error: no event log at {path} (has `vigie serve` run with this --data?)");
            return null;
        }
        return EventLog.OpenReadOnly(path);
    }

    private static readonly DateTimeZone ParisZone = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    internal static string Paris(Instant at) =>
        at.InZone(ParisZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
