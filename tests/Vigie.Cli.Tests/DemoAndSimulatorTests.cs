using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Tests;

/// <summary>The README's run command and the simulator, end to end.</summary>
public class DemoAndSimulatorTests
{
    private static string Port(SocketType type, ProtocolType protocol) =>
        Loopback.FreePort(type, protocol).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Demo_shows_where_to_look_and_live_signals_from_its_panels()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-demo", Guid.NewGuid().ToString("N"));
        var port = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp).ToString(CultureInfo.InvariantCulture);
        var result = await VigieProcess.RunAsync("demo", "--data", data, "--dc09-tcp", port, "--dc09-udp", Port(SocketType.Dgram, ProtocolType.Udp),
            "--http", Port(SocketType.Stream, ProtocolType.Tcp), "--event-every", "1", "--duration", "45"); // start-up included: generous for a loaded machine

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"tcp://127.0.0.1:{port}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Live journal", result.Output, StringComparison.Ordinal);
        // RC-4: the demo subscribers' logins and where they sign in.
        Assert.Contains("Subscribers (demo)", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"sub-001@demo\.vigie\.fr/[a-z0-9-]{17} \(SUB-001\)", result.Output);
        Assert.Contains("/portal", result.Output, StringComparison.Ordinal);
        Assert.Contains("accepted", result.Output, StringComparison.Ordinal);
        Assert.Contains("unanswered 0", result.Output, StringComparison.Ordinal);
        var sites = await VigieProcess.RunAsync("journal", "list", "--data", data, "--json");
        var stored = sites.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.StartsWith("DEMO-", s.GetProperty("site").GetString(), StringComparison.Ordinal));
        Assert.All(stored, s => Assert.Equal("accepted", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_demo_walk_through_answers_phone_commands_with_the_runs_credential_and_no_one_anonymous()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-demo-phone", Guid.NewGuid().ToString("N"));
        var httpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var url = $"http://127.0.0.1:{httpPort}";
        using var demo = VigieProcess.Start("demo", "--data", data, "--dc09-tcp", Port(SocketType.Stream, ProtocolType.Tcp), "--dc09-udp", Port(SocketType.Dgram, ProtocolType.Udp),
            "--http", httpPort.ToString(CultureInfo.InvariantCulture), "--event-every", "600", "--duration", "120");
        await Loopback.WaitForTcpPort(httpPort, TimeSpan.FromSeconds(60));
        using var anonymous = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/simulator/calls")).StatusCode);

        var calls = await VigieProcess.RunAsync("phone", "calls", "--url", url, "--data", data);
        Assert.True(calls.ExitCode == 0, calls.Output + demo.Output);
        Assert.Contains("aucun appel ne sonne", calls.Output, StringComparison.Ordinal);
        // Another folder has no station running on it, so no credential: a clear error, not a 401.
        var elsewhere = await VigieProcess.RunAsync("phone", "calls", "--url", url, "--data", Path.Combine(data, "elsewhere"));
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains("no simulator credential", elsewhere.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fleet_of_simulated_panels_is_registered_acknowledged_and_followed_by_journal_tail()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-fleet", Guid.NewGuid().ToString("N"));
        var tcp = Port(SocketType.Stream, ProtocolType.Tcp);
        var udp = Port(SocketType.Dgram, ProtocolType.Udp);
        using var station = VigieProcess.Start("serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", tcp, "--dc09-udp", udp, "--http", "-1", "--quiet");
        await Loopback.WaitForTcpPort(int.Parse(tcp, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(60));

        var fleet = await VigieProcess.RunAsync("simulate", "--data", data, "--register", "--tcp", tcp, "--udp", udp, "--panels", "4",
            "--key", "0123456789ABCDEF", "--poll", "1", "--event-every", "0.5", "--duration", "6");
        Assert.True(fleet.ExitCode == 0, fleet.Output);
        Assert.Contains("unanswered 0", fleet.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("acknowledged 0,", fleet.Output, StringComparison.Ordinal);

        var tail = await VigieProcess.RunAsync("journal", "tail", "--data", data, "--from", "0", "--count", "3", "--json");
        Assert.Equal(0, tail.ExitCode);
        var lines = tail.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        foreach (var line in lines)
        {
            var signal = JsonDocument.Parse(line).RootElement;
            Assert.Equal("accepted", signal.GetProperty("status").GetString());
            Assert.StartsWith("*", signal.GetProperty("token").GetString(), StringComparison.Ordinal);
        }
        var all = await VigieProcess.RunAsync("journal", "list", "--data", data, "--json");
        var allTransports = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("transport").GetString()).ToHashSet();
        Assert.Equal(["tcp", "udp"], allTransports.Order());
    }
}
