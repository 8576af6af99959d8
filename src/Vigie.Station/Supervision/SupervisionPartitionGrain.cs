using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans;
using Orleans.Concurrency;
using Vigie.Domain;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Station.Engine;
using Vigie.Storage;

namespace Vigie.Station.Supervision;

/// <summary>
/// Owns one <see cref="LivenessWatch"/>: no database is read per site or per poll. The watch is saved as a snapshot
/// every snapshot interval (a minute by default) and when the station stops; a restart loads it and gives every site one full interval before
/// it can be declared lost, so the station's own downtime raises no false "lost".
/// </summary>
internal sealed class SupervisionPartitionGrain(EngineServices engine, SupervisionSettings settings, SupervisionMetrics metrics, ILogger<SupervisionPartitionGrain> logger)
    : Grain, ISupervisionPartitionGrain
{
    private LivenessWatch _watch = new(settings.Resolution);
    /// <summary>Paths of the sites whose panels name their DC-09 line (most do not: their messages count for the primary path).</summary>
    private Dictionary<string, IReadOnlyList<TransmissionPath>> _lined = [];
    private readonly List<LivenessChange> _changes = [];
    private Instant? _lastTick;
    private Instant? _lastSnapshot;
    private Instant _nextSnapshot;
    private bool _dirty;

    private int Partition => (int)this.GetPrimaryKeyLong();

    private string SnapshotKey => $"partition-{Partition}";

    private IOutageWatchGrain Outages => GrainFactory.GetGrain<IOutageWatchGrain>(0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Partitions save in turn, not all in the same beat.
        _nextSnapshot = engine.Clock.GetCurrentInstant() + settings.SnapshotInterval * (Partition + 1) / settings.Partitions;
        var stored = await engine.Log.GetDocumentAsync(Collections.Supervision, SnapshotKey, cancellationToken);
        if (stored is null)
        {
            return;
        }
        var now = engine.Clock.GetCurrentInstant();
        var problems = new List<string>();
        PartitionSnapshot snapshot;
        try
        {
            snapshot = EventCodec.Read<PartitionSnapshot>(stored.Data) ?? throw new InvalidDataException("empty snapshot");
            _watch = LivenessWatch.ReadSnapshot(Convert.FromBase64String(snapshot.Watch), engine.Rules.Supervision.FindProfile, now, settings.Resolution, problems);
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or JsonException)
        {
            // Kept aside for a look; the partition starts empty and the start-up reconciliation gives its sites a full
            // interval and marks lost again those their sites still hold lost. Nothing is declared lost falsely.
            SupervisionLog.SnapshotUnreadable(logger, Partition, error.Message);
            await engine.Log.AppendAsync("supervision", 0, [],
                [new UpsertDocument(Collections.Supervision, $"{SnapshotKey}.damaged", stored.Data), new DeleteDocument(Collections.Supervision, SnapshotKey)],
                cancellationToken);
            _watch = new LivenessWatch(settings.Resolution);
            return;
        }
        foreach (var problem in problems)
        {
            SupervisionLog.SnapshotProblem(logger, Partition, problem);
        }
        SupervisionLog.PartitionResumed(logger, Partition, _watch.Count, snapshot.SavedAt, now);
        // A loss noticed before the stop may not have reached its site: declared again, the site ignores it if it knows.
        var losses = _watch.CurrentLosses().ToArray();
        if (losses.Length > 0)
        {
            await Outages.Redeclare(new Immutable<LivenessChange[]>(losses));
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await SaveSnapshot();
        }
    }

    public Task Watch(SupervisedSite site)
    {
        WatchOne(site, engine.Clock.GetCurrentInstant());
        return Task.CompletedTask;
    }

    private void WatchOne(SupervisedSite site, Instant now)
    {
        var profile = engine.Rules.Supervision.FindProfile(site.Profile);
        if (profile is null)
        {
            SupervisionLog.UnknownProfile(logger, site.SiteId, site.Profile);
            profile = SupervisionProfiles.DailyTest;
        }
        _watch.Watch(site.SiteId, profile, site.Paths, now);
        if (site.Paths.Any(p => p.Line is not null))
        {
            _lined[site.SiteId] = site.Paths;
        }
        else
        {
            _lined.Remove(site.SiteId);
        }
        _dirty = true;
    }

    public Task Unwatch(string siteId)
    {
        _dirty |= _watch.Unwatch(siteId);
        _lined.Remove(siteId);
        return Task.CompletedTask;
    }

    public Task Reconcile(Immutable<SupervisedSite[]> sites)
    {
        var now = engine.Clock.GetCurrentInstant();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites.Value)
        {
            wanted.Add(site.SiteId);
            // A site already watched with the same profile and paths keeps its deadlines (and the restart's grace).
            if (_watch.Find(site.SiteId) is not { } known || known.Profile != site.Profile || !SamePaths(known, site))
            {
                WatchOne(site, now);
            }
            foreach (var fault in site.Lost ?? [])
            {
                var (kind, path) = fault switch
                {
                    FaultKeys.Site => (LivenessChangeKind.SiteLost, (TransmissionKind?)null),
                    FaultKeys.CyclicTest => (LivenessChangeKind.CyclicTestMissed, null),
                    _ when fault == FaultKeys.Path(TransmissionKind.Ip) => (LivenessChangeKind.PathLost, TransmissionKind.Ip),
                    _ when fault == FaultKeys.Path(TransmissionKind.Gsm) => (LivenessChangeKind.PathLost, TransmissionKind.Gsm),
                    _ => (LivenessChangeKind.SiteRestored, null),
                };
                _dirty |= kind.IsLossKind() && _watch.MarkLost(site.SiteId, kind, path, now);
            }
        }
        foreach (var stale in _watch.SiteIds().Where(id => !wanted.Contains(id)).ToList())
        {
            _watch.Unwatch(stale);
            _lined.Remove(stale);
            _dirty = true;
        }
        return Task.CompletedTask;
    }

    private bool SamePaths(SiteLiveness known, SupervisedSite site) =>
        known.Paths.Count == site.Paths.Count
        && site.Paths.All(p => known.Paths.Any(k => k.Kind == p.Kind && k.Primary == p.Primary))
        && (_lined.TryGetValue(site.SiteId, out var lines) ? lines.SequenceEqual(site.Paths) : site.Paths.All(p => p.Line is null));

    public async Task Heard(Immutable<SupervisionContact[]> contacts)
    {
        foreach (var contact in contacts.Value)
        {
            if (_watch.PrimaryPath(contact.SiteId) is not { } primary)
            {
                continue; // not watched (not provisioned, or removed): the journal still has the message
            }
            var path = _lined.TryGetValue(contact.SiteId, out var paths) ? PathOf(paths, contact.Line, primary) : primary;
            _watch.Heard(contact.SiteId, path, contact.CyclicTest, contact.At, _changes);
        }
        metrics.Contacts(contacts.Value.Length);
        _dirty = true;
        await Report();
    }

    private static TransmissionKind PathOf(IReadOnlyList<TransmissionPath> paths, string? line, TransmissionKind primary)
    {
        foreach (var path in paths)
        {
            if (path.Line is { } l && line is not null && string.Equals(l, line, StringComparison.OrdinalIgnoreCase))
            {
                return path.Kind;
            }
        }
        return primary;
    }

    public async Task Tick(Instant now)
    {
        _watch.Advance(now, _changes);
        _lastTick = now;
        if (_changes.Count > 0)
        {
            _dirty = true;
            await Report();
        }
        if (_dirty && now >= _nextSnapshot)
        {
            await SaveSnapshot();
        }
    }

    private async Task Report()
    {
        if (_changes.Count == 0)
        {
            return;
        }
        var changes = _changes.ToArray();
        _changes.Clear();
        foreach (var change in changes)
        {
            metrics.Change(change);
        }
        await Outages.Report(new Immutable<LivenessChange[]>(changes));
    }

    public Task<SiteLiveness?> Find(string siteId) => Task.FromResult(_watch.Find(siteId));

    public Task<PartitionStatus> Status()
    {
        var losses = _watch.CurrentLosses().ToList();
        return Task.FromResult(new PartitionStatus(Partition, _watch.Count,
            losses.Count(l => l.Kind == LivenessChangeKind.SiteLost),
            losses.Count(l => l.Kind == LivenessChangeKind.PathLost),
            losses.Count(l => l.Kind == LivenessChangeKind.CyclicTestMissed),
            _lastTick, _lastSnapshot));
    }

    public async Task SaveSnapshot()
    {
        var now = engine.Clock.GetCurrentInstant();
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, _watch.Count * 64));
        _watch.WriteSnapshot(buffer);
        var snapshot = new PartitionSnapshot(now, Convert.ToBase64String(buffer.WrittenSpan));
        await engine.Log.AppendAsync("supervision", 0, [],
            [new UpsertDocument(Collections.Supervision, SnapshotKey, JsonSerializer.Serialize(snapshot, DomainJson.Options))]);
        _lastSnapshot = now;
        _nextSnapshot = now + settings.SnapshotInterval;
        _dirty = false;
    }
}

/// <summary>A partition as saved: the watch's binary snapshot (the sites' DC-09 lines come back with the start-up reconciliation).</summary>
internal sealed record PartitionSnapshot(Instant SavedAt, string Watch);
