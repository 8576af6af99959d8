using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie bench supervision`: liveness watches for many sites driven by a simulated clock (no real waiting), one
/// watch per partition as the partition grains will hold them. Sites poll at 0.9 × their deadlines, some go silent,
/// a provider outage silences a batch; prints memory, deadline lateness and CPU per poll against the targets.
/// </summary>
internal static partial class SupervisionBench
{
    private const double MemoryTargetMb = 2048;
    private const double LatenessTargetMs = 1000;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 5, 8, 0);
    private static readonly SupervisionProfile[] Mix =
    [
        SupervisionProfiles.Presets.Single(p => p.Name == "SP4"),
        SupervisionProfiles.Presets.Single(p => p.Name == "DP4"),
        SupervisionProfiles.DailyTest,
    ];
    private static readonly TransmissionPath[] IpOnly = [new(TransmissionKind.Ip, Primary: true)];
    private static readonly TransmissionPath[] IpAndGsm = [new(TransmissionKind.Ip, Primary: true), new(TransmissionKind.Gsm, Primary: false)];

    public static Command Create()
    {
        var sites = new Option<int>("--sites") { Description = "Sites watched.", DefaultValueFactory = _ => 1_000_000 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions (one liveness watch each).", DefaultValueFactory = _ => 64 };
        var minutes = new Option<int>("--minutes") { Description = "Simulated minutes.", DefaultValueFactory = _ => 60 };
        var pulse = new Option<int>("--pulse-ms") { Description = "Simulated time between two advances of the watches.", DefaultValueFactory = _ => 250 };
        var seed = new Option<int>("--seed") { Description = "Seed of the site mix, poll phases and faults.", DefaultValueFactory = _ => 42 };
        var outage = new Option<double>("--outage-percent")
        {
            Description = "Share of the sites a provider outage silences for 5 minutes at two thirds of the run.",
            DefaultValueFactory = _ => 2,
        };
        var station = new Option<bool>("--station")
        {
            Description = "Run the whole station in this process instead (event log, Orleans partition grains, outage watch, pulse): "
                + "contacts enter where the receiver hands them over.",
        };
        var defined = new Option<bool>("--define-sites")
        {
            Description = "With --station: provision every site through its site grain (definition, code, activation) instead of writing "
                + "the supervised list, so each loss and return is written by its site as in a real station (slower to set up).",
        };
        var command = new Command("supervision", "Drive liveness watches with a simulated clock; print memory, deadline lateness p50/p99 and CPU per 1,000 polls.")
        {
            sites, partitions, minutes, pulse, seed, outage, station, defined,
        };
        command.SetAction(async parse =>
        {
            var plan = new Plan(Math.Max(1, parse.GetValue(sites)), Math.Max(1, parse.GetValue(partitions)),
                Math.Max(1, parse.GetValue(minutes)), Math.Max(1, parse.GetValue(pulse)), parse.GetValue(seed), Math.Clamp(parse.GetValue(outage), 0, 50), parse.GetValue(defined));
            return parse.GetValue(station) ? await RunStation(plan) : Run(plan);
        });
        return command;
    }

    private sealed record Plan(int Sites, int Partitions, int Minutes, int PulseMs, int Seed, double OutagePercent = 2, bool DefineSites = false)
    {
        public Duration Pulse => Duration.FromMilliseconds(PulseMs);
        public Duration Length => Duration.FromMinutes(Minutes);
    }

    private static int Run(Plan plan)
    {
        Console.WriteLine($"vigie bench supervision: {Environment.ProcessorCount} cores, {plan.Sites:N0} sites over {plan.Partitions} partitions, "
            + $"{plan.Minutes} simulated minutes in {plan.PulseMs} ms pulses, seed {plan.Seed}");
        var empty = MemoryFigures.Measure();

        // Sites are dealt to partitions by the stable hash, as the station does.
        var random = new Random(plan.Seed);
        var parts = Enumerable.Range(0, plan.Partitions).Select(_ => new Partition()).ToArray();
        var mixCounts = new int[Mix.Length];
        for (var s = 0; s < plan.Sites; s++)
        {
            var id = $"SITE-{s:D7}";
            var draw = random.NextDouble();
            var mix = (byte)(draw < 0.5 ? 0 : draw < 0.8 ? 1 : 2);
            mixCounts[mix]++;
            var part = parts[SupervisionPartitions.Of(id, plan.Partitions)];
            part.Ids.Add(id);
            part.Mix.Add(mix);
        }
        var loading = Stopwatch.StartNew();
        Parallel.For(0, parts.Length, p => parts[p].Load(plan, Start));
        loading.Stop();
        Console.WriteLine($"load        {plan.Sites:N0} sites watched in {loading.Elapsed.TotalSeconds:F2} s "
            + $"({Share(mixCounts[0], plan.Sites)} SP4, {Share(mixCounts[1], plan.Sites)} DP4 dual path, {Share(mixCounts[2], plan.Sites)} daily-test)");
        var loaded = MemoryFigures.Measure();
        Console.WriteLine($"memory      after loading, after a full GC: managed heap {loaded.ManagedMb:F0} MB, working set {loaded.WorkingSetMb:F0} MB; "
            + $"the sites take {loaded.ManagedMb - empty.ManagedMb:F0} MB managed, {(loaded.ManagedBytes - empty.ManagedBytes) / plan.Sites:F0} B a site "
            + "(id, dictionary entry, watch arrays, the bench's site list)");

        var everSilent = new bool[plan.Sites];
        foreach (var part in parts)
        {
            part.PlanTraffic(plan, Start, random, everSilent);
        }

        var steps = (int)(plan.Length.BclCompatibleTicks / plan.Pulse.BclCompatibleTicks);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var step = 1; step <= steps; step++)
        {
            var now = Start + plan.Pulse * step;
            Parallel.For(0, parts.Length, p => parts[p].Step(now));
        }
        wall.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var polls = parts.Sum(p => p.Polls);
        var dropped = parts.Sum(p => p.Dropped);
        long Count(LivenessChangeKind kind) => parts.Sum(p => p.Changes[(int)kind]);
        var lateness = parts.SelectMany(p => p.Lateness).ToList();
        Console.WriteLine($"run         {plan.Minutes} simulated minutes in {steps:N0} pulses: wall {wall.Elapsed.TotalSeconds:F2} s; "
            + $"polls delivered {polls:N0} (dropped while silent {dropped:N0}); silent sites {parts.Sum(p => p.Silenced):N0}");
        var losses = Count(LivenessChangeKind.PathLost) + Count(LivenessChangeKind.SiteLost) + Count(LivenessChangeKind.CyclicTestMissed);
        Console.WriteLine($"detections  losses {losses:N0}: "
            + $"PathLost {Count(LivenessChangeKind.PathLost):N0}, SiteLost {Count(LivenessChangeKind.SiteLost):N0}, CyclicTestMissed {Count(LivenessChangeKind.CyclicTestMissed):N0}; "
            + $"restorations PathRestored {Count(LivenessChangeKind.PathRestored):N0}, SiteRestored {Count(LivenessChangeKind.SiteRestored):N0}, "
            + $"CyclicTestResumed {Count(LivenessChangeKind.CyclicTestResumed):N0}; losses of sites never silenced {parts.Sum(p => p.Unexpected):N0}");
        var p99 = BenchCommand.Percentile(lateness, 99);
        Console.WriteLine($"lateness    p50 {BenchCommand.Percentile(lateness, 50):F1} ms  p99 {p99:F1} ms  max {BenchCommand.Percentile(lateness, 100):F1} ms "
            + $"over {lateness.Count:N0} losses (simulated now − due + the wall time of that Advance call)");
        var watchTime = parts.Sum(p => p.WatchTicks);
        var generatorTime = parts.Sum(p => p.GeneratorTicks);
        var watchShare = watchTime / (double)Math.Max(1, watchTime + generatorTime);
        Console.WriteLine($"cpu         Heard+Advance {cpu.TotalMilliseconds * watchShare / Math.Max(1, polls) * 1000:F3} ms per 1,000 polls "
            + $"(process CPU × their share of the measured time, {watchShare:P0}); process CPU {cpu.TotalSeconds:F1} s in all, generator included "
            + $"({cpu.TotalMilliseconds / Math.Max(1, polls) * 1000:F3} ms per 1,000 polls)");
        var end = MemoryFigures.Measure();
        Console.WriteLine($"memory      at the end, after a full GC: managed heap {end.ManagedMb:F0} MB, working set {end.WorkingSetMb:F0} MB "
            + $"(the traffic generator's schedule included); {(end.ManagedBytes - empty.ManagedBytes) / plan.Sites:F0} B a site");
        Snapshots(plan, parts);
        var peak = Math.Max(loaded.WorkingSetMb, end.WorkingSetMb);
        Console.WriteLine($"targets     memory {peak:F0} MB < {MemoryTargetMb:F0} MB: {(peak < MemoryTargetMb ? "OK" : "MISSED")}; "
            + $"lateness p99 {p99:F1} ms < {LatenessTargetMs:F0} ms: {(lateness.Count > 0 && p99 < LatenessTargetMs ? "OK" : "MISSED")}");
        GC.KeepAlive(parts);
        return 0;
    }

    /// <summary>What a restart costs: every partition written to a snapshot, then read back as after a restart.</summary>
    private static void Snapshots(Plan plan, Partition[] parts)
    {
        var written = Stopwatch.StartNew();
        var snapshots = parts.Select(p =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            p.Watch.WriteSnapshot(buffer);
            return buffer.WrittenMemory;
        }).ToArray();
        written.Stop();
        var bytes = snapshots.Sum(s => (long)s.Length);
        var problems = new List<string>();
        var read = Stopwatch.StartNew();
        var sites = 0;
        foreach (var snapshot in snapshots)
        {
            sites += LivenessWatch.ReadSnapshot(snapshot.Span, name => Mix.FirstOrDefault(p => p.Name == name), Start + plan.Length, plan.Pulse, problems).Count;
        }
        read.Stop();
        Console.WriteLine($"snapshot    {parts.Length} partitions: {bytes / 1048576.0:F1} MB ({bytes / (double)Math.Max(1, sites):F0} B a site), "
            + $"written in {written.Elapsed.TotalSeconds:F2} s, {sites:N0} sites read back as after a restart in {read.Elapsed.TotalSeconds:F2} s, one after the other");
    }

    private static string Share(int count, int total) => $"{100.0 * count / total:F1} %";

    /// <summary>One partition: its watch and the traffic of its sites, run single-threaded within a pulse.</summary>
    private sealed class Partition
    {
        private const int Ip = 0;
        private const int Gsm = 1;
        private const int Cyclic = 2;
        private static readonly Duration CyclicPeriod = Duration.FromHours(24);

        public readonly List<string> Ids = [];
        public readonly List<byte> Mix = [];
        public readonly long[] Changes = new long[Enum.GetValues<LivenessChangeKind>().Length];
        public readonly List<double> Lateness = [];
        public long Polls;
        public long Dropped;
        public long Unexpected;
        public int Silenced;
        public long WatchTicks;
        public long GeneratorTicks;

        private readonly List<LivenessChange> _changes = [];
        // Next message of each (site, path or cyclic test), by time: element = site × 3 + what.
        private readonly PriorityQueue<int, long> _schedule = new();
        private LivenessWatch _watch = null!;

        public LivenessWatch Watch => _watch;
        private (int Site, int What, long At)[] _due = new (int, int, long)[64];
        private long[] _silentFrom = [];
        private long[] _silentUntil = [];
        private long _end;
        private bool[] _everSilent = [];

        public void Load(Plan plan, Instant start)
        {
            _watch = new LivenessWatch(plan.Pulse, LivenessWatch.DefaultSlots, Ids.Count);
            for (var i = 0; i < Ids.Count; i++)
            {
                _watch.Watch(Ids[i], SupervisionBench.Mix[Mix[i]], Mix[i] == 1 ? IpAndGsm : IpOnly, start);
            }
        }

        /// <summary>Poll phases and faults; drawn in partition order from one seeded generator, so a run repeats.</summary>
        public void PlanTraffic(Plan plan, Instant start, Random random, bool[] everSilent)
        {
            _everSilent = everSilent;
            var origin = start.ToUnixTimeTicks();
            var length = plan.Length.BclCompatibleTicks;
            _end = origin + length;
            _silentFrom = new long[Ids.Count];
            _silentUntil = new long[Ids.Count];
            var outageFrom = origin + length * 2 / 3;
            var outageUntil = outageFrom + Duration.FromMinutes(5).BclCompatibleTicks;
            for (var i = 0; i < Ids.Count; i++)
            {
                for (var what = Ip; what <= Cyclic; what++)
                {
                    if (Period(i, what) is { } period)
                    {
                        var first = origin + (long)(random.NextDouble() * period);
                        if (first <= _end)
                        {
                            _schedule.Enqueue(i * 3 + what, first);
                        }
                    }
                }
                var fault = random.NextDouble();
                if (fault < 0.001)
                {
                    // Goes silent at a random time; half come back before or after the end.
                    _silentFrom[i] = origin + (long)(random.NextDouble() * length);
                    _silentUntil[i] = random.Next(2) == 0 ? long.MaxValue : _silentFrom[i] + (long)(random.NextDouble() * (_end - _silentFrom[i]));
                }
                else if (fault < 0.001 + (plan.OutagePercent / 100))
                {
                    (_silentFrom[i], _silentUntil[i]) = (outageFrom, outageUntil);
                }
                else
                {
                    (_silentFrom[i], _silentUntil[i]) = (long.MaxValue, long.MaxValue);
                    continue;
                }
                Silenced++;
                everSilent[int.Parse(Ids[i].AsSpan(5), CultureInfo.InvariantCulture)] = true;
            }
        }

        /// <summary>0.9 × the path's deadline (ticks); the cyclic test every 24 h; null when the site does not send it.</summary>
        private long? Period(int site, int what) => what switch
        {
            Cyclic => CyclicPeriod.BclCompatibleTicks,
            _ => SupervisionBench.Mix[Mix[site]].DeadlineOf(what == Ip ? TransmissionKind.Ip : TransmissionKind.Gsm) is { } deadline
                && (what == Ip || Mix[site] == 1)
                ? deadline.BclCompatibleTicks * 9 / 10
                : null,
        };

        /// <summary>The polls due by <paramref name="now"/> (site, what, at), in <see cref="DueAt"/>.</summary>
        public int Collect(Instant now)
        {
            var n = now.ToUnixTimeTicks();
            var count = 0;
            while (_schedule.TryPeek(out var entry, out var at) && at <= n)
            {
                _schedule.Dequeue();
                var site = entry / 3;
                var what = entry % 3;
                var next = at + Period(site, what)!.Value;
                if (next <= _end)
                {
                    _schedule.Enqueue(entry, next);
                }
                if (at >= _silentFrom[site] && at < _silentUntil[site])
                {
                    Dropped++;
                    continue;
                }
                if (count == _due.Length)
                {
                    Array.Resize(ref _due, count * 2);
                }
                _due[count++] = (site, what, at);
            }
            return count;
        }

        public (int Site, int What, long At) DueAt(int k) => _due[k];

        public static bool IsGsm(int what) => what == Gsm;

        public static bool IsCyclic(int what) => what == Cyclic;

        public bool EverSilent(string siteId) => _everSilent[int.Parse(siteId.AsSpan(5), CultureInfo.InvariantCulture)];

        public void Step(Instant now)
        {
            var started = Stopwatch.GetTimestamp();
            var count = Collect(now);
            var generated = Stopwatch.GetTimestamp();
            for (var k = 0; k < count; k++)
            {
                var (site, what, at) = _due[k];
                _watch.Heard(Ids[site], what == Gsm ? TransmissionKind.Gsm : TransmissionKind.Ip, what == Cyclic, Instant.FromUnixTimeTicks(at), _changes);
            }
            Polls += count;
            var heard = Stopwatch.GetTimestamp();
            _watch.Advance(now, _changes);
            var advanced = Stopwatch.GetTimestamp();
            GeneratorTicks += generated - started;
            WatchTicks += advanced - generated;
            var advanceMs = Stopwatch.GetElapsedTime(heard, advanced).TotalMilliseconds;
            foreach (var change in _changes)
            {
                Changes[(int)change.Kind]++;
                if (!change.IsLoss)
                {
                    continue;
                }
                Lateness.Add((now - change.Due).TotalMilliseconds + advanceMs);
                // The bench's ids carry the site number: SITE-0001234.
                if (!_everSilent[int.Parse(change.SiteId.AsSpan(5), CultureInfo.InvariantCulture)])
                {
                    Unexpected++;
                }
            }
            _changes.Clear();
        }

    }

    private readonly record struct MemoryFigures(long ManagedBytes, double WorkingSetMb)
    {
        public double ManagedMb => ManagedBytes / 1048576.0;

        public static MemoryFigures Measure()
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            return new MemoryFigures(managed, Environment.WorkingSet / 1048576.0);
        }
    }
}
