using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

// This part holds the timing wheel: deadlines passing (Advance, NextDue), firing a site's losses, and the wheel's links.
public sealed partial class LivenessWatch
{
    /// <summary>
    /// Fires every deadline at or before <paramref name="now"/>, adding the losses to <paramref name="changes"/> in
    /// (due, site) order. A deadline fires at the first call whose <paramref name="now"/> reaches it, so lateness is
    /// bounded by how often this is called, not by the slot width. A jump of any length visits each slot at most once.
    /// </summary>
    public void Advance(Instant now, ICollection<LivenessChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var n = now.ToUnixTimeTicks();
        Start(n);
        var target = Math.Max(SlotOf(n), _cursor);
        var visits = Math.Min(target - _cursor + 1, _heads.Length);
        for (var s = _cursor; s < _cursor + visits; s++)
        {
            var i = _heads[(int)(s & _mask)];
            while (i >= 0)
            {
                var next = _next[i];
                if (_wheelDue[i] <= n)
                {
                    Unlink(i);
                    Fire(i, n);
                    var earliest = Earliest(i);
                    if (earliest != NotInWheel)
                    {
                        Link(i, earliest);
                    }
                }
                i = next;
            }
        }
        _cursor = target;
        if (_fired.Count > 1)
        {
            _fired.Sort(FiringOrder.Instance);
        }
        foreach (var change in _fired)
        {
            changes.Add(change);
        }
        _fired.Clear();
    }

    /// <summary>
    /// The earliest due in the wheel: never later than the true next deadline, earlier when polls have pushed dues
    /// later since (the wheel catches up lazily). A scan of the wheel: call it per pulse, not per message.
    /// </summary>
    public Instant? NextDue
    {
        get
        {
            if (_index.Count == 0)
            {
                return null;
            }
            var best = NotInWheel;
            for (var s = _cursor; s < _cursor + _heads.Length; s++)
            {
                for (var i = _heads[(int)(s & _mask)]; i >= 0; i = _next[i])
                {
                    // Entries of a later revolution share the slot; they are not the next one.
                    if (SlotOf(_wheelDue[i]) <= s && _wheelDue[i] < best)
                    {
                        best = _wheelDue[i];
                    }
                }
                if (best != NotInWheel)
                {
                    return Instant.FromUnixTimeTicks(best);
                }
            }
            foreach (var i in _index.Values)
            {
                best = Math.Min(best, _wheelDue[i]);
            }
            return best == NotInWheel ? null : Instant.FromUnixTimeTicks(best);
        }
    }

    private void Start(long t)
    {
        if (!_started)
        {
            _cursor = SlotOf(t);
            _started = true;
        }
    }

    private long SlotOf(long ticks) => ticks >= 0 ? ticks / _resolution : (ticks - _resolution + 1) / _resolution;

    private void Fire(int i, long now)
    {
        var intervals = IntervalsOf(_profile[i], _shape[i]);
        for (var timer = 0; timer < Timers; timer++)
        {
            var k = i * Timers + timer;
            if (_intervals[intervals + timer] == 0 || IsLost(i, timer) || _due[k] > now)
            {
                continue;
            }
            _state[i] |= (byte)(1 << timer);
            var (kind, path) = timer switch
            {
                IpTimer => (LivenessChangeKind.PathLost, (TransmissionKind?)TransmissionKind.Ip),
                GsmTimer => (LivenessChangeKind.PathLost, TransmissionKind.Gsm),
                SiteTimer => (LivenessChangeKind.SiteLost, null),
                _ => (LivenessChangeKind.CyclicTestMissed, null),
            };
            _fired.Add(new LivenessChange(_ids[i]!, kind, path, At(_last[k]), At(_due[k]), At(now)));
        }
    }

    /// <summary>The earliest due of the timers still running; <see cref="NotInWheel"/> when none is.</summary>
    private long Earliest(int i)
    {
        var intervals = IntervalsOf(_profile[i], _shape[i]);
        var earliest = NotInWheel;
        for (var timer = 0; timer < Timers; timer++)
        {
            if (_intervals[intervals + timer] > 0 && !IsLost(i, timer))
            {
                earliest = Math.Min(earliest, _due[i * Timers + timer]);
            }
        }
        return earliest;
    }

    private void Move(int i, long due)
    {
        if (_wheelDue[i] != NotInWheel)
        {
            Unlink(i);
        }
        Link(i, due);
    }

    /// <summary>
    /// Puts the site's entry in the slot of <paramref name="due"/>, or in the current slot when that one has already
    /// gone by (the next <see cref="Advance"/> visits the current slot first).
    /// </summary>
    private void Link(int i, long due)
    {
        var slot = (int)(Math.Max(SlotOf(due), _cursor) & _mask);
        var head = _heads[slot];
        _next[i] = head;
        _prev[i] = -(slot + 1);
        if (head >= 0)
        {
            _prev[head] = i;
        }
        _heads[slot] = i;
        _wheelDue[i] = due;
    }

    /// <summary>A head's previous link holds its slot as -(slot + 1), so unlinking needs no slot lookup.</summary>
    private void Unlink(int i)
    {
        var prev = _prev[i];
        var next = _next[i];
        if (prev >= 0)
        {
            _next[prev] = next;
        }
        else
        {
            _heads[-(prev + 1)] = next;
        }
        if (next >= 0)
        {
            _prev[next] = prev;
        }
        _wheelDue[i] = NotInWheel;
    }

    private sealed class FiringOrder : IComparer<LivenessChange>
    {
        public static readonly FiringOrder Instance = new();

        public int Compare(LivenessChange? x, LivenessChange? y)
        {
            var byDue = x!.Due.CompareTo(y!.Due);
            if (byDue != 0)
            {
                return byDue;
            }
            var bySite = string.CompareOrdinal(x.SiteId, y.SiteId);
            return bySite != 0 ? bySite : ((int)x.Kind * 2 + (int)(x.Path ?? 0)).CompareTo((int)y.Kind * 2 + (int)(y.Path ?? 0));
        }
    }
}
