using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NodaTime;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// The engine's alarm clock: one timer per stream with something due (a 30-s window, a call timeout, a
/// PROTECT+ period end). Due times are also kept in the "deadlines" projection, written with the events that
/// set them, so a restart re-arms every timer (<see cref="ResumeAsync"/>) and wakes the grain when due.
/// Timers run on the host's TimeProvider: a fake one in tests makes 30 s pass in no time.
/// </summary>
public sealed class Deadlines(StationClock clock, ILogger<Deadlines> logger)
{
    private readonly ConcurrentDictionary<string, (Instant Due, ITimer Timer)> _timers = new();
    private readonly ConcurrentQueue<string> _missed = new();
    private Func<string, Task>? _wake;

    /// <summary>Who to call when a stream's deadline passes (set once the grains can be reached); deadlines passed before then fire now.</summary>
    internal void Connect(Func<string, Task> wake)
    {
        Volatile.Write(ref _wake, wake);
        while (_missed.TryDequeue(out var stream))
        {
            Wake(wake, stream);
        }
    }

    public int Pending => _timers.Count;

    public void Schedule(string stream, Instant? due)
    {
        if (due is null)
        {
            if (_timers.TryRemove(stream, out var old))
            {
                old.Timer.Dispose();
            }
            return;
        }
        if (_timers.TryGetValue(stream, out var existing) && existing.Due == due.Value)
        {
            return;
        }
        Arm(stream, due.Value);
    }

    /// <summary>
    /// Timers cannot wait more than about 49 days, and a detector-test reminder is months away: a far deadline
    /// is waited for in steps of at most a day.
    /// </summary>
    private static readonly Duration LongestWait = Duration.FromDays(1);

    private void Arm(string stream, Instant due)
    {
        var delay = due - clock.GetCurrentInstant();
        delay = delay < Duration.Zero ? Duration.Zero : delay > LongestWait ? LongestWait : delay;
        var timer = clock.Time.CreateTimer(_ => Fire(stream, due), null, delay.ToTimeSpan(), Timeout.InfiniteTimeSpan);
        if (_timers.TryGetValue(stream, out var replaced))
        {
            replaced.Timer.Dispose();
        }
        _timers[stream] = (due, timer);
    }

    private void Fire(string stream, Instant due)
    {
        if (clock.GetCurrentInstant() < due)
        {
            if (_timers.TryGetValue(stream, out var waiting) && waiting.Due == due)
            {
                Arm(stream, due); // one step of a far deadline
            }
            return;
        }
        if (_timers.TryGetValue(stream, out var current) && current.Due == due && _timers.TryRemove(new(stream, current)))
        {
            current.Timer.Dispose();
        }
        if (_wake is not { } wake)
        {
            _missed.Enqueue(stream);
            if (Volatile.Read(ref _wake) is { } late)
            {
                Connect(late); // connected meanwhile: drain what was just queued
            }
            return;
        }
        Wake(wake, stream);
    }

    private void Wake(Func<string, Task> wake, string stream)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await wake(stream);
            }
            catch (ObjectDisposedException)
            {
                // The station is stopping: the deadline stays in the log and is re-armed at the next start.
            }
            catch (Exception error)
            {
                EngineLog.WakeFailed(logger, stream, error);
            }
        });
    }

    /// <summary>Re-arms every deadline stored before a stop.</summary>
    public async Task<int> ResumeAsync(IEventLog log, CancellationToken ct)
    {
        var stored = await log.ListDocumentsAsync(Collections.Deadlines, ct);
        foreach (var document in stored)
        {
            Schedule(document.Key, NodaTime.Text.InstantPattern.ExtendedIso.Parse(document.Data.Trim('"')).GetValueOrThrow());
        }
        return stored.Count;
    }

    internal static DocumentChange Document(string stream, Instant? due) => due is { } d
        ? new UpsertDocument(Collections.Deadlines, stream, EventCodec.Json(d))
        : new DeleteDocument(Collections.Deadlines, stream);
}
