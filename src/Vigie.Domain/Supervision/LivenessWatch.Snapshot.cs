using System.Buffers;
using NodaTime;

namespace Vigie.Domain.Supervision;

// This part holds the snapshot: the watch written out, and read back after a restart with its grace.
public sealed partial class LivenessWatch
{
    /// <summary>
    /// The whole watch in a compact binary form: profiles by name, and per site its id, paths, states, last-heard
    /// times and dues. Ends with a checksum so that <see cref="ReadSnapshot"/> refuses a damaged copy.
    /// </summary>
    public void WriteSnapshot(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new LivenessSnapshotFormat.Writer(output);
        writer.Write(LivenessSnapshotFormat.Magic);
        writer.Write(LivenessSnapshotFormat.Version);
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
        var reader = new LivenessSnapshotFormat.Reader(data);
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
}
