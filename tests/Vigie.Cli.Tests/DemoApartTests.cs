using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Vigie.Cli.Tests;

/// <summary>Issue 15, "demo apart from production": the demo's folder, passwords and keys are its own, and `serve` refuses them.</summary>
public class DemoApartTests
{
    private static async Task<(string Output, JsonElement Secrets)> RunDemoUntilLiveAsync(string data, Func<string, Task>? whileRunning = null)
    {
        var (http, tcp) = (StationProcess.Port(), StationProcess.Port());
        using var demo = await StationProcess.StartAsync(IPAddress.Loopback, http,
            "demo", "--data", data, "--dc09-tcp", tcp, "--dc09-udp", StationProcess.Port(SocketType.Dgram, ProtocolType.Udp),
            "--http", http, "--event-every", "60");
        await StationProcess.WaitForOutputAsync(demo, "Live journal");
        if (whileRunning is not null)
        {
            await whileRunning(tcp);
        }
        var output = demo.Output;
        using var secrets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "demo-secrets.json"), TestContext.Current.CancellationToken));
        return (output, secrets.RootElement.Clone());
    }

    private static IEnumerable<string> Passwords(JsonElement secrets) =>
        secrets.GetProperty("accounts").GetProperty("staff").EnumerateArray()
            .Concat(secrets.GetProperty("accounts").GetProperty("subscribers").EnumerateArray())
            .Select(a => a.GetProperty("password").GetString()!);

    private static IEnumerable<string> PanelKeys(JsonElement secrets) =>
        secrets.GetProperty("panelKeys").EnumerateArray().Select(k => k.GetProperty("key").GetString()!);

    [Fact]
    public async Task Serve_on_a_folder_the_demo_used_refuses_to_start_so_it_never_accepts_a_demo_password()
    {
        var data = StationProcess.NewFolder("vigie-demo-apart");
        await RunDemoUntilLiveAsync(data);

        var refused = await VigieProcess.RunAsync("serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", StationProcess.Port(),
            "--dc09-udp", "-1", "--http", StationProcess.Port());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is a `vigie demo` folder", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
        Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Without the demo's marker and secrets, the demo's accounts in staff.db still keep the station from starting.
        File.Delete(Path.Combine(data, "demo.marker"));
        File.Delete(Path.Combine(data, "demo-secrets.json"));
        var stillRefused = await VigieProcess.RunAsync("serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", StationProcess.Port(),
            "--dc09-udp", "-1", "--http", StationProcess.Port());
        Assert.Equal(1, stillRefused.ExitCode);
        Assert.Contains("holds the accounts of a `vigie demo`", stillRefused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stillRefused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_demo_folders_have_different_panel_keys_and_passwords_none_of_them_in_the_source()
    {
        var first = StationProcess.NewFolder("vigie-demo-apart");
        var second = StationProcess.NewFolder("vigie-demo-apart");
        var runs = await Task.WhenAll(RunDemoUntilLiveAsync(first, async tcp =>
        {
            // The README's walk-through: `simulate --site` finds the site's panel, and its drawn key, in the demo's folder.
            var sent = await VigieProcess.RunAsync("simulate", "--data", first, "--site", "DEMO-2", "--tcp", tcp, "--event", "CL001");
            Assert.True(sent.ExitCode == 0, sent.Output);
        }), RunDemoUntilLiveAsync(second));
        var journal = await VigieProcess.RunAsync("journal", "list", "--data", first, "--account", "1002", "--json");
        var signals = journal.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(signals, s => s.GetProperty("data").GetString()!.Contains("CL001", StringComparison.Ordinal)
            && s.GetProperty("token").GetString()!.StartsWith('*') && s.GetProperty("status").GetString() == "accepted");

        Assert.Empty(Passwords(runs[0].Secrets).Intersect(Passwords(runs[1].Secrets)));
        Assert.Equal(2, PanelKeys(runs[0].Secrets).Count());
        Assert.Empty(PanelKeys(runs[0].Secrets).Intersect(PanelKeys(runs[1].Secrets)));
        foreach (var (output, secrets) in runs)
        {
            // Printed at start, so the person running the demo can sign in and configure a panel.
            Assert.All(Passwords(secrets), p => Assert.Contains(p, output, StringComparison.Ordinal));
            Assert.All(PanelKeys(secrets), k => Assert.Contains(k, output, StringComparison.Ordinal));
            Assert.DoesNotContain("demo-alice-2026", output, StringComparison.Ordinal);
            Assert.DoesNotContain("DEMOKEY", output, StringComparison.Ordinal);
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(first, "demo-secrets.json")));
        }
    }

    [Fact]
    public async Task The_demo_has_a_folder_of_its_own_and_refuses_a_station_folder_that_is_not_a_demo()
    {
        var station = StationProcess.NewFolder("vigie-demo-apart");
        Directory.CreateDirectory(station);
        var staff = await VigieProcess.RunAsync("staff", "add", "--data", station, "--login", "root", "--role", "administrator", "--password", "a long enough password");
        Assert.True(staff.ExitCode == 0, staff.Output);

        var refused = await VigieProcess.RunAsync("demo", "--data", station, "--dc09-tcp", StationProcess.Port(),
            "--dc09-udp", StationProcess.Port(SocketType.Dgram, ProtocolType.Udp), "--http", StationProcess.Port(), "--duration", "30");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("holds a station that is not a demo's", refused.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(station, "demo.marker")));

        var help = await VigieProcess.RunAsync("demo", "--help");
        Assert.Contains("demo-data", help.Output, StringComparison.Ordinal);
    }
}
