using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Vigie.Domain.Contacts;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie phone`: the SIMULATED phones of the development telephony. Automatic calls ring in the running
/// station until answered here: `vigie phone answer +33612345678 --dtmf 1234`, or by the call's id when two ring at
/// one number (`vigie phone calls` lists the ids). The simulators' routes are for staff:
/// the command shows the run's simulator credential, which the station writes to its data folder (--data) for its
/// own user only.
/// </summary>
internal static class PhoneCommand
{
    public static Command Create()
    {
        var command = new Command("phone", "Simulated phones: see ringing calls, answer them with a code, or reject them.");
        command.Subcommands.Add(Calls());
        command.Subcommands.Add(Answer());
        command.Subcommands.Add(Reject());
        return command;
    }

    private static Option<double> Wait(string what) => new("--wait")
    {
        Description = $"Wait up to this many seconds for {what} to ring (the 30-s cancellation window of an intrusion, say); 0: not at all.",
        DefaultValueFactory = _ => 0,
    };

    private static Argument<string> Call(string who) => new("call")
    {
        Description = $"The call's id as `vigie phone calls` lists it (DEMO-1-0001-C01), or the number {who} (+33612345678 or 06 12 34 56 78) when only one call rings there.",
    };

    private static Command Calls()
    {
        var url = CommonOptions.Url();
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the station running the simulated phones (its run's credential is read there); default: the demo's.");
        var wait = Wait("a call");
        var command = new Command("calls", "List the calls ringing now: id, number, who, incident.") { url, data, wait };
        command.SetAction(async (parse, ct) => await Run(parse.GetValue(data)!, async http =>
        {
            var calls = await RingingAsync(http, parse.GetValue(url)!, _ => true, parse.GetValue(wait), ct);
            if (calls.Count == 0)
            {
                Console.WriteLine(CliText.Get("phone.none"));
            }
            foreach (var call in calls)
            {
                Console.WriteLine(CliText.Format("phone.call", call.GetProperty("callId").GetString(), call.GetProperty("to").GetString(),
                    call.GetProperty("calleeName").GetString()?.PadRight(16), call.GetProperty("incidentId").GetString()));
            }
            return 0;
        }));
        return command;
    }

    private static Command Answer()
    {
        var url = CommonOptions.Url();
        var call = Call("that answers");
        var dtmf = new Option<string>("--dtmf") { Description = "The keys typed: the confidential code.", Required = true };
        var agent = new Option<bool>("--agent") { Description = "After the code, ask for a security agent (types #9)." };
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the station running the simulated phones (its run's credential is read there); default: the demo's.");
        var wait = Wait("the call");
        var command = new Command("answer", "Answer a ringing call (by its id, or its number) and type a code.") { call, dtmf, agent, url, data, wait };
        command.SetAction(async (parse, ct) =>
        {
            if (Choose(parse.GetValue(call)!) is not { } which)
            {
                return 2;
            }
            var keys = parse.GetValue(dtmf)! + (parse.GetValue(agent) ? "#9" : "");
            return await Post(parse.GetValue(url)!, parse.GetValue(data)!, "/api/v1/simulator/calls/answer", which, parse.GetValue(wait), new { number = which.Number, call = which.Call, dtmf = keys }, ct,
                $"{which} answered and typed {new string('*', parse.GetValue(dtmf)!.Length)}{(parse.GetValue(agent) ? " then #9" : "")}");
        });
        return command;
    }

    private static Command Reject()
    {
        var url = CommonOptions.Url();
        var call = Call("that does not answer");
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the station running the simulated phones (its run's credential is read there); default: the demo's.");
        var wait = Wait("the call");
        var command = new Command("reject", "Let a ringing call (by its id, or its number) go unanswered.") { call, url, data, wait };
        command.SetAction(async (parse, ct) =>
        {
            if (Choose(parse.GetValue(call)!) is not { } which)
            {
                return 2;
            }
            return await Post(parse.GetValue(url)!, parse.GetValue(data)!, "/api/v1/simulator/calls/reject", which, parse.GetValue(wait), new { number = which.Number, call = which.Call }, ct,
                $"{which} did not answer");
        });
        return command;
    }

    /// <summary>A call's id holds letters (DEMO-1-0001-C01); anything else is read as the number it rings at.</summary>
    private static ChosenCall? Choose(string text)
    {
        if (text.Any(char.IsAsciiLetter))
        {
            return new ChosenCall(null, text.Trim());
        }
        if (!PhoneNumber.TryParse(text, out var phone, out var refused, "call"))
        {
            Console.Error.WriteLine($"error: call: neither a call's id nor a number: {refused.Detail}");
            return null;
        }
        return new ChosenCall(phone.Value, null);
    }

    private sealed record ChosenCall(string? Number, string? Call)
    {
        public bool Matches(JsonElement ringing) => Call is { } id
            ? string.Equals(ringing.GetProperty("callId").GetString(), id, StringComparison.OrdinalIgnoreCase)
            : ringing.GetProperty("to").GetString() == Number;

        public override string ToString() => Call is { } id ? $"call {id}" : Number!;
    }

    /// <summary>The calls ringing that match, waiting up to <paramref name="seconds"/> for one to ring.</summary>
    private static async Task<IReadOnlyList<JsonElement>> RingingAsync(HttpClient http, string url, Func<JsonElement, bool> matches, double seconds, CancellationToken ct)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(0, seconds));
        while (true)
        {
            var calls = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(url), "/api/v1/simulator/calls"), ct);
            var found = calls.EnumerateArray().Where(matches).ToList();
            if (found.Count > 0 || DateTime.UtcNow >= until)
            {
                return found;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    private static Task<int> Post(string url, string data, string path, ChosenCall which, double wait, object body, CancellationToken ct, string done) => Run(data, async http =>
    {
        if (wait > 0)
        {
            await RingingAsync(http, url, which.Matches, wait, ct);
        }
        using var response = await http.PostAsJsonAsync(new Uri(new Uri(url), path), body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"error: {ProblemDetail(text)}");
            return 1;
        }
        using var json = JsonDocument.Parse(text);
        var accepted = json.RootElement.GetProperty("accepted").GetBoolean();
        var callId = json.RootElement.TryGetProperty("callId", out var id) ? id.GetString() : null;
        Console.WriteLine(accepted ? $"{done} (call {callId}, incident {json.RootElement.GetProperty("incidentId").GetString()})" : $"refused: {json.RootElement.GetProperty("problem").GetString()}");
        return accepted ? 0 : 1;
    });


    internal static string ProblemDetail(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>Calls the station with the simulator credential of the station running on <paramref name="data"/>.</summary>
    private static async Task<int> Run(string data, Func<HttpClient, Task<int>> action)
    {
        if (Vigie.Station.Simulator.SimulatorCredential.Read(data) is not { Length: > 0 } credential)
        {
            Console.Error.WriteLine($"error: no simulator credential in {Path.Combine(Path.GetFullPath(data), Vigie.Station.Simulator.SimulatorCredential.FileName)}: "
                + "the simulated phones answer only while `vigie demo` (or a station with Engine:SimulatorApi) runs on that folder (--data)");
            return 1;
        }
        return await Run(async http =>
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
            return await action(http);
        });
    }

    internal static async Task<int> Run(Func<HttpClient, Task<int>> action)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            return await action(http);
        }
        catch (HttpRequestException error)
        {
            Console.Error.WriteLine($"error: no station answers ({error.Message}); is `vigie serve` or `vigie demo` running? (--url)");
            return 1;
        }
    }
}
