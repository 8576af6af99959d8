using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

// This part holds what changes a site's timers from outside: watching, unwatching, a message heard, a loss marked again.
public sealed partial class LivenessWatch
{
    /// <summary>
    /// Starts watching a site, or replaces a known site's profile and paths. A new site's timers all start at
    /// <paramref name="now"/>: it gets one full interval before anything can be declared lost. A known site keeps its
    /// last-heard times and lost states; its running dues are recomputed from them (earlier or later), a timer the new
    /// profile adds starts at <paramref name="now"/>, and the lost state of a timer it removes is dropped (nothing is
    /// expected there any more).
    /// </summary>
    public void Watch(string siteId, SupervisionProfile profile, IReadOnlyList<TransmissionPath> paths, Instant now)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteId);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(paths);
        var number = ProfileNumber(profile);
        var shape = ShapeOf(paths);
        var t = now.ToUnixTimeTicks();
        Start(t);
        if (_index.TryGetValue(siteId, out var i))
        {
            Reshape(i, number, shape, t);
            return;
        }
        i = Allocate();
        _index.Add(siteId, i);
        _ids[i] = siteId;
        _profile[i] = number;
        _shape[i] = shape;
        _state[i] = 0;
        var intervals = IntervalsOf(number, shape);
        for (var timer = 0; timer < Timers; timer++)
        {
            _last[i * Timers + timer] = t;
            var interval = _intervals[intervals + timer];
            _due[i * Timers + timer] = interval > 0 ? t + interval : 0;
        }
        _wheelDue[i] = NotInWheel;
        var earliest = Earliest(i);
        if (earliest != NotInWheel)
        {
            Link(i, earliest);
        }
    }

    public bool Unwatch(string siteId)
    {
        if (!_index.Remove(siteId, out var i))
        {
            return false;
        }
        if (_wheelDue[i] != NotInWheel)
        {
            Unlink(i);
        }
        _ids[i] = null;
        _state[i] = 0;
        _next[i] = _free;
        _free = i;
        return true;
    }

    /// <summary>
    /// A message from the site (NULL polls included): restarts the timer of the path it came by and the site's timer,
    /// and the cyclic-test timer when it is the cyclic test. A message older than what was already heard changes
    /// nothing (last-heard times only move forward). The first message after a loss restores it: the restoration's
    /// LastHeard is the last message before the silence, its Due when the loss began, its At this message's time.
    /// </summary>
    /// <returns>False, and nothing changes, when the site is not watched.</returns>
    public bool Heard(string siteId, TransmissionKind path, bool cyclicTest, Instant at, ICollection<LivenessChange> changes)
    {
        if (!_index.TryGetValue(siteId, out var i))
        {
            return false;
        }
        var t = at.ToUnixTimeTicks();
        var intervals = IntervalsOf(_profile[i], _shape[i]);
        var earliest = NotInWheel;
        var pathTimer = path == TransmissionKind.Ip ? IpTimer : GsmTimer;
        if ((_shape[i] & (path == TransmissionKind.Ip ? HasIp : HasGsm)) != 0)
        {
            earliest = Restart(i, pathTimer, _intervals[intervals + pathTimer], t, path, changes, earliest);
        }
        earliest = Restart(i, SiteTimer, _intervals[intervals + SiteTimer], t, path, changes, earliest);
        if (cyclicTest)
        {
            earliest = Restart(i, CyclicTimer, _intervals[intervals + CyclicTimer], t, path, changes, earliest);
        }
        // Only a restored timer can need the site's wheel entry earlier; a plain poll leaves the wheel alone.
        if (earliest < _wheelDue[i])
        {
            Move(i, earliest);
        }
        return true;
    }

    /// <summary>
    /// Marks a timer lost that the site still holds as a fault while the watch thinks it alive (a snapshot older than
    /// the loss, after a crash): the next message then restores it, so the site's fault and incident close.
    /// Returns false when the site is not watched, the timer not kept for it, or already lost.
    /// </summary>
    public bool MarkLost(string siteId, LivenessChangeKind kind, TransmissionKind? path, Instant since)
    {
        if (!_index.TryGetValue(siteId, out var i))
        {
            return false;
        }
        var timer = kind switch
        {
            LivenessChangeKind.SiteLost => SiteTimer,
            LivenessChangeKind.PathLost when path == TransmissionKind.Ip => IpTimer,
            LivenessChangeKind.PathLost when path == TransmissionKind.Gsm => GsmTimer,
            LivenessChangeKind.CyclicTestMissed => CyclicTimer,
            _ => -1,
        };
        var intervals = IntervalsOf(_profile[i], _shape[i]);
        if (timer < 0 || _intervals[intervals + timer] == 0 || IsLost(i, timer))
        {
            return false;
        }
        _state[i] |= (byte)(1 << timer);
        _due[i * Timers + timer] = since.ToUnixTimeTicks();
        return true;
    }

    /// <summary>A message on one timer: moves its last-heard time forward, restores it if lost, else pushes its due later.</summary>
    private long Restart(int i, int timer, long interval, long t, TransmissionKind path, ICollection<LivenessChange> changes, long earliest)
    {
        var k = i * Timers + timer;
        var heardBit = (byte)(1 << (HeardShift + timer));
        var before = _last[k];
        if ((_state[i] & heardBit) != 0 && t <= before)
        {
            return earliest;
        }
        _last[k] = t;
        _state[i] |= heardBit;
        if (interval == 0)
        {
            return earliest;
        }
        if (IsLost(i, timer))
        {
            _state[i] &= (byte)~(1 << timer);
            changes.Add(new LivenessChange(_ids[i]!, timer switch
            {
                IpTimer or GsmTimer => LivenessChangeKind.PathRestored,
                SiteTimer => LivenessChangeKind.SiteRestored,
                _ => LivenessChangeKind.CyclicTestResumed,
            }, path, At(before), At(_due[k]), At(t)));
            _due[k] = t + interval;
            return Math.Min(earliest, _due[k]);
        }
        _due[k] = Math.Max(_due[k], t + interval);
        return earliest;
    }

    private void Reshape(int i, ushort number, byte shape, long now)
    {
        var before = IntervalsOf(_profile[i], _shape[i]);
        var after = IntervalsOf(number, shape);
        _profile[i] = number;
        _shape[i] = shape;
        for (var timer = 0; timer < Timers; timer++)
        {
            var k = i * Timers + timer;
            var interval = _intervals[after + timer];
            if (interval == 0)
            {
                _state[i] &= (byte)~(1 << timer);
            }
            else if (IsLost(i, timer))
            {
                // Still lost: the due keeps when the loss began, until a message ends it.
            }
            else if (_intervals[before + timer] == 0)
            {
                _due[k] = now + interval;
            }
            else
            {
                // After a restart the grace a snapshot gave must survive a profile refresh.
                var floor = _restartedAt == NoFloor ? NoFloor : _restartedAt + _intervals[after + (timer == CyclicTimer ? Timers : timer)];
                _due[k] = Math.Max(_last[k] + interval, floor);
            }
        }
        var earliest = Earliest(i);
        if (earliest < _wheelDue[i])
        {
            Move(i, earliest);
        }
    }
}
