namespace Vigie.Cli.Tests;

/// <summary>RC-4 from the command line: `vigie subscriber add|invite` on a station's data folder.</summary>
public sealed class SubscriberCommandTests
{
    private static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "vigie-cli", Guid.NewGuid().ToString("N"));

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_subscriber_added_from_the_cli_is_not_listed_among_the_staff()
    {
        var data = NewDataFolder();
        var admin = await VigieProcess.RunAsync("staff", "add", "--data", data, "--login", "root", "--role", "administrator", "--password", "root-password-2026");
        Assert.True(admin.ExitCode == 0, admin.Output);
        var added = await VigieProcess.RunAsync("subscriber", "add", "--data", data, "--subscriber", "SUB-001", "--email", "lea@example.fr", "--password", "lea-password-2026");
        Assert.True(added.ExitCode == 0, added.Output);
        Assert.Contains("created lea@example.fr (subscriber SUB-001)", added.Output);

        var twice = await VigieProcess.RunAsync("subscriber", "add", "--data", data, "--subscriber", "SUB-001", "--email", "lea@example.fr", "--password", "lea-password-2026");
        Assert.Equal(1, twice.ExitCode);
        var noPassword = await VigieProcess.RunAsync("subscriber", "add", "--data", data, "--subscriber", "SUB-001", "--email", "paul@example.fr");
        Assert.Equal(1, noPassword.ExitCode);
        Assert.Contains("VIGIE_SUBSCRIBER_PASSWORD", noPassword.Output);

        var list = await VigieProcess.RunAsync("staff", "list", "--data", data);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("root", list.Output);
        Assert.DoesNotContain("lea@example.fr", list.Output);
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task An_invitation_without_an_smtp_server_prints_the_link_to_give_by_hand()
    {
        var data = NewDataFolder();
        var invited = await VigieProcess.RunAsync("subscriber", "invite", "--data", data, "--subscriber", "SUB-002", "--email", "paul@example.fr",
            "--base-url", "https://espace.station.example");
        Assert.True(invited.ExitCode == 0, invited.Output);
        Assert.Contains("invited paul@example.fr (SUB-002)", invited.Output);
        Assert.Matches(@"https://espace\.station\.example/account/register/[A-Za-z0-9_-]{43}", invited.Output);
        var bad = await VigieProcess.RunAsync("subscriber", "invite", "--data", data, "--subscriber", "SUB-002", "--email", "not-an-address");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("is not an e-mail address", bad.Output);
    }

    [Fact]
    public async Task Serve_with_an_smtp_server_and_no_PublicUrl_refuses_to_start_and_invite_takes_its_address_from_PublicUrl()
    {
        // E-mail configured, no public address: the links would have no trustworthy start, so serve says which setting.
        var mailing = NewDataFolder();
        Directory.CreateDirectory(mailing);
        await File.WriteAllTextAsync(Path.Combine(mailing, "vigie.json"), """{ "Email": { "Smtp": { "Host": "127.0.0.1", "From": "noreply@vigie.test" } } }""");
        var http = Vigie.Receiver.Simulation.Loopback.FreePort(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var serve = await VigieProcess.RunAsync("serve", "--data", mailing, "--bind", "127.0.0.1", "--dc09-tcp", "-1", "--dc09-udp", "-1",
            "--http", http.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("Console:PublicUrl is required when e-mail is configured (Email:Smtp:Host)", serve.Output);
        Assert.DoesNotContain("   at ", serve.Output);

        // The invitation's link starts with Console:PublicUrl when --base-url is not given.
        var data = NewDataFolder();
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "vigie.json"), """{ "Console": { "PublicUrl": "https://espace.vigie.test" } }""");
        var invited = await VigieProcess.RunAsync("subscriber", "invite", "--data", data, "--subscriber", "SUB-003", "--email", "jade@example.fr");
        Assert.True(invited.ExitCode == 0, invited.Output);
        Assert.Matches(@"https://espace\.vigie\.test/account/register/[A-Za-z0-9_-]{43}", invited.Output);
    }
}
