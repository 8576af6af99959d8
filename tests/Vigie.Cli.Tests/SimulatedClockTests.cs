using Vigie.Cli.Commands;

namespace Vigie.Cli.Tests;

/// <summary>The benches' hand-moved clock: timers fire when their time comes, earliest first, and not after a change or disposal.</summary>
public class SimulatedClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Timers_fire_once_their_time_has_come_earliest_first_with_the_clock_already_moved()
    {
        var clock = new SimulatedClock(Start);
        var began = clock.GetTimestamp();
        var fired = new List<(string, DateTimeOffset)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([("early", Start.AddSeconds(39)), ("late", Start.AddSeconds(39))], fired);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, fired.Count); // one-shot timers do not come back
        Assert.Equal(Start.AddSeconds(339), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(339), clock.GetElapsedTime(began));
    }

    [Fact]
    public void A_changed_timer_keeps_only_its_new_time_a_disposed_one_never_fires_and_a_periodic_one_repeats()
    {
        var clock = new SimulatedClock(Start);
        var moved = 0;
        var disposed = 0;
        var periodic = 0;
        using var movedTimer = clock.CreateTimer(_ => moved++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        var disposedTimer = clock.CreateTimer(_ => disposed++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var periodicTimer = clock.CreateTimer(_ => periodic++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.True(movedTimer.Change(TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan));
        disposedTimer.Dispose();
        Assert.False(disposedTimer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, moved);
        Assert.Equal(0, disposed);
        Assert.Equal(10, periodic);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, moved);
        Assert.Equal(20, periodic);
        periodicTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(20, periodic);
    }
}
