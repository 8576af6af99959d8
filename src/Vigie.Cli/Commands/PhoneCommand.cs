using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Vigie.Domain.Contacts;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie phone`: the SIMULATED phones of the development telephony. Automatic calls ring in the running
/// station until answered here: `vigie phone answer +33612345678 --dtmf 1234`. The simulators' routes are for staff:
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

    private static Command Calls()
    {
        var url = CommonOptions.Url();
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the station running the simulated phones (its run's credential is read there); default: the demo's.");
        var command = new Command("calls", "List the calls ringing now.") { url, data };
        command.SetAction(async (parse, ct) => await Run(parse.GetValue(data)!, async http =>
        {
            var calls = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(parse.GetValue(url)!), "/api/v1/simulator/calls"), ct);
            if (calls.GetArrayLength() == 0)
            {
                Console.WriteLine(CliText.Get("phone.none"));
            }
            foreach (var call in calls.EnumerateArray())
            {
                Console.WriteLine(CliText.Format("phone.call", call.GetProperty("to").GetString(), call.GetProperty("calleeName").GetString()?.PadRight(16),
                    call.GetProperty("incidentId").GetString(), call.GetProperty("callId").GetString()));
            }
            return 0;
        }));
        return command;
    }

    private static Command Answer()
    {
        var url = CommonOptions.Url();
        var number = new Argument<string>("number") { Description = "The phone that answers (+33612345678 or 06 12 34 56 78)." };
        var dtmf = new Option<string>("--dtmf") { Description = "The keys typed: the confidential code.", Required = true };
        var agent = new Option<bool>("--agent") { Description = "After the code, ask for a security agent (types #9)." };
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the station running the simulated phones (its run's credential is read there); default: the demo's.");
        var command = new Command("answer", "Answer the call ringing at a number and type a code.") { number, dtmf, agent, url, data };
        command.SetAction(async (parse, ct) =>
        {
            if (!PhoneNumber.TryParse(parse.GetValue(number), out var phone, out var error))
            {
                Console.Error.WriteLine($"error: number: {error}");
                return 2;
            }
            var keys = parse.GetValue(dtmf)! + (parse.GetValue(agent) ? "#9" : "");
            return await Post(parse.GetValue(url)!, parse.GetValue(data)!, "/api/v1/simulator/calls/answer", new { number = phone.Value, dtmf = keys }, ct,
                $"{phone} answered and typed {new string('*', parse.GetValue(dtmf)!.Length)}{(parse.GetValue(agent) ? " then #9" : "")}");
        });
        return command;
    }

    private static Command Reject()
    {
        var url = CommonOptions.Url();
        var number = new Argument<string>("number") { Description = "The phone that does not answer." };
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the station running the simulated phones (its run's credential is read there); default: the demo's.");
        var command = new Command("reject", "Let the call ringing at a number go unanswered.") { number, url, data };
        command.SetAction(async (parse, ct) =>
        {
            if (!PhoneNumber.TryParse(parse.GetValue(number), out var phone, out var error))
            {
                Console.Error.WriteLine($"error: number: {error}");
                return 2;
            }
            return await Post(parse.GetValue(url)!, parse.GetValue(data)!, "/api/v1/simulator/calls/reject", new { number = phone.Value }, ct, $"{phone} did not answer");
        });
        return command;
    }

    private static Task<int> Post(string url, string data, string path, object body, CancellationToken ct, string done) => Run(data, async http =>
    {
        using var response = await http.PostAsJsonAsync(new Uri(new Uri(url), path), body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"error: {ProblemDetail(text)}");
            return 1;
        }
        using var json = JsonDocument.Parse(text);
        var accepted = json.RootElement.GetProperty("accepted").GetBoolean();
        Console.WriteLine(accepted ? $"{done} (incident {json.RootElement.GetProperty("incidentId").GetString()})" : $"refused: {json.RootElement.GetProperty("problem").GetString()}");
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
