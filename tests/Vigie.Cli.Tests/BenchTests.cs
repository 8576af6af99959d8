namespace Vigie.Cli.Tests;

/// <summary>The benches run end to end on a small scale; their figures are read by people, so no timing is asserted.</summary>
public class BenchTests
{
    [Fact]
    public async Task Bench_engine_prints_the_incident_latency_percentiles_and_the_memory_of_its_sites()
    {
        var result = await VigieProcess.RunAsync("bench", "engine", "--sites", "300", "--seconds", "3", "--rate", "200");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^provision +300 sites in \d+\.\d s: .* refused 0$", result.Output);
        Assert.Matches(@"(?m)^memory +with 300 provisioned sites, .*managed heap \d+ MB, working set \d+ MB, private \d+ MB", result.Output);
        Assert.Matches(@"(?m)^incidents .* p50 \d+\.\d ms .* p99 \d+\.\d ms", result.Output);
        Assert.Matches(@"(?m)^memory +after the load, .*working set \d+ MB", result.Output);
    }
}
