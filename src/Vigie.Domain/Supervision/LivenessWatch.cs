using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

/// <summary>
/// When every site of one partition was last heard, and the moment each of its reporting deadlines passes: per
/// polled path of a dual-path site, for the site as a whole (primary deadline plus the failover grace), and for the
/// daily cyclic test (SUP-1). Time is always passed in; <see cref="Advance"/> reports every deadline that has passed.
/// </summary>
/// <remarks>
/// Built for a million sites on one node: the state is kept in parallel arrays indexed by a site number (no object
/// per site), and the deadlines in a hashed timing wheel with one entry per site at its earliest due. A poll only
/// pushes deadlines later, so it does not touch the wheel; when an entry's slot comes round, the site's earliest due
/// is recomputed and the entry moves there if it is later. Not thread-safe: one owner (the partition grain) calls it.
/// </remarks>
public sealed class LivenessWatch
{
    /// <summary>Slots of the wheel: 4096 × 250 ms ≈ 17 min per revolution; later dues wait for their round.</summary>
    public const int DefaultSlots = 4096;

    private const int Timers = 4;
    private const int IpTimer = 0;
    private const int GsmTimer = 1;
    private const int SiteTimer = 2;
    private const int CyclicTimer = 3;
    // Per (profile, shape): the four intervals, then the cyclic test's interval after a restart.
    private const int IntervalStride = Timers + 1;
    private const int Shapes = 8;
    private const byte HasIp = 1;
    private const byte HasGsm = 2;
    private const byte GsmPrimary = 4;
    // _state: bit t = timer t lost (or missed); bit 4 + t = timer t heard at least once.
    private const int HeardShift = 4;
    private const long NotInWheel = long.MaxValue;
    private const long NoFloor = long.MinValue;

    private static readonly byte[] Magic = "VGLW"u8.ToArray();
    private static readonly TransmissionKind[] IpFirst = [TransmissionKind.Ip, TransmissionKind.Gsm];
    private static readonly TransmissionKind[] GsmFirst = [TransmissionKind.Gsm, TransmissionKind.Ip];
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private const byte FormatVersion = 1;

    private readonly long _resolution;
    private readonly int[] _heads;
    private readonly int _mask;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<SupervisionProfile, ushort> _profileNumbers = [];
    private readonly List<SupervisionProfile> _profiles = [];
    private readonly List<LivenessChange> _fired = [];
    private long[] _intervals = [];

    private string?[] _ids;
    private ushort[] _profile;
    private byte[] _shape;
    private byte[] _state;
    private long[] _last;
    private long[] _due;
    private long[] _wheelDue;
    private int[] _next;
    private int[] _prev;
    private int _used;
    private int _free = -1;
    private long _cursor;
    private bool _started;
    private long _restartedAt = NoFloor;

    public LivenessWatch(Duration resolution) : this(resolution, DefaultSlots, 0)
    {
    }

    /// <param name="resolution">The width of a wheel slot (the station uses 250 ms); it bounds nothing but the work per slot.</param>
    /// <param name="slots">Slots in the wheel, a power of two.</param>
    /// <param name="capacity">Sites to make room for at once (avoids growing the arrays while loading).</param>
    public LivenessWatch(Duration resolution, int slots, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, Duration.Epsilon * 100);
        if (slots < 2 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "a power of two, at least 2");
        }
        _resolution = resolution.BclCompatibleTicks;
        _heads = new int[slots];
        Array.Fill(_heads, -1);
        _mask = slots - 1;
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        capacity = Math.Max(capacity, 16);
        _ids = new string?[capacity];
        _profile = new ushort[capacity];
        _shape = new byte[capacity];
        _state = new byte[capacity];
        _last = new long[capacity * Timers];
        _due = new long[capacity * Timers];
        _wheelDue = new long[capacity];
        _next = new int[capacity];
        _prev = new int[capacity];
    }

    public int Count => _index.Count;

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

    /// <summary>
    /// The whole watch in a compact binary form: profiles by name, and per site its id, paths, states, last-heard
    /// times and dues. Ends with a checksum so that <see cref="ReadSnapshot"/> refuses a damaged copy.
    /// </summary>
    public void WriteSnapshot(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new SnapshotWriter(output);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.WriteInt32(_profiles.Count);
        foreach (var profile in _profiles)
        {
            writer.WriteString(profile.Name);
        }
        writer.WriteInt32(_index.Count);
        for (var i = 0; i < _used; i++)
        {
            if (_ids[i] is not { } id)
            {
                continue;
            }
            var intervals = IntervalsOf(_profile[i], _shape[i]);
            var dues = (byte)0;
            for (var timer = 0; timer < Timers; timer++)
            {
                if (_intervals[intervals + timer] > 0 || IsLost(i, timer))
                {
                    dues |= (byte)(1 << timer);
                }
            }
            writer.WriteString(id);
            writer.WriteUInt16(_profile[i]);
            writer.Write(_shape[i]);
            writer.Write(_state[i]);
            writer.Write(dues);
            for (var timer = 0; timer < Timers; timer++)
            {
                writer.WriteInt64(_last[i * Timers + timer]);
            }
            for (var timer = 0; timer < Timers; timer++)
            {
                if ((dues & (1 << timer)) != 0)
                {
                    writer.WriteInt64(_due[i * Timers + timer]);
                }
            }
        }
        writer.WriteChecksum();
    }

    /// <summary>
    /// The watch a snapshot describes, after a station restart at <paramref name="restartedAt"/>: lost and missed
    /// states are kept, and every running due becomes max(stored due, restart + that timer's interval), so that no
    /// site is declared lost for the time the station was down (for the cyclic test, the interval after a restart is
    /// the site deadline when the site is polled: a polled site proves itself sooner). A profile name that
    /// <paramref name="profiles"/> does not know leaves its sites on <see cref="SupervisionProfiles.DailyTest"/>, with
    /// a line in <paramref name="problems"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is damaged or truncated; nothing is loaded.</exception>
    public static LivenessWatch ReadSnapshot(ReadOnlySpan<byte> data, Func<string, SupervisionProfile?> profiles, Instant restartedAt, Duration resolution,
        ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(problems);
        var reader = new SnapshotReader(data);
        var profileCount = reader.ReadCount("the profile count");
        var names = new string[profileCount];
        for (var p = 0; p < profileCount; p++)
        {
            names[p] = reader.ReadString($"the name of profile {p + 1}");
        }
        var siteCount = reader.ReadCount("the site count");
        var watch = new LivenessWatch(resolution, DefaultSlots, siteCount);
        var restart = restartedAt.ToUnixTimeTicks();
        watch._restartedAt = restart;
        watch.Start(restart);
        var resolved = new ushort[profileCount];
        var unknown = new Dictionary<string, (int Sites, string First)>(StringComparer.Ordinal);
        for (var p = 0; p < profileCount; p++)
        {
            var profile = profiles(names[p]);
            if (profile is null || profile.Validate().Count > 0)
            {
                unknown[names[p]] = (0, "");
                profile = SupervisionProfiles.DailyTest;
            }
            resolved[p] = watch.ProfileNumber(profile);
        }
        var stored = new long[Timers];
        for (var s = 0; s < siteCount; s++)
        {
            var what = $"site {s + 1} of {siteCount}";
            var id = reader.ReadString(what);
            if (id.Length == 0)
            {
                throw new InvalidDataException($"snapshot damaged: {what} has an empty id");
            }
            var number = reader.ReadUInt16(what);
            if (number >= profileCount)
            {
                throw new InvalidDataException($"snapshot damaged: site {id} names profile {number + 1} of {profileCount}");
            }
            var shape = reader.ReadByte(what);
            var state = reader.ReadByte(what);
            var dues = reader.ReadByte(what);
            if (shape >= Shapes || (shape & GsmPrimary) != 0 && (shape & HasGsm) == 0 || dues >= 1 << Timers || (state & ~dues & 0xF) != 0)
            {
                throw new InvalidDataException($"snapshot damaged: site {id} has impossible flags (paths {shape}, state {state}, dues {dues})");
            }
            if (watch._index.ContainsKey(id))
            {
                throw new InvalidDataException($"snapshot damaged: site {id} appears twice");
            }
            var i = watch.Allocate();
            watch._index.Add(id, i);
            watch._ids[i] = id;
            watch._profile[i] = resolved[number];
            watch._shape[i] = shape;
            for (var timer = 0; timer < Timers; timer++)
            {
                watch._last[i * Timers + timer] = reader.ReadInt64(what);
            }
            for (var timer = 0; timer < Timers; timer++)
            {
                stored[timer] = (dues & (1 << timer)) != 0 ? reader.ReadInt64(what) : NoFloor;
            }
            if (unknown.TryGetValue(names[number], out var count))
            {
                unknown[names[number]] = (count.Sites + 1, count.Sites == 0 ? id : count.First);
            }
            var intervals = watch.IntervalsOf(resolved[number], shape);
            for (var timer = 0; timer < Timers; timer++)
            {
                var k = i * Timers + timer;
                var interval = watch._intervals[intervals + timer];
                if (interval == 0)
                {
                    state &= (byte)~(1 << timer);
                    watch._due[k] = 0;
                }
                else if ((state & (1 << timer)) != 0)
                {
                    watch._due[k] = stored[timer];
                }
                else
                {
                    var floor = restart + watch._intervals[intervals + (timer == CyclicTimer ? Timers : timer)];
                    watch._due[k] = Math.Max(stored[timer] != NoFloor ? stored[timer] : watch._last[k] + interval, floor);
                }
            }
            watch._state[i] = state;
            watch._wheelDue[i] = NotInWheel;
            var earliest = watch.Earliest(i);
            if (earliest != NotInWheel)
            {
                watch.Link(i, earliest);
            }
        }
        reader.End();
        foreach (var (name, count) in unknown)
        {
            problems.Add(count.Sites == 0
                ? $"profile '{name}' is not configured (no site uses it)"
                : $"profile '{name}' is not configured: {count.Sites} site(s) watched with '{SupervisionProfiles.DailyTest.Name}' instead, the first {count.First}");
        }
        return watch;
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

    private static Instant At(long ticks) => Instant.FromUnixTimeTicks(ticks);

    private bool IsLost(int i, int timer) => (_state[i] & (1 << timer)) != 0;

    private Instant? HeardAt(int i, int timer) => (_state[i] & (1 << (HeardShift + timer))) != 0 ? At(_last[i * Timers + timer]) : null;

    private Instant? Running(int i, int timer, int intervals) =>
        _intervals[intervals + timer] > 0 && !IsLost(i, timer) ? At(_due[i * Timers + timer]) : null;

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

    private int Allocate()
    {
        if (_free >= 0)
        {
            var reused = _free;
            _free = _next[reused];
            return reused;
        }
        if (_used == _ids.Length)
        {
            var capacity = _ids.Length * 2;
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _profile, capacity);
            Array.Resize(ref _shape, capacity);
            Array.Resize(ref _state, capacity);
            Array.Resize(ref _last, capacity * Timers);
            Array.Resize(ref _due, capacity * Timers);
            Array.Resize(ref _wheelDue, capacity);
            Array.Resize(ref _next, capacity);
            Array.Resize(ref _prev, capacity);
        }
        return _used++;
    }

    private ushort ProfileNumber(SupervisionProfile profile)
    {
        if (_profileNumbers.TryGetValue(profile, out var number))
        {
            return number;
        }
        var errors = profile.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"profile '{profile.Name}': {string.Join("; ", errors)}", nameof(profile));
        }
        if (_profiles.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("more than 65,536 distinct supervision profiles in one watch");
        }
        number = (ushort)_profiles.Count;
        _profiles.Add(profile);
        _profileNumbers.Add(profile, number);
        Array.Resize(ref _intervals, _profiles.Count * Shapes * IntervalStride);
        for (var shape = 0; shape < Shapes; shape++)
        {
            Compute(profile, (byte)shape, _intervals.AsSpan((number * Shapes + shape) * IntervalStride, IntervalStride));
        }
        return number;
    }

    private int IntervalsOf(ushort number, byte shape) => (number * Shapes + shape) * IntervalStride;

    /// <summary>
    /// The intervals (ticks, 0 = no timer) of a profile on a site's paths. Only a dual-path site watches its paths one by
    /// one; the site deadline is the primary's (else the other path's) plus the failover grace when there are two.
    /// </summary>
    private static void Compute(SupervisionProfile profile, byte shape, Span<long> intervals)
    {
        var hasIp = (shape & HasIp) != 0;
        var hasGsm = (shape & HasGsm) != 0;
        var dual = hasIp && hasGsm;
        var ip = hasIp ? profile.IpDeadline : null;
        var gsm = hasGsm ? profile.GsmDeadline : null;
        intervals[IpTimer] = dual && ip is { } i ? i.BclCompatibleTicks : 0;
        intervals[GsmTimer] = dual && gsm is { } g ? g.BclCompatibleTicks : 0;
        var siteDeadline = (shape & GsmPrimary) != 0 ? gsm ?? ip : ip ?? gsm;
        intervals[SiteTimer] = siteDeadline is { } s ? (s + (dual ? profile.FailoverGrace : Duration.Zero)).BclCompatibleTicks : 0;
        intervals[CyclicTimer] = profile.CyclicTest is { } c ? (c + profile.CyclicTestTolerance).BclCompatibleTicks : 0;
        intervals[Timers] = intervals[SiteTimer] > 0 ? intervals[SiteTimer] : intervals[CyclicTimer];
    }

    private static byte ShapeOf(IReadOnlyList<TransmissionPath> paths)
    {
        var shape = (byte)0;
        TransmissionKind? primary = null;
        foreach (var path in paths)
        {
            shape |= path.Kind == TransmissionKind.Ip ? HasIp : HasGsm;
            if (path.Primary)
            {
                primary ??= path.Kind;
            }
        }
        if ((primary ?? (paths.Count > 0 ? paths[0].Kind : TransmissionKind.Ip)) == TransmissionKind.Gsm)
        {
            shape |= GsmPrimary;
        }
        return shape;
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

    /// <summary>Little-endian fields straight into the output, with a running FNV-1a 64 checksum of every byte.</summary>
    private struct SnapshotWriter(IBufferWriter<byte> output)
    {
        private ulong _checksum = Fnv.Offset;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            _checksum = Fnv.Hash(_checksum, bytes);
            output.Write(bytes);
        }

        public void Write(byte value) => Write([value]);

        public void WriteUInt16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
            Write(bytes);
        }

        public void WriteInt32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            Write(bytes);
        }

        public void WriteInt64(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            Write(bytes);
        }

        public void WriteString(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            WriteUInt16(checked((ushort)length));
            var bytes = output.GetSpan(length)[..length];
            Encoding.UTF8.GetBytes(value, bytes);
            _checksum = Fnv.Hash(_checksum, bytes);
            output.Advance(length);
        }

        public readonly void WriteChecksum()
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, _checksum);
            output.Write(bytes);
        }
    }

    /// <summary>Checks the magic, version and checksum first; every read then names what it was reading when data ran out.</summary>
    private ref struct SnapshotReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _position;

        public SnapshotReader(ReadOnlySpan<byte> data)
        {
            if (data.Length < Magic.Length + 1 + 8 || !data[..Magic.Length].SequenceEqual(Magic))
            {
                throw new InvalidDataException($"not a liveness snapshot: {data.Length} bytes without the '{Encoding.ASCII.GetString(Magic)}' header");
            }
            if (data[Magic.Length] != FormatVersion)
            {
                throw new InvalidDataException($"liveness snapshot version {data[Magic.Length]} is not supported (this station reads version {FormatVersion})");
            }
            var expected = BinaryPrimitives.ReadUInt64LittleEndian(data[^8..]);
            if (Fnv.Hash(Fnv.Offset, data[..^8]) != expected)
            {
                throw new InvalidDataException($"liveness snapshot damaged or truncated: the checksum of its {data.Length} bytes does not match");
            }
            _data = data[..^8];
            _position = Magic.Length + 1;
        }

        public int ReadCount(string what)
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));
            return count >= 0 ? count : throw new InvalidDataException($"snapshot damaged: {what} is {count}");
        }

        public byte ReadByte(string what) => Take(1, what)[0];

        public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

        public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

        public string ReadString(string what)
        {
            var length = ReadUInt16(what);
            try
            {
                return StrictUtf8.GetString(Take(length, what));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException($"snapshot damaged: {what} is not valid UTF-8");
            }
        }

        public readonly void End()
        {
            if (_position != _data.Length)
            {
                throw new InvalidDataException($"snapshot damaged: {_data.Length - _position} bytes left after the last site");
            }
        }

        private ReadOnlySpan<byte> Take(int length, string what)
        {
            if (_data.Length - _position < length)
            {
                throw new InvalidDataException($"snapshot truncated: it ends inside {what} (byte {_position} of {_data.Length})");
            }
            var bytes = _data.Slice(_position, length);
            _position += length;
            return bytes;
        }
    }

    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037;

        public static ulong Hash(ulong hash, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211;
            }
            return hash;
        }
    }
}
