using NodaTime;

namespace Vigie.Domain.Supervision;

/// <summary>
/// When many sites fall silent together it is the network's fault (an internet provider's outage, the station's
/// own link), not each site's: the figures that tell one from the other.
/// </summary>
public sealed record MassOutagePolicy
{
    /// <summary>Losses within <see cref="Window"/> that make a mass outage.</summary>
    public int Threshold { get; init; } = 20;
    public Duration Window { get; init; } = Duration.FromMinutes(2);
    /// <summary>How long a loss is held before it is handled alone, in case others follow.</summary>
    public Duration HoldBack { get; init; } = Duration.FromSeconds(60);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Threshold < 2)
        {
            errors.Add($"massOutage.threshold: at least 2 ({Threshold} given)");
        }
        if (Window <= Duration.Zero || HoldBack < Duration.Zero)
        {
            errors.Add("massOutage.window, massOutage.holdBack: positive durations");
        }
        return errors;
    }
}

/// <summary>What to do with a liveness change once grouping has had its say.</summary>
public abstract record OutageDecision;

/// <summary>Hand the change to its site; <paramref name="GroupedIn"/> names the mass outage it belongs to, if any.</summary>
public sealed record ForwardChange(LivenessChange Change, string? GroupedIn) : OutageDecision;

/// <summary>Open the mass-outage incident.</summary>
public sealed record OpenMassOutage(string GroupId, Instant At) : OutageDecision;

/// <summary>These sites joined the mass outage.</summary>
public sealed record SitesJoinedMassOutage(string GroupId, IReadOnlyList<string> SiteIds, Instant At) : OutageDecision;

/// <summary>A site of the mass outage is heard again.</summary>
public sealed record SiteBackFromMassOutage(string GroupId, string SiteId, Duration Outage, Instant At) : OutageDecision;

/// <summary>
/// Groups simultaneous losses into one mass outage instead of thousands of technical incidents (issue 4 point 5).
/// A loss (site or path) is held for <see cref="MassOutagePolicy.HoldBack"/>; when <see cref="MassOutagePolicy.Threshold"/>
/// losses fall within <see cref="MassOutagePolicy.Window"/>, they and the losses that keep coming form one group;
/// otherwise each goes to its site alone. Cyclic-test misses are each site's own business and pass at once.
/// One owner, not thread-safe; time is passed in.
/// </summary>
public sealed class OutageGrouping(MassOutagePolicy policy)
{
    private readonly List<LivenessChange> _held = [];
    private readonly Dictionary<string, HashSet<(LivenessChangeKind, Sites.TransmissionKind?)>> _groupLosses = [];
    private Instant _lastJoin;
    private int _groupsOpened;

    public MassOutagePolicy Policy { get; } = policy;

    /// <summary>The open group, if any.</summary>
    public string? GroupId { get; private set; }

    public int HeldCount => _held.Count;

    /// <summary>The group a site is out in, if any (a loss re-declared after a restart goes back there).</summary>
    public string? GroupOf(string siteId) => GroupId is { } group && _groupLosses.ContainsKey(siteId) ? group : null;

    /// <summary>Sites of the open group not heard again yet.</summary>
    public int SitesOut => _groupLosses.Count;

    public void Add(LivenessChange change, ICollection<OutageDecision> decisions)
    {
        if (change.Kind is LivenessChangeKind.CyclicTestMissed or LivenessChangeKind.CyclicTestResumed)
        {
            decisions.Add(new ForwardChange(change, null));
            return;
        }
        if (change.IsLoss)
        {
            AddLoss(change, decisions);
        }
        else
        {
            AddRestoration(change, decisions);
        }
    }

    private void AddLoss(LivenessChange loss, ICollection<OutageDecision> decisions)
    {
        if (GroupId is { } open && loss.At - _lastJoin <= Policy.Window)
        {
            Join(open, [loss], loss.At, decisions);
            return;
        }
        _held.Add(loss);
        var recent = _held.Count(h => loss.At - h.At <= Policy.Window);
        if (recent < Policy.Threshold)
        {
            return;
        }
        var group = GroupId ?? $"mass-outage-{loss.At.ToDateTimeUtc():yyyyMMdd-HHmmss}-{++_groupsOpened}";
        if (GroupId is null)
        {
            GroupId = group;
            decisions.Add(new OpenMassOutage(group, loss.At));
        }
        var joining = _held.ToList();
        _held.Clear();
        Join(group, joining, loss.At, decisions);
    }

    private void Join(string group, IReadOnlyList<LivenessChange> losses, Instant at, ICollection<OutageDecision> decisions)
    {
        var newSites = new List<string>();
        foreach (var loss in losses)
        {
            if (!_groupLosses.TryGetValue(loss.SiteId, out var open))
            {
                _groupLosses[loss.SiteId] = open = [];
                newSites.Add(loss.SiteId);
            }
            open.Add((loss.Kind, loss.Path));
            decisions.Add(new ForwardChange(loss, group));
        }
        if (newSites.Count > 0)
        {
            decisions.Add(new SitesJoinedMassOutage(group, newSites, at));
        }
        _lastJoin = at;
    }

    private void AddRestoration(LivenessChange back, ICollection<OutageDecision> decisions)
    {
        var lossKind = back.Kind == LivenessChangeKind.SiteRestored ? LivenessChangeKind.SiteLost : LivenessChangeKind.PathLost;
        // A site's restoration names the path the message came by; its loss named none.
        var lossPath = lossKind == LivenessChangeKind.PathLost ? back.Path : null;
        var held = _held.FindIndex(h => h.SiteId == back.SiteId && h.Kind == lossKind && h.Path == lossPath);
        if (held >= 0)
        {
            // A short silence while the station waited to see whether others followed: the site's own, on record.
            decisions.Add(new ForwardChange(_held[held], null));
            _held.RemoveAt(held);
            decisions.Add(new ForwardChange(back, null));
            return;
        }
        if (GroupId is { } group && _groupLosses.TryGetValue(back.SiteId, out var open) && open.Remove((lossKind, lossPath)))
        {
            decisions.Add(new ForwardChange(back, group));
            if (open.Count == 0)
            {
                _groupLosses.Remove(back.SiteId);
                decisions.Add(new SiteBackFromMassOutage(group, back.SiteId, back.At - back.LastHeard, back.At));
            }
            return;
        }
        decisions.Add(new ForwardChange(back, null));
    }

    /// <summary>Releases the losses held long enough with no crowd behind them; forgets a group whose sites are all back.</summary>
    public void Advance(Instant now, ICollection<OutageDecision> decisions)
    {
        for (var i = 0; i < _held.Count;)
        {
            if (now - _held[i].At >= Policy.HoldBack)
            {
                decisions.Add(new ForwardChange(_held[i], null));
                _held.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
        if (GroupId is not null && _groupLosses.Count == 0 && now - _lastJoin > Policy.Window)
        {
            GroupId = null;
        }
    }

    /// <summary>What must survive a restart: the open group and its sites still out (held losses are re-declared by the watch).</summary>
    public OutageGroupingState Save() => new(GroupId, _lastJoin, _groupsOpened,
        [.. _groupLosses.SelectMany(s => s.Value.Select(l => new GroupedLoss(s.Key, l.Item1, l.Item2)))]);

    public void Restore(OutageGroupingState state)
    {
        GroupId = state.GroupId;
        _lastJoin = state.LastJoin;
        _groupsOpened = state.GroupsOpened;
        _groupLosses.Clear();
        foreach (var loss in state.Losses)
        {
            if (!_groupLosses.TryGetValue(loss.SiteId, out var open))
            {
                _groupLosses[loss.SiteId] = open = [];
            }
            open.Add((loss.Kind, loss.Path));
        }
    }
}

public sealed record GroupedLoss(string SiteId, LivenessChangeKind Kind, Sites.TransmissionKind? Path);

public sealed record OutageGroupingState(string? GroupId, Instant LastJoin, int GroupsOpened, IReadOnlyList<GroupedLoss> Losses);
