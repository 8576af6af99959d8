using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Vigie.Station.Engine;
using Vigie.Storage;

namespace Vigie.Station.Supervision;

/// <summary>
/// Starts supervision once the silo is up (every partition told which sites it watches, from the "supervised"
/// projection the site grains keep), then beats: every pulse each partition fires its passed deadlines and the
/// outage watch releases what it held. The beat runs on the station's clock (a fake one in tests); beats that
/// pile up while one runs are merged, the next one uses the time it starts at.
/// </summary>
public sealed class SupervisionPulse(
    IGrainFactory grains,
    IEventLog log,
    StationClock clock,
    SupervisionSettings settings,
    PanelContactsFeed contacts,
    IHostApplicationLifetime lifetime,
    ILogger<SupervisionPulse> logger) : BackgroundService
{
    private readonly SemaphoreSlim _beat = new(0, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _beats;

    /// <summary>Completes when every partition has been reconciled (tests wait on it).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Beats done, failed ones included (tests and the bench wait for one after moving the clock).</summary>
    public long Beats => Interlocked.Read(ref _beats);

    /// <summary>Beats that failed (logged; the next beat fires what they missed).</summary>
    public long FailedBeats => Interlocked.Read(ref _failedBeats);

    private long _failedBeats;

    /// <summary>How long the last beat took on the wall clock (the bench adds it to each deadline's lateness).</summary>
    public TimeSpan LastBeat { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        // The silo goes down before this service is told to stop: beats end when the application starts stopping, and
        // the one under way is let finish first, so a normal stop sends no call to a silo that is leaving.
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        using var drain = lifetime.ApplicationStopping.Register(() => WaitForBeat(settings.StopWait));
        try
        {
            SupervisionLog.Started(logger, await ReconcileAtStartAsync(stoppingToken), settings.Partitions);
            contacts.Open();
            _ready.TrySetResult();
            using var timer = clock.Time.CreateTimer(_ => Signal(), null, settings.Pulse.ToTimeSpan(), settings.Pulse.ToTimeSpan());
            while (!beating.IsCancellationRequested)
            {
                await _beat.WaitAsync(beating.Token);
                try
                {
                    _current = BeatAsync();
                    await _current;
                }
                catch (Exception error) when (!Stopping(stoppingToken))
                {
                    SupervisionLog.PulseFailed(logger, error);
                }
            }
        }
        catch (Exception) when (Stopping(stoppingToken))
        {
            // A stop during start-up: the silo goes down before this service is told to stop, so its calls fail; nothing is lost.
            _ready.TrySetCanceled(CancellationToken.None);
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            throw;
        }
    }

    private Task _current = Task.CompletedTask;

    private void WaitForBeat(TimeSpan atMost)
    {
        try
        {
            _current.Wait(atMost);
        }
        catch (AggregateException)
        {
            // A failed beat is logged where it is awaited.
        }
    }

    private bool Stopping(CancellationToken stoppingToken) =>
        stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested;

    private void Signal()
    {
        if (_beat.CurrentCount == 0)
        {
            try
            {
                _beat.Release();
            }
            catch (SemaphoreFullException)
            {
                // another beat was signalled meanwhile: one is enough
            }
        }
    }

    /// <summary>One beat now: every partition, then the outage watch.</summary>
    public async Task BeatAsync()
    {
        var now = clock.GetCurrentInstant();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, settings.Partitions).Select(p => grains.GetGrain<ISupervisionPartitionGrain>(p).Tick(now)));
            await grains.GetGrain<IOutageWatchGrain>(0).Tick(now);
        }
        catch
        {
            Interlocked.Increment(ref _failedBeats);
            throw;
        }
        finally
        {
            LastBeat = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Interlocked.Increment(ref _beats);
        }
    }

    /// <summary>
    /// Tells every partition which sites it watches (from the "supervised" projection); the number of sites. Partitions
    /// keep the deadlines of the sites they know; a partition that has just moved learns the sites added since its
    /// snapshot, each with a full interval.
    /// </summary>
    internal async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var sites = (await log.ListDocumentsAsync(Collections.Supervised, ct)).Select(d => EventCodec.Read<SupervisedSite>(d.Data)!).ToList();
        var byPartition = sites.ToLookup(s => SupervisionSettings.PartitionOf(s.SiteId, settings.Partitions));
        await Task.WhenAll(Enumerable.Range(0, settings.Partitions).Select(p =>
            grains.GetGrain<ISupervisionPartitionGrain>(p).Reconcile(new Immutable<SupervisedSite[]>([.. byPartition[p]]))));
        return sites.Count;
    }

    /// <summary>How long a start waits for the cluster to declare a lost station dead before giving up.</summary>
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The first reconciliation, tried again while a partition lives on a station the cluster has lost and not yet
    /// declared dead (Orleans answers "silo unavailable" until then, and moves the partition after): a station starting
    /// while another dies does not stop with it.
    /// </summary>
    private async Task<int> ReconcileAtStartAsync(CancellationToken ct)
    {
        var giveUp = DateTime.UtcNow + StartPatience;
        while (true)
        {
            try
            {
                return await ReconcileAsync(ct);
            }
            catch (Exception error) when (error is OrleansException or TimeoutException && !ct.IsCancellationRequested && DateTime.UtcNow < giveUp)
            {
                SupervisionLog.StartRetried(logger, error.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>Saves every partition (a clean stop then loses no last contact).</summary>
    public async Task SaveAllAsync() =>
        await Task.WhenAll(Enumerable.Range(0, settings.Partitions).Select(p => grains.GetGrain<ISupervisionPartitionGrain>(p).SaveSnapshot()));
}
