using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Tests;

namespace Vigie.Cli.Tests;

/// <summary>`vigie accounts import --postgres` and `vigie journal list --postgres --json` against the database a cluster shares.</summary>
public class JournalAndAccountsOnPostgresTests
{
    private const string Key = "0123456789ABCDEF";

    [Fact]
    public async Task Accounts_imported_into_postgres_are_taken_up_by_a_receiver_and_journal_list_json_reads_what_it_stored()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("cli");
        var data = Path.Combine(Path.GetTempPath(), "vigie-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var csv = Path.Combine(data, "accounts.csv");
        File.WriteAllLines(csv, ["account,receiver,line,key,key_format,site", $"5101,,,{Key},ascii,PG-SITE-1", "5102,,,,ascii,PG-SITE-2"]);

        var imported = await VigieProcess.RunAsync("accounts", "import", "--postgres", postgres, "--data", data, csv);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("2 accounts imported", imported.Output, StringComparison.Ordinal);
        var listed = await VigieProcess.RunAsync("accounts", "list", "--postgres", postgres, "--data", data);
        Assert.Contains("2 compte(s)", listed.Output, StringComparison.Ordinal);
        // Nothing went to a SQLite file in the data folder (it holds the key ring only).
        Assert.False(File.Exists(Path.Combine(data, "vigie.db")));

        // A receiver on the same database (and key ring) opens the keyed account's encrypted frame.
        var options = new ReceiverOptions
        {
            DataDirectory = data,
            Postgres = postgres,
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = -1,
        };
        var app = ReceiverHost.CreateBuilder(options, new HostSettings { HttpPort = -1, MinimumLogLevel = LogLevel.Error }).Build();
        await app.StartAsync();
        try
        {
            using var key = Dc09Key.Parse(Key, Dc09KeyFormat.Ascii);
            await using var panel = new SimulatedPanel(new PanelProfile { Account = "5101", Key = key },
                new IPEndPoint(IPAddress.Loopback, options.TcpPort), PanelTransport.Tcp)
            { ReplyTimeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA012")).Kind);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var journal = await VigieProcess.RunAsync("journal", "list", "--postgres", postgres, "--data", data, "--json");
        Assert.True(journal.ExitCode == 0, journal.Output);
        var signal = JsonDocument.Parse(Assert.Single(journal.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).RootElement;
        Assert.Equal("5101", signal.GetProperty("account").GetString());
        Assert.Equal("accepted", signal.GetProperty("status").GetString());
        Assert.Equal("PG-SITE-1", signal.GetProperty("site").GetString());
        Assert.Equal("BA", signal.GetProperty("events")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Journal_list_names_an_unreachable_postgres_in_one_line()
    {
        var listed = await VigieProcess.RunAsync("journal", "list", "--postgres", "Host=127.0.0.1;Port=1;Username=vigie;Database=none;Timeout=3", "--json");
        Assert.Equal(1, listed.ExitCode);
        Assert.StartsWith("error: ", listed.Output.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", listed.Output, StringComparison.Ordinal);
    }
}
