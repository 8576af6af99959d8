using Orleans;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Station.Ports;

namespace Vigie.Station.Engine;

/// <summary>Where a voice server reports what happened on an automatic call.</summary>
public sealed class CallOutcomes(IGrainFactory grains, StationClock clock)
{
    public Task<CommandResult> AnsweredAsync(VoiceCall call, string dtmf, CancellationToken ct) =>
        grains.GetGrain<IIncidentGrain>(call.IncidentId).CallAnswered(call.CallId, dtmf, Actor.Contact(call.To.Value));

    public Task<CommandResult> UnansweredAsync(VoiceCall call, CancellationToken ct) =>
        grains.GetGrain<IIncidentGrain>(call.IncidentId).Execute(new ReportCallUnanswered(call.CallId, Actor.PhoneSystem, clock.GetCurrentInstant()));
}

/// <summary>
/// The console's live feed until the console issue plugs SignalR in: recent notices, and an event any
/// in-process listener (tests, the engine bench) can follow.
/// </summary>
/// <remarks>
/// A listener is called in the execution context it subscribed from, not in the engine's: a console page subscribes
/// from its circuit, so its culture (the member's language) holds when the notice re-renders it. Called in the
/// engine's context, a French page re-rendered in the process's culture (English texts, US dates).
/// </remarks>
public sealed class ConsoleFeed : IConsoleNotifications
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<IncidentNotice> _recent = new();
    private readonly Listeners<IncidentNotice> _changed = new();
    private readonly Listeners<SiteNotice> _siteNoticed = new();

    public event Action<IncidentNotice>? Changed
    {
        add => _changed.Add(value);
        remove => _changed.Remove(value);
    }

    public IReadOnlyList<IncidentNotice> Recent() => [.. _recent];

    public Task IncidentChangedAsync(IncidentNotice notice, CancellationToken ct)
    {
        _recent.Enqueue(notice);
        while (_recent.Count > 500 && _recent.TryDequeue(out _))
        {
        }
        _changed.Tell(notice);
        return Task.CompletedTask;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<SiteNotice> _siteNotices = new();

    public event Action<SiteNotice>? SiteNoticed
    {
        add => _siteNoticed.Add(value);
        remove => _siteNoticed.Remove(value);
    }

    public IReadOnlyList<SiteNotice> SiteNotices() => [.. _siteNotices];

    public Task SiteNoticeAsync(SiteNotice notice, CancellationToken ct)
    {
        _siteNotices.Enqueue(notice);
        while (_siteNotices.Count > 500 && _siteNotices.TryDequeue(out _))
        {
        }
        _siteNoticed.Tell(notice);
        return Task.CompletedTask;
    }

    /// <summary>Listeners, each with the execution context (culture included) it subscribed from.</summary>
    private sealed class Listeners<T>
    {
        private readonly Lock _gate = new();
        private (Action<T> Listener, ExecutionContext? Context)[] _all = [];

        public void Add(Action<T>? listener)
        {
            if (listener is null)
            {
                return;
            }
            var context = ExecutionContext.Capture();
            lock (_gate)
            {
                _all = [.. _all, (listener, context)];
            }
        }

        public void Remove(Action<T>? listener)
        {
            lock (_gate)
            {
                var index = Array.FindLastIndex(_all, l => l.Listener == listener);
                if (index >= 0)
                {
                    _all = [.. _all[..index], .. _all[(index + 1)..]];
                }
            }
        }

        public void Tell(T notice)
        {
            foreach (var (listener, context) in Volatile.Read(ref _all))
            {
                if (context is null)
                {
                    listener(notice);
                }
                else
                {
                    ExecutionContext.Run(context, _ => listener(notice), null);
                }
            }
        }
    }
}

/// <summary>
/// Billable events are stored in the "charges" projection in the same transaction as the event that makes
/// them; this sink only logs them until the billing issue consumes them.
/// </summary>
public sealed class ChargeLog(Microsoft.Extensions.Logging.ILogger<ChargeLog> logger) : IBillableEvents
{
    public Task RecordAsync(BillableEvent billable, CancellationToken ct)
    {
        ChargeLogMessages.Charged(logger, billable.SiteId, billable.Charge.Description, billable.Charge.Amount);
        return Task.CompletedTask;
    }
}

internal static partial class ChargeLogMessages
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "billable at {SiteId}: {Description} ({Amount} €)")]
    public static partial void Charged(Microsoft.Extensions.Logging.ILogger logger, string siteId, string description, decimal? amount);
}
