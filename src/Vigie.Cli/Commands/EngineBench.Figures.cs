using System.Diagnostics;
using System.Runtime;

namespace Vigie.Cli.Commands;

/// <summary>`vigie bench engine`, the process's side: stalls, GC and memory figures.</summary>
internal static partial class EngineBench
{
    /// <summary>
    /// What stops the whole process: the garbage collector's pauses (runtime events), and how late a thread that
    /// sleeps 1 ms wakes up (GC pauses plus the CPU the machine did not give).
    /// </summary>
    private sealed class Stalls : System.Diagnostics.Tracing.EventListener
    {
        private const int RestartEEEnd = 3;
        private const int SuspendEEBegin = 9;
        private readonly List<double> _gcPauses = [];
        private readonly List<double> _hiccups = [];
        private readonly Lock _gate = new();
        private readonly Thread _sleeper;
        private volatile bool _stopped;
        private DateTime _suspendedAt;

        public Stalls()
        {
            _sleeper = new Thread(() =>
            {
                while (!_stopped)
                {
                    var before = Stopwatch.GetTimestamp();
                    Thread.Sleep(1);
                    var late = Stopwatch.GetElapsedTime(before).TotalMilliseconds - 1;
                    lock (_gate)
                    {
                        _hiccups.Add(late);
                    }
                }
            })
            { IsBackground = true, Name = "bench-hiccups", Priority = ThreadPriority.AboveNormal };
            _sleeper.Start();
        }

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Informational, (System.Diagnostics.Tracing.EventKeywords)1); // GC
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
        {
            if (eventData.EventId == SuspendEEBegin)
            {
                _suspendedAt = eventData.TimeStamp;
            }
            else if (eventData.EventId == RestartEEEnd && _suspendedAt != default)
            {
                lock (_gate)
                {
                    _gcPauses.Add((eventData.TimeStamp - _suspendedAt).TotalMilliseconds);
                }
                _suspendedAt = default;
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                var over = _gcPauses.Count(p => p > 50);
                return $"GC pauses {_gcPauses.Count}, p99 {BenchCommand.Percentile(_gcPauses, 99):F1} ms, longest {BenchCommand.Percentile(_gcPauses, 100):F1} ms, "
                    + $"{over} over 50 ms, {_gcPauses.Sum() / 1000:F2} s in all; a 1-ms sleeper woke late by p99 {BenchCommand.Percentile(_hiccups, 99):F1} ms, "
                    + $"longest {BenchCommand.Percentile(_hiccups, 100):F1} ms";
            }
        }

        public override void Dispose()
        {
            _stopped = true;
            _sleeper.Join();
            base.Dispose();
        }
    }

    /// <summary>What the garbage collector did between two readings: allocation is where the CPU of JSON copies shows.</summary>
    private readonly record struct GcFigures(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcFigures Now() =>
            new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public string Since(GcFigures before, long units, string unit) =>
            $"GC: {(Allocated - before.Allocated) / 1024.0 / units:N1} KB allocated a {unit}, collections gen0 {Gen0 - before.Gen0} gen1 {Gen1 - before.Gen1} "
            + $"gen2 {Gen2 - before.Gen2}, paused {(Paused - before.Paused).TotalSeconds:F2} s";
    }

    private readonly record struct MemoryFigures(double ManagedMb, double WorkingSetMb, double PrivateMb)
    {
        public static MemoryFigures Measure()
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            using var self = Process.GetCurrentProcess();
            return new MemoryFigures(managed / 1048576.0, Environment.WorkingSet / 1048576.0, self.PrivateMemorySize64 / 1048576.0);
        }
    }
}
