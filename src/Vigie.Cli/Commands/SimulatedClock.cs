namespace Vigie.Cli.Commands;

/// <summary>
/// A clock the bench moves by hand, for stations with many timers. FakeTimeProvider takes one lock for every read of
/// the time and looks through every timer at each advance; with a deadline timer per site (50,000 defined sites) that
/// lock became the bench's bottleneck, so the bench measured the fake clock rather than the station. Here the time
/// is read without a lock and timers wait in a priority queue by due time.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<(SimulatedTimer Timer, long Version), (long Due, long Order)> _waiting = new();
    private long _ticks = start.UtcTicks;
    private long _order;

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Volatile.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the time on, then runs every timer due by then, earliest first, on the caller's thread.</summary>
    public void Advance(TimeSpan by)
    {
        long target;
        lock (_gate)
        {
            target = _ticks + by.Ticks;
            Volatile.Write(ref _ticks, target);
        }
        while (true)
        {
            SimulatedTimer timer;
            lock (_gate)
            {
                if (!_waiting.TryPeek(out var next, out var when) || when.Due > target)
                {
                    return;
                }
                _waiting.Dequeue();
                timer = next.Timer;
                if (next.Version != timer.Version)
                {
                    continue; // changed or disposed since it was queued
                }
                if (timer.Period > 0)
                {
                    _waiting.Enqueue(next, (when.Due + timer.Period, ++_order));
                }
                else
                {
                    timer.Version++;
                }
            }
            timer.Fire();
        }
    }

    private void Schedule(SimulatedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            timer.Version++;
            timer.Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _waiting.Enqueue((timer, timer.Version), (_ticks + Math.Max(0, dueTime.Ticks), ++_order));
            }
        }
    }

    private void Cancel(SimulatedTimer timer)
    {
        lock (_gate)
        {
            timer.Version++;
        }
    }

    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        /// <summary>Bumped by every change: queue entries of an older version are dropped when they come up.</summary>
        public long Version { get; set; }

        public long Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose()
        {
            _disposed = true;
            clock.Cancel(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
