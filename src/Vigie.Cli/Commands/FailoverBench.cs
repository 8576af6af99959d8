using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station;
using Vigie.Station.Engine;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie bench failover` (SUP-7, issue 17 "Prove it"): two `vigie serve` silos on one PostgreSQL database, DC-09 panels
/// reporting to both (half with each as primary, the other as backup), and each round a random silo SIGKILLed under
/// load, then started again. At the end, from the shared database: every ACKed signal is in the journal and in effect
/// exactly once (one SignalReceived in its site's log), and no polling site was declared lost. Per round: the takeover
/// (SIGKILL → every supervision partition answering from the survivor) and supervision's lateness (SIGKILL → every
/// partition has looked at its deadlines again).
/// </summary>
internal static partial class FailoverBench
{
    private const string Profile = "BENCH-FAILOVER";

    private sealed record Plan(int Rounds, int Panels, TimeSpan RoundLoad, TimeSpan EventEvery, double IpDeadlineSeconds, int Seed);

    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "SIGKILLs of a random station (each then started again).", DefaultValueFactory = _ => 20 };
        var panels = new Option<int>("--panels") { Description = "DC-09 panels (one site each), half with each station as primary.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<double>("--round-seconds") { Description = "Seconds of load between a station's return and the next SIGKILL.", DefaultValueFactory = _ => 15 };
        var every = new Option<double>("--event-every") { Description = "Seconds between two events of one panel.", DefaultValueFactory = _ => 0.5 };
        var deadline = new Option<double>("--ip-deadline") { Description = "Seconds of silence before a site is lost (the sites' supervision profile; at least 10).", DefaultValueFactory = _ => 15 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random choice of the station killed.", DefaultValueFactory = _ => 17 };
        var postgres = CommonOptions.Postgres();
        var command = new Command("failover", "Two stations on one PostgreSQL under DC-09 load, one SIGKILLed at random each round: ACKed signals lost or doubled, takeover, supervision lateness, false site losses.")
        {
            rounds, panels, seconds, every, deadline, seed, postgres,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (parse.GetValue(postgres) is not { Length: > 0 } database)
            {
                Console.Error.WriteLine("error: --postgres is required: the database the two stations share (Host=…;Port=…;Username=…;Database=…, an empty database)");
                return 2;
            }
            if (parse.GetValue(deadline) < 10)
            {
                Console.Error.WriteLine("error: --ip-deadline: at least 10 seconds (a supervision profile's shortest deadline)");
                return 2;
            }
            var plan = new Plan(Math.Max(1, parse.GetValue(rounds)), Math.Max(2, parse.GetValue(panels)), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds))),
                TimeSpan.FromSeconds(Math.Max(0.05, parse.GetValue(every))), parse.GetValue(deadline), parse.GetValue(seed));
            return await RunAsync(plan, database, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(Plan plan, string postgres, CancellationToken cancellation)
    {
        var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..10];
        var root = Path.Combine(Path.GetTempPath(), "vigie-bench", clusterId);
        Console.WriteLine($"vigie bench failover: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {plan.Panels} panels (one event every "
            + $"{plan.EventEvery.TotalSeconds:0.##} s each), {plan.Rounds} rounds, sites lost after {plan.IpDeadlineSeconds:0} s of silence, data {root}");
        await ProvisionAsync(plan, postgres, Path.Combine(root, "provision"), cancellation);
        Silo[] silos = [new(postgres, clusterId, Path.Combine(root, "a"), plan), new(postgres, clusterId, Path.Combine(root, "b"), plan)];
        var load = new PanelLoad(plan, silos);
        var passed = false;
        try
        {
            // One after the other: two stations creating a fresh database's tables and roles at the same moment may collide.
            silos[0].Start();
            await silos[0].UntilAsync(h => h.Silos == 1 && h.PartitionsAnswering == h.Partitions, TimeSpan.FromMinutes(3), cancellation);
            silos[1].Start();
            foreach (var silo in silos)
            {
                await silo.UntilAsync(h => h.Silos == 2 && h.PartitionsAnswering == h.Partitions, TimeSpan.FromMinutes(3), cancellation);
            }
            Console.WriteLine($"… both stations up in one cluster; load starts (their logs: {root}/*/station.log, kept if a check fails)");
            load.Start();
            var random = new Random(plan.Seed);
            var rounds = new List<Round>();
            for (var r = 1; r <= plan.Rounds; r++)
            {
                await Task.Delay(plan.RoundLoad, cancellation);
                var victim = silos[random.Next(2)];
                var survivor = silos.Single(s => s != victim);
                var round = await KillAndTakeOver(victim, survivor, cancellation);
                rounds.Add(round);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {r,2}: SIGKILL {victim.Name}; takeover {round.Takeover.TotalSeconds:F1} s, supervision looked at every deadline again after "
                    + $"{round.SupervisionResumed.TotalSeconds:F1} s; {victim.Name} back in {round.Rejoin.TotalSeconds:F1} s; {load.Acked} ACKed so far, {load.Unanswered} unanswered"));
            }
            await load.StopAsync();
            Console.WriteLine($"… load stopped: {load.Acked} signals ACKed, {load.Unanswered} unanswered after every receiver; checking the shared database");
            var check = await FailoverCheck.RunAsync(load.AckedSignals, plan.Panels, Path.Combine(root, "a"), postgres, cancellation);
            Print(rounds, load, check);
            passed = check.Missing == 0 && check.Doubled == 0 && check.NotInEffect == 0;
            return passed ? 0 : 1;
        }
        finally
        {
            await load.StopAsync();
            foreach (var silo in silos)
            {
                silo.Kill();
            }
            if (passed)
            {
                DeleteQuietly(root);
            }
            else
            {
                Console.WriteLine($"the stations' logs are kept in {root}");
            }
        }
    }

    private static void Print(List<Round> rounds, PanelLoad load, FailoverCheck.Result check)
    {
        List<double> takeover = [.. rounds.Select(r => r.Takeover.TotalSeconds)];
        List<double> supervision = [.. rounds.Select(r => r.SupervisionResumed.TotalSeconds)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            ACKed signals                      {load.Acked}
            ACKed, missing from the journal    {check.Missing}
            ACKed, in effect twice or more     {check.Doubled}
            ACKed, not in effect               {check.NotInEffect}
            journal rows (copies included)     {check.JournalRows}
            takeover (SIGKILL → every partition answering on the survivor), {rounds.Count} rounds: min {takeover.Min():F1} s  median {BenchCommand.Percentile(takeover, 50):F1} s  max {takeover.Max():F1} s
            supervision lateness (SIGKILL → every partition pulsed again): min {supervision.Min():F1} s  median {BenchCommand.Percentile(supervision, 50):F1} s  max {supervision.Max():F1} s
            false "site lost"                  {check.SitesLost}
            other supervision faults           {check.OtherFaults}
            load average now                   {LoadAverage()}
            """));
        foreach (var example in check.Examples)
        {
            Console.WriteLine($"  {example}");
        }
    }

    private sealed record Round(TimeSpan Takeover, TimeSpan SupervisionResumed, TimeSpan Rejoin);

    private static async Task<Round> KillAndTakeOver(Silo victim, Silo survivor, CancellationToken cancellation)
    {
        var killedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        victim.Kill();
        await survivor.UntilAsync(h => h.Silos == 1 && h.PartitionsAnswering == h.Partitions, TimeSpan.FromMinutes(3), cancellation);
        var takeover = clock.Elapsed;
        await survivor.UntilAsync(h => h.PartitionsAnswering == h.Partitions && h.OldestPartitionPulse > killedAt, TimeSpan.FromMinutes(3), cancellation);
        var supervision = clock.Elapsed;
        var back = Stopwatch.StartNew();
        victim.Start();
        await victim.UntilAsync(h => h.Silos == 2 && h.PartitionsAnswering == h.Partitions, TimeSpan.FromMinutes(3), cancellation);
        await Loopback.WaitForTcpPort(victim.Dc09, TimeSpan.FromMinutes(1), cancellation);
        return new Round(takeover, supervision, back.Elapsed);
    }

    /// <summary>The sites, provisioned through a station of the bench's own (its own cluster id), stopped before the two start.</summary>
    private static async Task ProvisionAsync(Plan plan, string postgres, string data, CancellationToken cancellation)
    {
        Directory.CreateDirectory(data);
        var receiver = new ReceiverOptions
        {
            DataDirectory = data,
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = -1,
            Postgres = postgres,
        };
        var engine = new StationOptions
        {
            CodeHashIterations = 1000,
            SiloPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            GatewayPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            SiloAddress = "127.0.0.1",
            ClusterId = "provision-" + Guid.NewGuid().ToString("N")[..10],
            SupervisionProfiles = [new StationOptions.ProfileOptions { Name = Profile, IpDeadlineSeconds = plan.IpDeadlineSeconds, CyclicTestHours = 1000 }],
        };
        var app = StationHost.Build(receiver, engine, new HostSettings { HttpPort = -1, MinimumLogLevel = LogLevel.Warning }, ["--Logging:LogLevel:Orleans=Error"]);
        await app.StartAsync(cancellation);
        try
        {
            await EngineBench.Provision(app.Services, plan.Panels, 8, Definition, engine, cancellation);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>A bench site watched on its one IP path with the bench's profile.</summary>
    internal static SiteDefinition Definition(int index)
    {
        var site = BenchSites.Definition(index);
        return site with
        {
            SupervisionProfile = Profile,
            Panel = site.Panel with { Paths = [new TransmissionPath(TransmissionKind.Ip, Primary: true)] },
        };
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>One `vigie serve` of the cluster, a child process started again after each SIGKILL on the same ports.</summary>
    private sealed class Silo(string postgres, string clusterId, string data, Plan plan)
    {
        public sealed record Health(int Silos, int Partitions, int PartitionsAnswering, DateTimeOffset? OldestPartitionPulse);

        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
        private readonly int _httpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        private readonly int _siloPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        private readonly int _gatewayPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        private Process? _process;

        public int Dc09 { get; } = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        public IPEndPoint Receiver => new(IPAddress.Loopback, Dc09);
        public string Name => $"station {Path.GetFileName(data)}";

        public void Start()
        {
            if (!Directory.Exists(data))
            {
                Directory.CreateDirectory(data);
                // A dead silo is declared after 3 missed probes of 2 s; the sites' profile is this bench's.
                File.WriteAllText(Path.Combine(data, "vigie.json"), string.Create(CultureInfo.InvariantCulture, $$"""
                    { "Engine": { "ClusterProbeSeconds": 2, "ClusterMissedProbes": 3, "CodeHashIterations": 1000,
                        "SupervisionProfiles": [ { "Name": "{{Profile}}", "IpDeadlineSeconds": {{plan.IpDeadlineSeconds}}, "CyclicTestHours": 1000 } ] } }
                    """));
            }
            // The connection string by the child's environment (it may hold a password), never its command line.
            _process = SelfProcess.StartLogged(new Dictionary<string, string> { ["VIGIE_Receiver__Postgres"] = postgres }, Path.Combine(data, "station.log"),
                "serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", Text(Dc09), "--dc09-udp", "-1", "--http", Text(_httpPort), "--quiet",
                "--silo-port", Text(_siloPort), "--gateway-port", Text(_gatewayPort), "--silo-address", "127.0.0.1", "--cluster-id", clusterId);
        }

        /// <summary>SIGKILL: no goodbye to the cluster, no flush.</summary>
        public void Kill()
        {
            if (_process is { } process)
            {
                _process = null;
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                process.WaitForExit();
                process.Dispose();
            }
        }

        public async Task UntilAsync(Func<Health, bool> condition, TimeSpan limit, CancellationToken cancellation)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                if (_process is { HasExited: true })
                {
                    throw new InvalidOperationException($"{Name} stopped; see {Path.Combine(data, "station.log")}");
                }
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"{Name}: the cluster did not reach the expected state within {limit.TotalSeconds:F0} s; see {Path.Combine(data, "station.log")}");
                }
                try
                {
                    if (await _http.GetFromJsonAsync<Health>($"http://127.0.0.1:{_httpPort}/health/cluster", cancellation) is { } health && condition(health))
                    {
                        return;
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
                {
                    // Not listening yet.
                }
                await Task.Delay(100, cancellation);
            }
        }

        private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The panels' traffic: each sends a routine event (SIA RP, a distinct number each time) in a loop, to its primary or backup.</summary>
    private sealed class PanelLoad(Plan plan, Silo[] silos)
    {
        private static readonly ReceiverFailover Failover = new() { AttemptsPerReceiver = 1, ReplyTimeout = TimeSpan.FromSeconds(2), ReturnToPrimaryAfter = TimeSpan.FromSeconds(30) };
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;
        private long _unanswered;

        public ConcurrentQueue<FailoverCheck.AckedSignal> AckedSignals { get; } = new();
        public long Acked => AckedSignals.Count;
        public long Unanswered => Interlocked.Read(ref _unanswered);

        public void Start() => _running = Task.WhenAll(Enumerable.Range(0, plan.Panels).Select(RunPanel));

        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }
            await _running;
        }

        private async Task RunPanel(int index)
        {
            var account = BenchSites.Account(index);
            Silo[] order = index % 2 == 0 ? [silos[0], silos[1]] : [silos[1], silos[0]];
            await using var panel = new PanelWithBackups(new PanelProfile { Account = account }, [.. order.Select(s => s.Receiver)], PanelTransport.Tcp, Failover);
            var number = 0;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var code = string.Create(CultureInfo.InvariantCulture, $"RP{number++ % 1000:D3}");
                    var reply = await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/" + code, _stop.Token);
                    if (reply.Kind == ReplyKind.Ack)
                    {
                        AckedSignals.Enqueue(new FailoverCheck.AckedSignal(account, reply.Sequence, code));
                    }
                    else
                    {
                        Interlocked.Increment(ref _unanswered);
                    }
                    await Task.Delay(plan.EventEvery, _stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }
    }
}
