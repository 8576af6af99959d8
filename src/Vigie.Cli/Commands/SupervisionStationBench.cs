using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Receiver;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Simulation;
using Vigie.Station;
using Vigie.Station.Engine;
using Vigie.Station.Supervision;
using Vigie.Storage;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie bench supervision --station`: the same traffic through the whole station in this process: the sites are
/// in the event log's "supervised" projection, the partition grains load them at start-up, contacts enter where the
/// receiver hands them over (after the journal's commit), and the station's own pulse beats on a simulated clock.
/// Deadline lateness is the station's own measure (simulated now − due, meter Vigie.Supervision) plus the wall time
/// of the beat that noticed it.
/// </summary>
internal static partial class SupervisionBench
{
    private static async Task<int> RunStation(Plan plan)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-bench", Guid.NewGuid().ToString("N"));
        Console.WriteLine($"vigie bench supervision --station: {Environment.ProcessorCount} cores, {plan.Sites:N0} sites over {plan.Partitions} partition grains, "
            + $"{plan.Minutes} simulated minutes in {plan.PulseMs} ms pulses, provider outage {plan.OutagePercent} % of the sites, seed {plan.Seed}, "
            + $"{(plan.DefineSites ? "sites defined through their grains" : "supervised list only (no site definitions)")}, data {data}");
        var random = new Random(plan.Seed);
        var parts = Enumerable.Range(0, plan.Partitions).Select(_ => new Partition()).ToArray();
        for (var s = 0; s < plan.Sites; s++)
        {
            var id = $"SITE-{s:D7}";
            var draw = random.NextDouble();
            var part = parts[SupervisionPartitions.Of(id, plan.Partitions)];
            part.Ids.Add(id);
            part.Mix.Add((byte)(draw < 0.5 ? 0 : draw < 0.8 ? 1 : 2));
        }
        var receiver = new ReceiverOptions
        {
            DataDirectory = data,
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = -1,
            JournalSynchronous = "NORMAL",
        };
        var options = new StationOptions
        {
            EventLogPath = Path.Combine(data, "events.db"),
            SupervisionPartitions = plan.Partitions,
            SupervisionPulseMilliseconds = plan.PulseMs,
        };
        var writing = Stopwatch.StartNew();
        if (!plan.DefineSites)
        {
            await WriteSupervisedSites(options.EventLogPath, parts);
            Console.WriteLine($"provision   {plan.Sites:N0} supervised sites written to the event log in {writing.Elapsed.TotalSeconds:F1} s");
        }

        var time = new SimulatedClock(Start.ToDateTimeOffset());
        var app = StationHost.Build(receiver, options, new HostSettings { HttpPort = -1, MinimumLogLevel = LogLevel.Error, Time = time });
        var starting = Stopwatch.StartNew();
        await app.StartAsync();
        var pulse = app.Services.GetRequiredService<SupervisionPulse>();
        await pulse.Ready;
        Console.WriteLine($"start       station up and every partition grain reconciled in {starting.Elapsed.TotalSeconds:F1} s");
        if (plan.DefineSites)
        {
            await DefineSites(app.Services, parts);
        }
        var loaded = MemoryFigures.Measure();
        Console.WriteLine($"memory      after start, after a full GC: managed heap {loaded.ManagedMb:F0} MB, working set {loaded.WorkingSetMb:F0} MB "
            + "(the whole station: Orleans, event log, receiver, the watches)");

        var everSilent = new bool[plan.Sites];
        foreach (var part in parts)
        {
            part.PlanTraffic(plan, Start, random, everSilent);
        }
        var noticed = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SupervisionMetrics.MeterName && instrument.Name == SupervisionMetrics.LatenessInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => noticed.Enqueue(value));
        listener.Start();

        var feed = app.Services.GetRequiredService<PanelContactsFeed>();
        IPanelContacts contacts = feed;
        var steps = (int)(plan.Length.BclCompatibleTicks / plan.Pulse.BclCompatibleTicks);
        var lateness = new List<double>();
        long polls = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var step = 1; step <= steps; step++)
        {
            var now = Start + plan.Pulse * step;
            foreach (var part in parts)
            {
                var count = part.Collect(now);
                for (var k = 0; k < count; k++)
                {
                    var (site, what, at) = part.DueAt(k);
                    contacts.Heard(new PanelContact(part.Ids[site], Partition.IsGsm(what) ? "2" : "0",
                        new DateTime(DateTime.UnixEpoch.Ticks + at, DateTimeKind.Utc), Partition.IsCyclic(what)));
                }
                polls += count;
            }
            // The contacts of this pulse reach their partitions before the clock moves, as a receiver would deliver them.
            var waiting = Stopwatch.StartNew();
            while (feed.Passed < polls)
            {
                await Task.Delay(1);
                Stalled(waiting, $"the feed: {feed.Passed:N0} of {polls:N0} contacts passed");
            }
            var beats = pulse.Beats;
            time.Advance(plan.Pulse.ToTimeSpan());
            waiting.Restart();
            while (pulse.Beats == beats)
            {
                await Task.Delay(1); // not a spin: the station needs both cores
                Stalled(waiting, $"beat {beats + 1:N0} (simulated {now})");
            }
            var beatMs = pulse.LastBeat.TotalMilliseconds;
            while (noticed.TryDequeue(out var late))
            {
                lateness.Add(late + beatMs);
            }
            if (steps >= 4 && step % (steps / 4) == 0 && step < steps)
            {
                Console.WriteLine($"progress    {plan.Length.TotalMinutes * step / steps:F0} simulated minutes after {wall.Elapsed.TotalSeconds:F0} s: {polls:N0} polls, {lateness.Count:N0} losses noticed");
            }
        }
        wall.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        listener.Dispose();
        var desk = app.Services.GetRequiredService<StationDesk>();
        var overview = await desk.SupervisionOverviewAsync();
        var incidents = await desk.IncidentsAsync(openOnly: false);
        Console.WriteLine($"run         {plan.Minutes} simulated minutes in {steps:N0} beats ({pulse.FailedBeats:N0} failed): wall {wall.Elapsed.TotalSeconds:F1} s; "
            + $"polls delivered {polls:N0}; silent sites {parts.Sum(p => p.Silenced):N0}");
        Console.WriteLine($"detections  losses noticed {lateness.Count:N0}; standing at the end: sites lost {overview.SitesLost:N0}, paths lost {overview.PathsLost:N0}; "
            + $"mass-outage incidents {incidents.Count(i => i.Kind == Domain.Incidents.AlertKind.MassOutage)}");
        await ReportMassOutages(desk, incidents);
        var p99 = BenchCommand.Percentile(lateness, 99);
        Console.WriteLine($"lateness    p50 {BenchCommand.Percentile(lateness, 50):F1} ms  p99 {p99:F1} ms  max {BenchCommand.Percentile(lateness, 100):F1} ms "
            + "(simulated now − due, plus the wall time of the beat that noticed it)");
        Console.WriteLine($"cpu         {cpu.TotalMilliseconds / Math.Max(1, polls) * 1000:F3} ms per 1,000 polls, the whole process (station, grains, log, generator); "
            + $"{polls / Math.Max(0.001, wall.Elapsed.TotalSeconds):N0} polls/s of wall time");
        var end = MemoryFigures.Measure();
        Console.WriteLine($"memory      at the end, after a full GC: managed heap {end.ManagedMb:F0} MB, working set {end.WorkingSetMb:F0} MB");
        var saving = Stopwatch.StartNew();
        await pulse.SaveAllAsync();
        Console.WriteLine($"snapshot    every partition saved in {saving.Elapsed.TotalSeconds:F2} s; events.db {new FileInfo(options.EventLogPath).Length / 1048576.0:F0} MB");
        await app.StopAsync();
        await app.DisposeAsync();
        var peak = Math.Max(loaded.WorkingSetMb, end.WorkingSetMb);
        Console.WriteLine($"targets     memory {peak:F0} MB < {MemoryTargetMb:F0} MB: {(peak < MemoryTargetMb ? "OK" : "MISSED")}; "
            + $"lateness p99 {p99:F1} ms < {LatenessTargetMs:F0} ms: {(lateness.Count > 0 && p99 < LatenessTargetMs ? "OK" : "MISSED")}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
        return 0;
    }

    /// <summary>
    /// Each mass outage as its incident holds it once the outage watch has carried everything out: sites noted, sites
    /// back, and in how many commands (a crowd must be carried in batches, not one write per site).
    /// </summary>
    private static async Task ReportMassOutages(StationDesk desk, IEnumerable<IncidentSummary> incidents)
    {
        foreach (var mass in incidents.Where(i => i.Kind == Domain.Incidents.AlertKind.MassOutage))
        {
            IncidentDetail? detail = null;
            var settled = Stopwatch.StartNew();
            var seen = -1;
            while (settled.Elapsed < TimeSpan.FromSeconds(30))
            {
                detail = await desk.IncidentAsync(mass.IncidentId);
                var size = detail!.Timeline.Count;
                if (size == seen)
                {
                    break;
                }
                seen = size;
                await Task.Delay(1000);
            }
            var state = detail!.State;
            var back = state.AffectedSites.Values.Count(v => v is not null);
            Console.WriteLine($"mass outage {mass.IncidentId}: {state.AffectedSites.Count:N0} sites noted in "
                + $"{detail.Timeline.Count(e => e.Type == nameof(Domain.Incidents.SitesAffectedNoted)):N0} commands, {back:N0} back by the end; {detail.Summary.Status}");
        }
    }

    /// <summary>Says once every 10 s what the bench has been waiting for, when a wait lasts.</summary>
    private static void Stalled(Stopwatch waiting, string what)
    {
        if (waiting.Elapsed > TimeSpan.FromSeconds(10))
        {
            Console.WriteLine($"waiting     {waiting.Elapsed.TotalSeconds:F0} s for {what}");
            waiting.Restart();
        }
    }

    /// <summary>
    /// Every site provisioned through its grain, as the desk does (definition, identification code, activation steps):
    /// the grain writes the supervised list and tells its partition. Waits until every partition watches its sites.
    /// </summary>
    private static async Task DefineSites(IServiceProvider services, Partition[] parts)
    {
        var grains = services.GetRequiredService<Orleans.IGrainFactory>();
        var desk = services.GetRequiredService<StationDesk>();
        var code = Domain.Contacts.SecretCode.Create("2468", 1000);
        var steps = Enum.GetValues<Domain.Sites.ActivationStep>();
        var sites = parts.SelectMany(p => p.Ids.Select((id, i) => (Id: id, Mix: p.Mix[i]))).ToList();
        var refused = 0;
        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, sites.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (index, _) =>
        {
            var (id, mix) = sites[index];
            var definition = BenchSites.Definition(index) with
            {
                SiteId = id,
                Panel = new Panel((5_000_000 + index).ToString(System.Globalization.CultureInfo.InvariantCulture), PathsOf(mix), InterpellationSpeaker: true),
                SupervisionProfile = Mix[mix].Name,
            };
            var site = grains.GetGrain<ISiteGrain>(id);
            var result = await site.Execute(new Domain.Sites.ProvisionSite(definition, Domain.Actor.System, desk.Now));
            if (result.Accepted)
            {
                result = await site.Execute(new Domain.Sites.ChangeIdentificationCode("2468", code, Domain.Actor.System, desk.Now));
            }
            for (var s = 0; s < steps.Length && result.Accepted; s++)
            {
                result = await site.Execute(new Domain.Sites.ConfirmActivationStep(steps[s], Domain.Actor.System, desk.Now));
            }
            if (!result.Accepted && Interlocked.Increment(ref refused) <= 3)
            {
                Console.WriteLine($"refused     {id}: {result.Refusal}");
            }
        });
        var waiting = Stopwatch.StartNew();
        while ((await desk.SupervisionOverviewAsync()).Sites < sites.Count - refused)
        {
            await Task.Delay(100);
            Stalled(waiting, "the partitions to watch every provisioned site");
        }
        Console.WriteLine($"provision   {sites.Count:N0} sites provisioned through their grains in {started.Elapsed.TotalSeconds:F1} s "
            + $"({sites.Count / started.Elapsed.TotalSeconds:N0}/s, {2 + steps.Length} commands a site); refused {refused}");
    }

    private static TransmissionPath[] PathsOf(byte mix) => mix == 1
        ? [new TransmissionPath(TransmissionKind.Ip, true, "0"), new TransmissionPath(TransmissionKind.Gsm, false, "2")]
        : [new TransmissionPath(TransmissionKind.Ip, true)];

    /// <summary>The "supervised" projection as site grains write it, in large transactions.</summary>
    private static async Task WriteSupervisedSites(string path, Partition[] parts)
    {
        await using var log = Vigie.Storage.EventLog.Open(new EventLogOptions { DatabasePath = path });
        var batch = new List<DocumentChange>(20_000);
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Ids.Count; i++)
            {
                batch.Add(new UpsertDocument(Collections.Supervised, part.Ids[i], EventCodec.Json(new SupervisedSite(part.Ids[i], Mix[part.Mix[i]].Name, PathsOf(part.Mix[i])))));
                if (batch.Count == batch.Capacity)
                {
                    await log.AppendAsync("supervision-bench", 0, [], batch);
                    batch = new List<DocumentChange>(20_000);
                }
            }
        }
        if (batch.Count > 0)
        {
            await log.AppendAsync("supervision-bench", 0, [], batch);
        }
    }
}
