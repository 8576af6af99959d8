using System.CommandLine;
using Spectre.Console;
using Vigie.Receiver;
using Vigie.Receiver.Journal;

namespace Vigie.Cli.Commands;

/// <summary>`vigie journal list|tail`: what the station received, as stored.</summary>
internal static class JournalCommand
{
    public static Command Create() => new("journal", "Read the signal journal.") { List(), Tail() };

    private static Command List()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var account = new Option<string?>("--account") { Description = "Only this account's signals." };
        var json = new Option<bool>("--json") { Description = "One JSON object per signal (account, sequence, token, received, status, events…)." };
        var limit = new Option<int>("--limit") { Description = "At most this many signals.", DefaultValueFactory = _ => int.MaxValue };
        var command = new Command("list", "Print stored signals, oldest first.") { data, postgres, account, json, limit };
        command.SetAction(parse => AccountsCommand.Guard(() =>
        {
            var signals = ReceiverStores.Journal(parse.GetValue(data)!, AccountsCommand.SharedDatabase(parse.GetValue(data)!, parse.GetValue(postgres))).List(parse.GetValue(account), 0, parse.GetValue(limit));
            if (parse.GetValue(json))
            {
                foreach (var s in signals)
                {
                    Console.WriteLine(s.ToJson());
                }
                return;
            }
            foreach (var s in signals)
            {
                Console.WriteLine(Line(s));
            }
            Console.WriteLine($"{signals.Count} signals");
        }));
        return command;
    }

    private static Command Tail()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = new Option<bool>("--json") { Description = "One JSON object per signal." };
        var from = new Option<long>("--from") { Description = "Start after this signal id (default: the last 10).", DefaultValueFactory = _ => -1 };
        var count = new Option<int>("--count") { Description = "Stop after this many signals (default: run until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var command = new Command("tail", "Live view of signals as they are stored (Ctrl+C to stop).") { data, postgres, json, from, count };
        command.SetAction(async (parse, cancellation) =>
        {
            var query = ReceiverStores.Journal(parse.GetValue(data)!, AccountsCommand.SharedDatabase(parse.GetValue(data)!, parse.GetValue(postgres)));
            var printed = 0;
            var limit = parse.GetValue(count);
            try
            {
                await Follow(query, parse.GetValue(from), s =>
                {
                    Console.WriteLine(parse.GetValue(json) ? s.ToJson() : Line(s));
                    printed++;
                    return limit == 0 || printed < limit;
                }, cancellation);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: a normal end for a live view.
            }
            catch (Exception error) when (error is FileNotFoundException or Npgsql.NpgsqlException)
            {
                Console.Error.WriteLine($"error: {error.Message}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    /// <summary>Polls the journal for new signals (WAL readers never block the station's writer).</summary>
    public static async Task Follow(IJournalReader query, long after, Func<StoredSignal, bool> onSignal, CancellationToken cancellation)
    {
        if (after < 0)
        {
            var recent = query.List(null, 0, int.MaxValue);
            after = recent.Count > 10 ? recent[^11].Id : 0;
        }
        while (!cancellation.IsCancellationRequested)
        {
            foreach (var signal in query.List(null, after, 500))
            {
                after = signal.Id;
                if (!onSignal(signal))
                {
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellation);
        }
    }

    public static string Line(StoredSignal s)
    {
        var events = s.Events is null ? "" : SummariseEvents(s.Events);
        return $"#{s.Id,-6} {ParisTime.Format(s.ReceivedAt)} {s.Transport,-3} {s.Account ?? "-",-10} {s.Token,-9} seq {s.Sequence:D4} {SignalStatusNames.Name(s.Status),-18} {events}";
    }

    private static string SummariseEvents(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            return $"unreadable payload: {document.RootElement.GetProperty("error").GetString()}";
        }
        return string.Join("; ", document.RootElement.EnumerateArray().Select(e =>
        {
            var where = e.TryGetProperty("zone", out var zone) ? $" [zone {zone.GetInt32()}]" : e.TryGetProperty("user", out var user) ? $" [user {user.GetInt32()}]" : "";
            return $"{e.GetProperty("label").GetString()}{where}";
        }));
    }
}

/// <summary>Operators read times in Europe/Paris (ARCHITECTURE rule 5); storage stays UTC.</summary>
internal static class ParisTime
{
    private static readonly NodaTime.DateTimeZone Zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public static string Format(DateTime utc) =>
        NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(Zone)
            .ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
