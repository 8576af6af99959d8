using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigie.Receiver.Simulation;
using Vigie.Storage;

namespace Vigie.Cli.Tests;

/// <summary>
/// A newcomer's walk-through, as README.md writes it between its walkthrough markers, run end to end against a quiet
/// `vigie demo`: every step succeeds, the incident it raises is there, and no other incident exists.
/// </summary>
public sealed partial class ReadmeWalkThroughTests
{
    [GeneratedRegex(@"<!-- walkthrough -->\s*```sh\n(?<steps>.*?)```\s*<!-- /walkthrough -->", RegexOptions.Singleline)]
    private static partial Regex WalkThrough();

    [GeneratedRegex(@"^incident show (?<id>\S+)")]
    private static partial Regex ShowIncident();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Vigie.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("no Vigie.slnx above the tests");
    }

    /// <summary>The README's steps: each `./vigie …` line, its comment cut off, split into arguments.</summary>
    internal static IReadOnlyList<string[]> Steps(string readme)
    {
        var block = WalkThrough().Match(readme);
        Assert.True(block.Success, "README.md has no ```sh block between <!-- walkthrough --> and <!-- /walkthrough -->");
        var steps = new List<string[]>();
        foreach (var line in block.Groups["steps"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = line.Split(" #", 2)[0].Trim();
            Assert.StartsWith("./vigie ", command, StringComparison.Ordinal);
            Assert.DoesNotContain('"', command); // arguments are split on spaces: a quoted one would need a shell
            steps.Add(command["./vigie ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.NotEmpty(steps);
        return steps;
    }

    [Fact]
    public void The_walk_through_block_is_read_step_by_step_without_its_comments()
    {
        var steps = Steps("""
            intro
            <!-- walkthrough -->
            ```sh
            ./vigie simulate --site DEMO-1 --event CL001   # arm total
            ./vigie phone answer +33639982001 --dtmf 1234 --agent  # code, then #9
            ```
            <!-- /walkthrough -->
            """.ReplaceLineEndings("\n"));

        Assert.Equal([["simulate", "--site", "DEMO-1", "--event", "CL001"], ["phone", "answer", "+33639982001", "--dtmf", "1234", "--agent"]], steps);
    }

    [Fact]
    public async Task The_READMEs_walk_through_on_a_quiet_demo_raises_its_incident_and_no_other()
    {
        var steps = Steps(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md")));
        var raised = steps.Select(s => ShowIncident().Match(string.Join(' ', s))).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToHashSet();
        Assert.NotEmpty(raised); // the walk-through shows the incident it raises, so the test knows which one to expect

        // A folder of its own, where the README's relative `demo-data` lands; free ports, given to the steps the way a
        // user would move them (VIGIE_URL, VIGIE_DC09_TCP) so that the steps stay exactly as written.
        var folder = Path.Combine(Path.GetTempPath(), "vigie-walkthrough", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var http = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var tcp = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var udp = Loopback.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var environment = new Dictionary<string, string?>
        {
            ["VIGIE_URL"] = $"http://127.0.0.1:{http}",
            ["VIGIE_DC09_TCP"] = tcp.ToString(CultureInfo.InvariantCulture),
        };
        // Quiet (the default) with its cyclic tests sent every second instead of every 120 s: the same harmless mix,
        // seen hundreds of times while the walk-through runs, so a quiet event that raised anything would show.
        using var demo = VigieProcess.StartIn(folder, environment, "demo", "--dc09-tcp", tcp.ToString(CultureInfo.InvariantCulture),
            "--dc09-udp", udp.ToString(CultureInfo.InvariantCulture), "--http", http.ToString(CultureInfo.InvariantCulture), "--event-every", "1");
        await Loopback.WaitForTcpPort(http, TimeSpan.FromSeconds(120));
        await WaitForAsync(() => demo.Output.Contains("Live journal", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => demo.Output);

        foreach (var step in steps)
        {
            var (exit, output) = await VigieProcess.RunInAsync(folder, environment, TimeSpan.FromMinutes(3), step);
            Assert.True(exit == 0, $"./vigie {string.Join(' ', step)} exited {exit}:\n{output}\n--- demo ---\n{demo.Output}");
        }

        // The observation period: the quiet traffic has sent at least 50 cyclic tests, and the engine has read the journal
        // up to the last signal then stored, so whatever those signals would open is open by now.
        var journal = Path.Combine(folder, "demo-data");
        long last = 0;
        await WaitForAsync(async () =>
        {
            var signals = await SignalsAsync(folder, environment);
            last = signals.Max(s => s.GetProperty("id").GetInt64());
            return signals.Count(IsCyclicTest) >= 50;
        }, TimeSpan.FromMinutes(3), () => demo.Output);
        await WaitForAsync(async () => await EngineCursorAsync(journal) >= last, TimeSpan.FromMinutes(2), () => demo.Output);

        var incidents = await VigieProcess.RunInAsync(folder, environment, TimeSpan.FromMinutes(2), "incident", "list", "--data", "demo-data", "--all");
        Assert.True(incidents.ExitCode == 0, incidents.Output);
        var ids = incidents.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0]).ToHashSet();
        Assert.Equal(raised, ids);
        Assert.DoesNotContain("error", demo.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsCyclicTest(JsonElement signal) =>
        signal.GetProperty("data").GetString() is { } data && (data.Contains("RP000", StringComparison.Ordinal) || data.Contains("1602 00 000", StringComparison.Ordinal));

    private static async Task<IReadOnlyList<JsonElement>> SignalsAsync(string folder, IReadOnlyDictionary<string, string?> environment)
    {
        var (exit, output) = await VigieProcess.RunInAsync(folder, environment, TimeSpan.FromMinutes(2), "journal", "list", "--data", "demo-data", "--json");
        Assert.True(exit == 0, output);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    /// <summary>The last journal row the engine has handled (its durable cursor in the event log).</summary>
    private static async Task<long> EngineCursorAsync(string data)
    {
        await using var log = EventLog.OpenReadOnly(Path.Combine(data, "events.db"));
        var cursor = await log.GetDocumentAsync("cursors", "journal");
        return cursor is null ? 0 : long.Parse(cursor.Data, CultureInfo.InvariantCulture);
    }

    private static Task WaitForAsync(Func<bool> done, TimeSpan limit, Func<string> context) => WaitForAsync(() => Task.FromResult(done()), limit, context);

    /// <summary>Waits for a condition, failing with <paramref name="context"/> when it is not met in time (a bound, not a measure).</summary>
    private static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan limit, Func<string> context)
    {
        var until = DateTime.UtcNow + limit;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, $"not reached within {limit}:\n{context()}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
