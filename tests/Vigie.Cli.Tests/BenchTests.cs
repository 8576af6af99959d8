using System.Text.RegularExpressions;
using Vigie.Tests;

namespace Vigie.Cli.Tests;

/// <summary>The benches run end to end on a small scale; their figures are read by people, so no timing is asserted.</summary>
public class BenchTests
{
    // A bench does real work; CI machines have been seen to stall for minutes (Orleans reported thread-pool pauses of
    // 95 s and more), so the limit only catches a bench that never ends.
    private static readonly TimeSpan BenchLimit = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Bench_engine_prints_the_incident_latency_percentiles_and_the_memory_of_its_sites()
    {
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "engine", "--sites", "300", "--seconds", "3", "--rate", "200");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^provision +300 sites in \d+\.\d s: .* refused 0$", result.Output);
        Assert.Matches(@"(?m)^memory +with 300 provisioned sites, .*managed heap \d+ MB, working set \d+ MB, private \d+ MB", result.Output);
        Assert.Matches(@"(?m)^incidents .* p50 \d+\.\d ms .* p99 \d+\.\d ms", result.Output);
        Assert.Matches(@"(?m)^memory +after the load, .*working set \d+ MB", result.Output);
    }

    [Fact]
    public async Task Bench_receiver_with_aes_prints_durable_acks_latency_and_memory_of_a_real_station()
    {
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "receiver", "--aes", "--tcp-panels", "4", "--seconds", "1", "--warmup", "1",
            "--rate", "100", "--idle-connections", "50");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^vigie bench receiver: \d+ cores, journal synchronous=FULL, AES-128 frames", result.Output);
        // Every frame acknowledged: the station opened each panel's AES-128 frames with its key.
        Assert.Matches(@"(?m)^ +[1-9]\d* durable ACKs/s +ACK latency p50 \d+\.\d+ ms +p99 \d+\.\d+ ms +unanswered 0$", result.Output);
        Assert.Matches(@"(?m)^ +[1-9]\d* ACKs/s achieved +ACK latency p50 \d+\.\d+ ms +p99 \d+\.\d+ ms +unanswered 0$", result.Output);
        Assert.Matches(@"(?m)^memory +resident \d+ MB after load; \d+ MB holding 50 idle TCP connections", result.Output);
    }

    [Fact]
    public async Task Bench_receiver_compare_runs_the_station_on_sqlite_then_on_postgres_and_prints_both_figure_sets_side_by_side()
    {
        var postgres = await PostgresServer.NewDatabaseAsync();
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "receiver", "--postgres", postgres, "--compare", "--tcp-panels", "4",
            "--seconds", "1", "--warmup", "1", "--rate", "100", "--idle-connections", "50");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^vigie bench receiver: \d+ cores, journal synchronous=FULL, plain frames", result.Output);
        Assert.Matches(@"(?m)^vigie bench receiver: \d+ cores, journal PostgreSQL 127\.0\.0\.1:\d+/\S+ \(synchronous_commit on\), plain frames", result.Output);
        // Both runs: every frame acknowledged, closed loop and paced.
        Assert.Equal(2, Regex.Matches(result.Output, @"(?m)^ +[1-9]\d* durable ACKs/s +ACK latency p50 \d+\.\d+ ms +p99 \d+\.\d+ ms +unanswered 0$").Count);
        Assert.Equal(2, Regex.Matches(result.Output, @"(?m)^ +[1-9]\d* ACKs/s achieved +ACK latency p50 \d+\.\d+ ms +p99 \d+\.\d+ ms +unanswered 0$").Count);
        Assert.Matches(@"(?m)^side by side +embedded SQLite \(FULL\) +PostgreSQL$", result.Output);
        Assert.Matches(@"(?m)^  durable ACKs/s +[1-9]\d* +[1-9]\d*$", result.Output);
        Assert.Matches(@"(?m)^  resident MB busy / idle +\d+ / \d+ +\d+ / \d+$", result.Output);
        Assert.Matches(@"(?m)^  unanswered +0 +0$", result.Output);
        // The frames are in the shared database, read through the journal's command.
        var journal = await VigieProcess.RunAsync(TimeSpan.FromMinutes(2), "journal", "list", "--postgres", postgres, "--json", "--limit", "1");
        Assert.True(journal.ExitCode == 0, journal.Output);
        Assert.Contains("\"account\"", journal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_supervision_prints_memory_detections_lateness_and_cpu_and_detects_the_silent_sites()
    {
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "supervision", "--sites", "5000", "--partitions", "4", "--minutes", "5");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^load +5,000 sites watched in ", result.Output);
        Assert.Matches(@"(?m)^memory +after loading, .*managed heap \d+ MB, working set \d+ MB; .* \d+ B a site", result.Output);
        Assert.Matches(@"(?m)^run +5 simulated minutes in 1,200 pulses: .*polls delivered [1-9][\d,]*", result.Output);
        Assert.Matches(@"(?m)^detections +losses [1-9][\d,]*: PathLost [1-9][\d,]*, SiteLost [1-9][\d,]*, .*losses of sites never silenced 0$", result.Output);
        Assert.Matches(@"(?m)^lateness +p50 \d+\.\d ms +p99 \d+\.\d ms +max \d+\.\d ms", result.Output);
        Assert.Matches(@"(?m)^cpu +Heard\+Advance \d+\.\d+ ms per 1,000 polls", result.Output);
        Assert.Matches(@"(?m)^memory +at the end, ", result.Output);
        Assert.Matches(@"(?m)^snapshot +4 partitions: .* 5,000 sites read back ", result.Output);
        Assert.Matches(@"(?m)^targets +memory \d+ MB < 2048 MB: (OK|MISSED); lateness p99 .*: (OK|MISSED)$", result.Output);
    }

    [Fact]
    public async Task Bench_supervision_through_the_station_detects_the_silent_sites_and_groups_the_provider_outage_into_one_incident()
    {
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "supervision", "--station", "--sites", "3000", "--partitions", "4", "--minutes", "5");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^provision +3,000 supervised sites written ", result.Output);
        Assert.Matches(@"(?m)^start +station up and every partition grain reconciled ", result.Output);
        Assert.Matches(@"(?m)^run +5 simulated minutes in 1,200 beats \(0 failed\): .*polls delivered [1-9][\d,]*", result.Output);
        Assert.Matches(@"(?m)^detections +losses noticed [1-9][\d,]*; .*mass-outage incidents 1$", result.Output);
        Assert.Matches(@"(?m)^mass outage mass-outage-\S+: [1-9][\d,]* sites noted in [1-9][\d,]* commands, [\d,]+ back by the end; ", result.Output);
        Assert.Matches(@"(?m)^lateness +p50 \d+\.\d ms +p99 \d+\.\d ms +max \d+\.\d ms", result.Output);
        Assert.Matches(@"(?m)^cpu +\d+\.\d+ ms per 1,000 polls", result.Output);
        Assert.Matches(@"(?m)^targets +memory \d+ MB < 2048 MB: (OK|MISSED); lateness p99 .*: (OK|MISSED)$", result.Output);
    }

    [Fact]
    public async Task Bench_supervision_with_defined_sites_provisions_them_through_their_grains_and_still_groups_the_outage()
    {
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "supervision", "--station", "--define-sites", "--sites", "1000", "--partitions", "4", "--minutes", "5", "--outage-percent", "10");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^provision +1,000 sites provisioned through their grains in .*; refused 0$", result.Output);
        Assert.Matches(@"(?m)^run +5 simulated minutes in 1,200 beats \(0 failed\): ", result.Output);
        Assert.Matches(@"(?m)^detections +losses noticed [1-9][\d,]*; .*mass-outage incidents 1$", result.Output);
        Assert.Matches(@"(?m)^mass outage mass-outage-\S+: [1-9][\d,]* sites noted in ", result.Output);
    }

    [Fact]
    [Trait("Rule", "SUP-7")]
    public async Task Bench_failover_kills_a_station_each_round_and_finds_every_acked_signal_in_the_journal_and_in_effect_once()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("failoverbench");
        var result = await VigieProcess.RunAsync(BenchLimit, "bench", "failover", "--rounds", "2", "--panels", "4", "--round-seconds", "5", "--postgres", postgres);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^round  2: SIGKILL station [ab]; takeover \d+\.\d s", result.Output);
        Assert.Matches(@"(?m)^ACKed signals +[1-9]\d*$", result.Output);
        Assert.Matches(@"(?m)^ACKed, missing from the journal +0$", result.Output);
        Assert.Matches(@"(?m)^ACKed, in effect twice or more +0$", result.Output);
        Assert.Matches(@"(?m)^ACKed, not in effect +0$", result.Output);
        Assert.Matches(@"(?m)^false ""site lost"" +0$", result.Output);
        Assert.Matches(@"(?m)^takeover \(SIGKILL .*, 2 rounds: min \d+\.\d s +median \d+\.\d s +max \d+\.\d s$", result.Output);
    }

    [Fact]
    public async Task Bench_failover_without_a_database_says_it_needs_one()
    {
        var result = await VigieProcess.RunInAsync(null, new Dictionary<string, string?> { ["VIGIE_Receiver__Postgres"] = "" }, TimeSpan.FromMinutes(1), "bench", "failover");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--postgres is required", result.Output, StringComparison.Ordinal);
    }
}
