using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station;
using Vigie.Station.Engine;
using Vigie.Station.Ports;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie bench engine`: the whole station in this process (receiver, Orleans silo, event log) with many
/// provisioned sites. Prints the provisioning rate, the memory the sites take, and the time from an SOS frame
/// leaving a panel to its incident reaching the console, under background traffic. Figures only, no verdict.
/// </summary>
internal static partial class EngineBench
{
    private const string IdentificationCode = "2468";

    /// <summary>What a background panel sends while it is connected: link tests, periodic tests, arm and disarm.</summary>
    private static readonly (Dc09Token Token, string Payload)[] Visit =
    [
        (Dc09Token.Null, ""),
        (Dc09Token.SiaDcs, "Nri1/RP000"),
        (Dc09Token.Null, ""),
        (Dc09Token.SiaDcs, "Nri1/CL001"),
        (Dc09Token.Null, ""),
        (Dc09Token.SiaDcs, "Nri1/RP000"),
        (Dc09Token.Null, ""),
        (Dc09Token.SiaDcs, "Nri1/OP001"),
    ];

    public static Command Create()
    {
        var sites = new Option<int>("--sites") { Description = "Sites provisioned before the load.", DefaultValueFactory = _ => 100_000 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the load phase.", DefaultValueFactory = _ => 20 };
        var rate = new Option<int>("--rate") { Description = "Background signals per second (link tests, periodic tests, arming).", DefaultValueFactory = _ => 2000 };
        var alarms = new Option<double>("--alarms-per-second") { Description = "SOS per second, each from a site that has sent none yet.", DefaultValueFactory = _ => 5 };
        var panels = new Option<int>("--panels") { Description = "TCP panels connected at once for the background traffic.", DefaultValueFactory = _ => 400 };
        var parallelism = new Option<int>("--parallelism") { Description = "Sites provisioned at once.", DefaultValueFactory = _ => 64 };
        var command = new Command("engine", "Run the engine in this process with many sites; print provisioning rate, memory and SOS-to-incident latency.")
        {
            sites, seconds, rate, alarms, panels, parallelism,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var plan = new Plan(Math.Max(1, parse.GetValue(sites)), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds))), Math.Max(1, parse.GetValue(rate)),
                Math.Max(0, parse.GetValue(alarms)), Math.Max(1, parse.GetValue(panels)), Math.Max(1, parse.GetValue(parallelism)));
            return await RunAsync(plan, cancellation);
        });
        return command;
    }

    private sealed record Plan(int Sites, TimeSpan Load, int Rate, double AlarmsPerSecond, int Panels, int Parallelism);

    private static async Task<int> RunAsync(Plan plan, CancellationToken cancellation)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-bench", Guid.NewGuid().ToString("N"));
        var receiver = new ReceiverOptions
        {
            DataDirectory = data,
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = -1,
        };
        var engine = new StationOptions
        {
            EventLogPath = Path.Combine(data, "events.db"),
            // The fewest PBKDF2 iterations allowed: each site checks its code once when it is set, and the hash's
            // cost (a deliberate 100,000 iterations in production) is not what this bench measures.
            CodeHashIterations = 1000,
        };
        Console.WriteLine($"vigie bench engine: {Environment.ProcessorCount} cores, {plan.Sites:N0} sites, data {data}");
        // Orleans' start-up warnings (no server GC, a late first watchdog check) are true but noise among the figures.
        var app = StationHost.Build(receiver, engine, new HostSettings { HttpPort = -1, MinimumLogLevel = LogLevel.Warning }, ["--Logging:LogLevel:Orleans=Error"]);
        try
        {
            await app.StartAsync(cancellation);
            var empty = MemoryFigures.Measure();
            await Provision(app.Services, plan.Sites, plan.Parallelism, BenchSites.Definition, engine, cancellation);
            var memory = MemoryFigures.Measure();
            Console.WriteLine($"memory      with {plan.Sites:N0} provisioned sites, after a full GC: managed heap {memory.ManagedMb:F0} MB, "
                + $"working set {memory.WorkingSetMb:F0} MB, private {memory.PrivateMb:F0} MB (target under 1 GB); "
                + $"the sites added {memory.ManagedMb - empty.ManagedMb:F0} MB managed, {(memory.ManagedMb - empty.ManagedMb) * 1024 / plan.Sites:F1} KB a site");

            await Load(app.Services, receiver, plan, cancellation);

            memory = MemoryFigures.Measure();
            Console.WriteLine($"memory      after the load, after a full GC: managed heap {memory.ManagedMb:F0} MB, "
                + $"working set {memory.WorkingSetMb:F0} MB, private {memory.PrivateMb:F0} MB");
            return 0;
        }
        finally
        {
            try
            {
                await app.StopAsync(CancellationToken.None);
            }
            finally
            {
                await app.DisposeAsync();
            }
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    /// <summary>
    /// Provisions sites 0 … <paramref name="sites"/>−1 through their grains (activated, with the code and every activation
    /// step) and registers their panels' accounts in one go; `bench engine` and `bench failover` share it.
    /// </summary>
    internal static async Task Provision(IServiceProvider services, int sites, int parallelism, Func<int, SiteDefinition> definitionOf, StationOptions engine,
        CancellationToken cancellation)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var desk = services.GetRequiredService<StationDesk>();
        // One hash shared by every site: creating it is the desk's cost, checking it (once a site) the grain's.
        var code = SecretCode.Create(IdentificationCode, engine.CodeHashIterations);
        var steps = Enum.GetValues<ActivationStep>();
        var refusals = new ConcurrentQueue<string>();
        var done = 0;
        var report = Math.Max(10_000, sites / 10);
        var gc = GcFigures.Now();
        var started = Stopwatch.GetTimestamp();
        // The desk's ProvisionAsync registers each account on its own (one transaction, and a reload of the whole
        // registry by the receiver each time): a bulk load sends the same commands to the grains and registers
        // every account in one transaction at the end.
        await Parallel.ForEachAsync(Enumerable.Range(0, sites), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
            async (index, _) =>
            {
                var definition = definitionOf(index);
                var site = grains.GetGrain<ISiteGrain>(definition.SiteId);
                var result = await site.Execute(new ProvisionSite(definition, Actor.System, desk.Now));
                if (result.Accepted)
                {
                    result = await site.Execute(new ChangeIdentificationCode(IdentificationCode, code, Actor.System, desk.Now));
                }
                for (var s = 0; s < steps.Length && result.Accepted; s++)
                {
                    result = await site.Execute(new ConfirmActivationStep(steps[s], Actor.System, desk.Now));
                }
                if (!result.Accepted)
                {
                    refusals.Enqueue($"{definition.SiteId}: {result.Refusal}");
                }
                if (Interlocked.Increment(ref done) % report == 0)
                {
                    Console.WriteLine($"… {done:N0} sites provisioned ({done / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s)");
                }
            });
        var grainTime = Stopwatch.GetElapsedTime(started);
        var registry = Stopwatch.GetTimestamp();
        services.GetRequiredService<IAccountRegistry>().UpsertMany([.. Enumerable.Range(0, sites).Select(i =>
            new AccountRecord { Account = BenchSites.Account(i), SiteReference = BenchSites.SiteId(i) })]);
        // Now rather than at the watcher's next tick, so the load starts with every account known.
        services.GetRequiredService<AccountWatcher>().LoadNow();
        var registryTime = Stopwatch.GetElapsedTime(registry);
        var total = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"provision   {sites:N0} sites in {total.TotalSeconds:F1} s: {sites / total.TotalSeconds:N0} sites/s "
            + $"({2 + steps.Length} commands a site, {parallelism} sites at once; grains {grainTime.TotalSeconds:F1} s, "
            + $"account registry {registryTime.TotalSeconds:F1} s); refused {refusals.Count}");
        Console.WriteLine($"            {GcFigures.Now().Since(gc, sites, "site")}");
        foreach (var refusal in refusals.Take(5))
        {
            Console.WriteLine($"            refused {refusal}");
        }
    }

    private static async Task Load(IServiceProvider services, ReceiverOptions receiver, Plan plan, CancellationToken cancellation)
    {
        var feed = services.GetRequiredService<ConsoleFeed>();
        var signals = services.GetRequiredService<SignalFeed>();
        // The journal through the receiver's reading port, whichever store is behind it: the bench opens no table.
        var journal = services.GetRequiredService<IJournalReader>();
        var traffic = new Traffic(new IPEndPoint(IPAddress.Loopback, receiver.TcpPort), plan);
        feed.Changed += traffic.OnNotice;
        try
        {
            // Warm-up: JIT of the signal and incident paths, SQLite caches, thread pool growth; not measured.
            Console.WriteLine($"… warming up {WarmUp.TotalSeconds:F0} s, then the load: {plan.Rate:N0} signals/s over {traffic.Slots} TCP panels "
                + $"(link tests, periodic tests, arming) and {plan.AlarmsPerSecond:0.#} SOS/s, for {plan.Load.TotalSeconds:F0} s");
            await traffic.RunAsync(WarmUp, cancellation);
            await traffic.DrainAsync(signals, journal, cancellation);
            traffic.Reset();

            var cpu = Environment.CpuUsage.TotalTime;
            var gc = GcFigures.Now();
            using var stalls = new Stalls();
            var elapsed = await traffic.RunAsync(plan.Load, cancellation);
            cpu = Environment.CpuUsage.TotalTime - cpu;
            var gcDuringLoad = GcFigures.Now().Since(gc, Math.Max(1, traffic.Background.Acked + traffic.Sos.Acked), "signal");
            var stallsDuringLoad = stalls.ToString();
            var journalEnd = await journal.LastIdAsync(cancellation);
            var lag = journalEnd - signals.Cursor;
            var caughtUp = await traffic.DrainAsync(signals, journal, cancellation);

            Console.WriteLine($"load        background {traffic.Background.Acked / elapsed.TotalSeconds:N0} signals/s achieved of {plan.Rate:N0} "
                + $"({traffic.Background.Acked:N0} acknowledged, {traffic.Background.Unanswered} unanswered, "
                + $"ACK p50 {traffic.Background.P(50):F1} ms p99 {traffic.Background.P(99):F1} ms); "
                + $"process CPU {cpu.TotalSeconds / elapsed.TotalSeconds * 100:F0}% of one core (load generator included)");
            Console.WriteLine($"            {gcDuringLoad}");
            Console.WriteLine($"            stalls: {stallsDuringLoad}");
            var latencies = traffic.IncidentLatencies();
            Console.WriteLine($"incidents   SOS to incident notice over {latencies.Count} of {traffic.SosSent} SOS: p50 {BenchCommand.Percentile(latencies, 50):F1} ms  "
                + $"p90 {BenchCommand.Percentile(latencies, 90):F1} ms  p99 {BenchCommand.Percentile(latencies, 99):F1} ms  "
                + $"max {BenchCommand.Percentile(latencies, 100):F1} ms (target p99 under 100 ms); "
                + $"{traffic.Unnoticed} without a notice");
            var afterAck = traffic.AfterAck();
            Console.WriteLine($"            of which the receiver (frame to ACK, journal durable) p50 {traffic.Sos.P(50):F1} ms p99 {traffic.Sos.P(99):F1} ms, "
                + $"the engine (ACK to notice) p50 {BenchCommand.Percentile(afterAck, 50):F1} ms p99 {BenchCommand.Percentile(afterAck, 99):F1} ms");
            Console.WriteLine($"engine      journal cursor lag when the load stopped: {lag:N0} rows (cursor {journalEnd - lag:N0} of {journalEnd:N0}); "
                + (caughtUp is { } after ? $"caught up {after.TotalSeconds:F2} s later" : $"still {await journal.LastIdAsync(cancellation) - signals.Cursor:N0} rows behind 10 s later"));
        }
        finally
        {
            feed.Changed -= traffic.OnNotice;
        }
    }

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
}

/// <summary>
/// BENCH DATA — generated TOUT INCLUS sites shaped like <see cref="Vigie.Station.Simulator.DemoSites"/>: operators
/// handle an SOS at once. Phone numbers stay in the French range reserved for fiction.
/// </summary>
internal static class BenchSites
{
    public static string SiteId(int index) => string.Create(CultureInfo.InvariantCulture, $"BENCH-{index:D6}");

    public static string Account(int index) => (1_000_000 + index).ToString(CultureInfo.InvariantCulture);

    public static SiteDefinition Definition(int index)
    {
        var n = index % 1000;
        return new SiteDefinition
        {
            SiteId = SiteId(index),
            Subscriber = new Subscriber(string.Create(CultureInfo.InvariantCulture, $"SUB-{index:D6}"), $"Bench subscriber {index}", SubscriberKind.Private),
            Address = new Address($"{index % 200 + 1} rue du Banc d'essai", string.Create(CultureInfo.InvariantCulture, $"{75001 + index % 20}"), "Paris"),
            Landline = PhoneNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+33 1 99 00 {index % 10_000:D4}")),
            Panel = new Panel(Account(index),
                [new TransmissionPath(TransmissionKind.Ip, Primary: true), new TransmissionPath(TransmissionKind.Gsm, Primary: false)],
                InterpellationSpeaker: true),
            Zones =
            [
                new Zone(1, "Entrance door", DetectorKind.Opening, InPartial: true),
                new Zone(2, "Living room", DetectorKind.MotionWithImage),
                new Zone(3, "Garage", DetectorKind.GarageDoor, InPartial: true),
                new Zone(4, "Hall smoke", DetectorKind.Smoke),
                new Zone(6, "Upstairs", DetectorKind.Motion, PetCompatible: true),
            ],
            Offer = OfferCode.ToutInclus,
            Instructions = new Instructions
            {
                SubscriberPhones = [PhoneNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+33 6 39 98 1{n:D3}"))],
                Contacts =
                [
                    new Contact("Neighbour", PhoneNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+33 6 39 98 2{n:D3}"))),
                    new Contact("Sister", PhoneNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+33 6 39 98 3{n:D3}"))),
                ],
                Emails = [string.Create(CultureInfo.InvariantCulture, $"subscriber{index}@example.org")],
                AccessNotes = "Key box left of the gate.",
            },
        };
    }
}
