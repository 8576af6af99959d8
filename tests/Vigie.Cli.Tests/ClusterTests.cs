using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;
using Vigie.Receiver.Simulation;
using Vigie.Station.Cluster;
using Vigie.Tests;

namespace Vigie.Cli.Tests;

/// <summary>Stations sharing one PostgreSQL form one Orleans cluster: each grain lives once, and moves when its station dies.</summary>
public sealed class ClusterTests
{
    private sealed record Health(int Silos, int Partitions, int PartitionsAnswering);

    /// <summary>Orleans' membership status codes (SiloStatus): 3 active, 6 dead.</summary>
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Two_stations_on_one_database_form_one_cluster_and_the_survivor_takes_the_grains_of_the_one_killed()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("cluster");
        var environment = new Dictionary<string, string?> { ["VIGIE_Receiver__Postgres"] = postgres };
        var first = new Silo(StationProcess.NewFolder("vigie-cluster"));
        var second = new Silo(StationProcess.NewFolder("vigie-cluster"));
        using var a = VigieProcess.StartIn(null, environment, first.Arguments);
        using var httpA = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{first.Http}"), Timeout = TimeSpan.FromSeconds(30) };
        await Until(a, async () => await HealthOf(httpA) is { Silos: 1, PartitionsAnswering: > 0 } h && h.PartitionsAnswering == h.Partitions,
            "the first station alone, its supervision partitions active");

        // The second station joins: the partitions, activated on the first before it came, answer it from there.
        using var b = VigieProcess.StartIn(null, environment, second.Arguments);
        using var httpB = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{second.Http}"), Timeout = TimeSpan.FromSeconds(30) };
        await Until(b, async () => await HealthOf(httpB) is { Silos: 2 } h && h.PartitionsAnswering == h.Partitions,
            "the second station in the cluster, reaching every partition");
        Assert.Equal(ByPort((first.SiloPort, Active), (second.SiloPort, Active)), await MembersAsync(postgres));

        a.Process.Kill(); // SIGKILL: no goodbye to the cluster
        var killed = Stopwatch.StartNew();
        await a.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await Until(b, async () => await HealthOf(httpB) is { Silos: 1 } h && h.PartitionsAnswering == h.Partitions,
            "the survivor alone, every partition answering again", seconds: 120);
        killed.Stop();
        // The figure, not an assertion on it: the failover's takeover time, printed for the report.
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"takeover: every supervision partition answered from the survivor {killed.Elapsed.TotalSeconds:F1} s after the SIGKILL"));
        Assert.Equal(ByPort((first.SiloPort, Dead), (second.SiloPort, Active)), await MembersAsync(postgres));
        // The survivor took up the lost station's deadlines, incidents and supervision from the log.
        await StationProcess.WaitForOutputAsync(b, "cluster: took over");
        Assert.DoesNotContain("taking over from a lost station failed", b.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_station_of_a_cluster_starts_and_stops_on_SIGTERM_printing_no_error()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("cluster");
        var station = new Silo(StationProcess.NewFolder("vigie-cluster"));
        using var vigie = VigieProcess.StartIn(null, new Dictionary<string, string?> { ["VIGIE_Receiver__Postgres"] = postgres }, station.Arguments);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.Http}"), Timeout = TimeSpan.FromSeconds(30) };
        await Until(vigie, async () => await HealthOf(http) is { Silos: 1 } h && h.PartitionsAnswering == h.Partitions, "the station up");

        using (var term = Process.Start("kill", ["-TERM", vigie.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        await vigie.Process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(vigie.Process.ExitCode == 0, vigie.Output);
        Assert.DoesNotContain("fail:", vigie.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", vigie.Output, StringComparison.Ordinal);
        // It left the cluster: its membership row says so, and a station starting next does not wait on it.
        Assert.Equal([(station.SiloPort, Dead)], await MembersAsync(postgres));
    }

    [Fact]
    public async Task Orleans_tables_are_created_once_when_two_stations_migrate_together_and_again_changes_nothing()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("orleans");
        await Task.WhenAll(OrleansSchema.MigrateAsync(postgres, TestContext.Current.CancellationToken), OrleansSchema.MigrateAsync(postgres, TestContext.Current.CancellationToken));
        await OrleansSchema.MigrateAsync(postgres, TestContext.Current.CancellationToken);

        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var version = new NpgsqlCommand("SELECT version FROM vigie_schema WHERE module = 'orleans'", connection);
        Assert.Equal(OrleansSchema.Version, await version.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        await using var queries = new NpgsqlCommand(
            "SELECT count(*) FROM orleansquery WHERE querykey IN ('InsertMembershipKey', 'UpsertReminderRowKey', 'WriteToStorageKey')", connection);
        Assert.Equal(3L, await queries.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private sealed class Silo
    {
        public Silo(string data)
        {
            Directory.CreateDirectory(data);
            Arguments = ["serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", StationProcess.Port(), "--dc09-udp", "-1", "--http", Http.ToString(CultureInfo.InvariantCulture),
                "--silo-port", SiloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", StationProcess.Port(), "--silo-address", "127.0.0.1"];
        }

        public int Http { get; } = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        public int SiloPort { get; } = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        public string[] Arguments { get; }
    }

    private static async Task<Health?> HealthOf(HttpClient http)
    {
        try
        {
            return await http.GetFromJsonAsync<Health>("/health/cluster", TestContext.Current.CancellationToken);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    /// <summary>The cluster's membership rows: each silo's port and status, by port.</summary>
    private static async Task<List<(int Port, int Status)>> MembersAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleansmembershiptable WHERE deploymentid = 'vigie' ORDER BY port", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var members = new List<(int, int)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }
        return members;
    }

    private static List<(int Port, int Status)> ByPort(params (int Port, int Status)[] members) => [.. members.OrderBy(m => m.Port)];

    private static async Task Until(VigieProcess station, Func<Task<bool>> condition, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            Assert.False(station.Process.HasExited, $"stopped before {what}: {station.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"not reached: {what}\n{station.Output}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
