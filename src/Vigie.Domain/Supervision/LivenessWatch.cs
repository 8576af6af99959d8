using NodaTime;

namespace Vigie.Domain.Supervision;

// This part holds the state: its layout (timers, path shapes, state bits), the per-site arrays and their allocation;
// the other parts are Signals, Deadlines, Intervals, Queries and Snapshot (LivenessWatch.*.cs).
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
public sealed partial class LivenessWatch
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

    private static Instant At(long ticks) => Instant.FromUnixTimeTicks(ticks);

    private bool IsLost(int i, int timer) => (_state[i] & (1 << timer)) != 0;

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
}
