using System.Globalization;
using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>One finished segment of a camera's ring buffer, placed on the station's clock.</summary>
internal sealed record RingSegment(string File, Instant Start, Instant End);

/// <summary>
/// The segments a reader has on disk, each placed on the station's clock. ffmpeg's segment list gives a segment's start
/// and end in stream seconds; a run's offset to the clock is the smallest (seen at − end) over the segments seen, the
/// observation least delayed by our polling. Thread-safe: the reader adds, clip cutters read.
/// </summary>
internal sealed class RingBuffer
{
    private readonly Dictionary<int, Duration> offsets = [];
    private readonly List<(int Run, string File, double Start, double End)> entries = [];

    public Instant? LatestEnd
    {
        get
        {
            lock (entries)
            {
                return entries.Count == 0 ? null : Place(entries[^1]).End;
            }
        }
    }

    /// <summary>Reads ffmpeg's CSV segment list (file,start,end) of a run; returns how many segments were new.</summary>
    public int Observe(int run, string folder, IEnumerable<string> csvLines, Instant seenAt)
    {
        var added = 0;
        lock (entries)
        {
            foreach (var line in csvLines)
            {
                var fields = line.Split(',');
                if (fields.Length < 3
                    || !double.TryParse(fields[^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                    || !double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var end))
                {
                    continue;
                }
                var file = Path.Combine(folder, string.Join(',', fields[..^2]));
                var offset = seenAt - Instant.FromUnixTimeTicks(0) - Duration.FromSeconds(end);
                offsets[run] = offsets.TryGetValue(run, out var known) && known < offset ? known : offset;
                // The wrapped file names come back: an entry is new when its run and stream time are.
                if (entries.Exists(e => e.Run == run && e.Start == start))
                {
                    continue;
                }
                // A file name reused by the wrap now holds newer video: the older entry is gone.
                entries.RemoveAll(e => e.File == file);
                entries.Add((run, file, start, end));
                added++;
            }
        }
        return added;
    }

    /// <summary>Forgets segments that ended before this instant (their files were overwritten or belong to a finished run).</summary>
    public IReadOnlyList<string> ForgetBefore(Instant before)
    {
        lock (entries)
        {
            var old = entries.Where(e => Place(e).End < before).ToList();
            entries.RemoveAll(old.Contains);
            return [.. old.Select(e => e.File)];
        }
    }

    public IReadOnlyList<RingSegment> Segments()
    {
        lock (entries)
        {
            return [.. entries.Select(Place).OrderBy(s => s.Start)];
        }
    }

    /// <summary>The segments that hold any of [from, to), oldest first.</summary>
    public IReadOnlyList<RingSegment> Covering(Instant from, Instant to) => Covering(Segments(), from, to);

    internal static IReadOnlyList<RingSegment> Covering(IEnumerable<RingSegment> segments, Instant from, Instant to) =>
        [.. segments.Where(s => s.End > from && s.Start < to).OrderBy(s => s.Start)];

    private RingSegment Place((int Run, string File, double Start, double End) entry)
    {
        var origin = Instant.FromUnixTimeTicks(0) + offsets[entry.Run];
        return new RingSegment(entry.File, origin + Duration.FromSeconds(entry.Start), origin + Duration.FromSeconds(entry.End));
    }
}
