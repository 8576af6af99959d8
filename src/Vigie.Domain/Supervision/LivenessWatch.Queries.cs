using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

// This part holds what the watch tells about its sites: one site's liveness, the ids, the primary path, standing losses.
public sealed partial class LivenessWatch
{
    private static readonly TransmissionKind[] IpFirst = [TransmissionKind.Ip, TransmissionKind.Gsm];
    private static readonly TransmissionKind[] GsmFirst = [TransmissionKind.Gsm, TransmissionKind.Ip];

    public SiteLiveness? Find(string siteId)
    {
        if (!_index.TryGetValue(siteId, out var i))
        {
            return null;
        }
        var shape = _shape[i];
        var intervals = IntervalsOf(_profile[i], shape);
        var gsmFirst = (shape & GsmPrimary) != 0;
        var paths = new List<PathLiveness>(2);
        foreach (var kind in gsmFirst ? GsmFirst : IpFirst)
        {
            if ((shape & (kind == TransmissionKind.Ip ? HasIp : HasGsm)) == 0)
            {
                continue;
            }
            var timer = kind == TransmissionKind.Ip ? IpTimer : GsmTimer;
            var lost = IsLost(i, timer);
            paths.Add(new PathLiveness(kind, (kind == TransmissionKind.Gsm) == gsmFirst, HeardAt(i, timer), lost,
                lost ? At(_due[i * Timers + timer]) : null, Running(i, timer, intervals)));
        }
        var earliest = Earliest(i);
        return new SiteLiveness(siteId, _profiles[_profile[i]].Name, HeardAt(i, SiteTimer), paths, HeardAt(i, CyclicTimer),
            IsLost(i, CyclicTimer), IsLost(i, SiteTimer), IsLost(i, SiteTimer) ? At(_due[i * Timers + SiteTimer]) : null,
            earliest == NotInWheel ? null : At(earliest));
    }

    /// <summary>The sites watched (for reconciliation with the station's list; allocates, not for hot paths).</summary>
    public IEnumerable<string> SiteIds() => _index.Keys;

    /// <summary>The site's primary path, or null when it is not watched: a message whose line names no path counts for it.</summary>
    public TransmissionKind? PrimaryPath(string siteId) =>
        _index.TryGetValue(siteId, out var i) ? ((_shape[i] & GsmPrimary) != 0 ? TransmissionKind.Gsm : TransmissionKind.Ip) : null;

    /// <summary>
    /// Every loss still standing, as it was declared (its due, its last contact): after a restart they are declared
    /// again, so a loss cut off before it reached its site is not lost; a site that knows it ignores it.
    /// </summary>
    public IEnumerable<LivenessChange> CurrentLosses()
    {
        foreach (var (siteId, i) in _index)
        {
            for (var timer = 0; timer < Timers; timer++)
            {
                if (!IsLost(i, timer))
                {
                    continue;
                }
                var k = i * Timers + timer;
                var (kind, path) = timer switch
                {
                    IpTimer => (LivenessChangeKind.PathLost, (TransmissionKind?)TransmissionKind.Ip),
                    GsmTimer => (LivenessChangeKind.PathLost, TransmissionKind.Gsm),
                    SiteTimer => (LivenessChangeKind.SiteLost, null),
                    _ => (LivenessChangeKind.CyclicTestMissed, null),
                };
                yield return new LivenessChange(siteId, kind, path, At(_last[k]), At(_due[k]), At(_due[k]));
            }
        }
    }

    private Instant? HeardAt(int i, int timer) => (_state[i] & (1 << (HeardShift + timer))) != 0 ? At(_last[i * Timers + timer]) : null;

    private Instant? Running(int i, int timer, int intervals) =>
        _intervals[intervals + timer] > 0 && !IsLost(i, timer) ? At(_due[i * Timers + timer]) : null;
}
