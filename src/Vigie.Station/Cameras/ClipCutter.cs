using System.Globalization;
using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>A clip cut from a camera's ring buffer: site, camera, the detection's instant, the pre-roll present and its length (ffprobe).</summary>
internal sealed record CameraClip(string Site, int Camera, Instant CapturedAt, double PrerollSeconds, double DurationSeconds, string File);

/// <summary>Where cut clips go: the media store in the station (<see cref="MediaStoreClipSink"/>); a plain folder in camera-only tests. Returns the clip's SHA-256 (hex).</summary>
internal interface IClipSink
{
    Task<string> StoreAsync(CameraClip clip, CancellationToken cancellation);
}

/// <summary>Why no clip could be cut.</summary>
internal enum ClipProblem
{
    /// <summary>The ring buffer holds no video around the detection (camera lost, or the detection too old).</summary>
    NoVideo,

    /// <summary>ffmpeg could not join the segments, or ffprobe could not read the result.</summary>
    CutFailed,
}

internal sealed record ClipOutcome(CameraClip? Clip, string? Sha256, ClipProblem? Problem);

/// <summary>
/// Cuts the clip of a detection at T from a camera's ring buffer: waits until the buffer holds T + post-roll (or the camera
/// has been silent past it), joins the segments covering [T − pre-roll, T + post-roll] and remuxes them to MP4 with its
/// index first (+faststart, playable while downloading); ffprobe measures its length, from which the pre-roll actually
/// present follows (length − video after T). Edges fall on segment boundaries.
/// </summary>
internal sealed class ClipCutter(RingBufferReader reader, CameraSource source, CameraOptions options, TimeProvider time, IClipSink sink)
{
    public async Task<ClipOutcome> CutAsync(Instant detectedAt, CancellationToken cancellation)
    {
        var from = detectedAt - Duration.FromSeconds(options.PrerollSeconds);
        var to = detectedAt + Duration.FromSeconds(options.PostrollSeconds);
        var giveUp = to + Duration.FromSeconds(options.SilenceSeconds + options.SegmentSeconds);
        while (reader.Ring.LatestEnd is not { } end || end < to)
        {
            if (Instant.FromDateTimeOffset(time.GetUtcNow()) > giveUp)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellation);
        }
        var segments = reader.Ring.Covering(from, to);
        if (segments.Count == 0)
        {
            return new ClipOutcome(null, null, ClipProblem.NoVideo);
        }
        var clips = Directory.CreateDirectory(Path.Combine(reader.Folder, "clips")).FullName;
        // A site reference may hold any character: the file is named by the sink (SHA-256), this name is only temporary.
        var file = Path.Combine(clips, $"{Guid.NewGuid():N}.mp4");
        var (exit, _, _) = await FfmpegProcess.RunAsync(options.Ffmpeg,
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", "concat:" + string.Join('|', segments.Select(s => s.File)),
                "-map", "0:v", "-c", "copy", "-movflags", "+faststart", file], cancellation);
        var length = exit == 0 ? await ProbeSecondsAsync(options.Ffprobe, file, cancellation) : null;
        if (length is not { } seconds)
        {
            File.Delete(file);
            return new ClipOutcome(null, null, ClipProblem.CutFailed);
        }
        var after = (segments[^1].End - detectedAt).TotalSeconds;
        var preroll = Math.Clamp(seconds - after, 0, seconds);
        var clip = new CameraClip(source.Site, source.Camera, detectedAt, Math.Round(preroll, 3), seconds, file);
        return new ClipOutcome(clip, await sink.StoreAsync(clip, cancellation), null);
    }

    /// <summary>A media file's length in seconds as ffprobe reads it from the container; null if unreadable.</summary>
    public static async Task<double?> ProbeSecondsAsync(string ffprobe, string file, CancellationToken cancellation)
    {
        var (exit, output, _) = await FfmpegProcess.RunAsync(ffprobe,
            ["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", file], cancellation);
        return exit == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }
}
