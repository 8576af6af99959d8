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
public sealed class ConsoleFeed : IConsoleNotifications
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<IncidentNotice> _recent = new();

    public event Action<IncidentNotice>? Changed;

    public IReadOnlyList<IncidentNotice> Recent() => [.. _recent];

    public Task IncidentChangedAsync(IncidentNotice notice, CancellationToken ct)
    {
        _recent.Enqueue(notice);
        while (_recent.Count > 500 && _recent.TryDequeue(out _))
        {
        }
        Changed?.Invoke(notice);
        return Task.CompletedTask;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<SiteNotice> _siteNotices = new();

    public event Action<SiteNotice>? SiteNoticed;

    public IReadOnlyList<SiteNotice> SiteNotices() => [.. _siteNotices];

    public Task SiteNoticeAsync(SiteNotice notice, CancellationToken ct)
    {
        _siteNotices.Enqueue(notice);
        while (_siteNotices.Count > 500 && _siteNotices.TryDequeue(out _))
        {
        }
        SiteNoticed?.Invoke(notice);
        return Task.CompletedTask;
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
