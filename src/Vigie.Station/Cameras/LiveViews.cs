using System.Globalization;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>
/// Live views made by ffmpeg: the camera's RTSP stream copied into HLS (index.m3u8 and short segments, the newest few
/// kept) in a folder per view, for the browser to play. Each view's end is a timer on the station's clock (VID-9);
/// when it fires, <see cref="LiveViewSession.IsOver"/> decides which views end and their ffmpeg is killed.
/// </summary>
internal sealed class LiveViews(string folder, CameraOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly Dictionary<Guid, (LiveViewSession Session, FfmpegProcess Ffmpeg, ITimer Timer)> open = [];

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public LiveViewSession Start(CameraSource source)
    {
        var session = LiveViewSession.Open(source.Site, source.Camera, Now, Duration.FromMinutes(options.LiveViewMinutes));
        var output = Directory.CreateDirectory(PlaylistFolder(session.Id)).FullName;
        var ffmpeg = FfmpegProcess.Start(options.Ffmpeg,
        [
            "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1",
            "-rtsp_transport", "tcp", "-timeout", ((long)(options.SilenceSeconds * 1_000_000)).ToString(CultureInfo.InvariantCulture),
            "-i", source.RtspUrl, "-map", "0:v", "-c", "copy",
            "-f", "hls", "-hls_time", options.LiveSegmentSeconds.ToString(CultureInfo.InvariantCulture), "-hls_list_size", "6",
            "-hls_flags", "delete_segments+independent_segments",
            "-hls_segment_filename", Path.Combine(output, "segment-%05d.ts"), Path.Combine(output, "index.m3u8"),
        ]);
        var timer = time.CreateTimer(_ => _ = ExpireAsync(), null, (session.EndsAt - Now).ToTimeSpan(), Timeout.InfiniteTimeSpan);
        lock (open)
        {
            open[session.Id] = (session, ffmpeg, timer);
        }
        CameraLog.LiveViewOpened(logger, session.Site, session.Camera, session.Id, session.EndsAt);
        return session;
    }

    /// <summary>The folder holding a view's index.m3u8 and segments.</summary>
    public string PlaylistFolder(Guid session) => Path.Combine(folder, session.ToString("N"));

    /// <summary>The ffmpeg of an open view (tests watch it end), null once closed.</summary>
    public FfmpegProcess? Stream(Guid session)
    {
        lock (open)
        {
            return open.TryGetValue(session, out var view) ? view.Ffmpeg : null;
        }
    }

    public IReadOnlyList<LiveViewSession> Open()
    {
        lock (open)
        {
            return [.. open.Values.Select(v => v.Session)];
        }
    }

    /// <summary>Ends every view whose time is up (VID-9).</summary>
    public Task ExpireAsync()
    {
        var now = Now;
        List<Guid> over;
        lock (open)
        {
            over = [.. open.Values.Where(v => v.Session.IsOver(now)).Select(v => v.Session.Id)];
        }
        return Task.WhenAll(over.Select(StopAsync));
    }

    /// <summary>Ends a view now (the viewer closed it, privacy mode, the site disarmed); its files are removed.</summary>
    public async Task StopAsync(Guid session)
    {
        (LiveViewSession Session, FfmpegProcess Ffmpeg, ITimer Timer) view;
        lock (open)
        {
            if (!open.Remove(session, out view))
            {
                return;
            }
        }
        await view.Timer.DisposeAsync();
        await view.Ffmpeg.DisposeAsync();
        try
        {
            Directory.Delete(PlaylistFolder(session), recursive: true);
        }
        catch (IOException)
        {
        }
        CameraLog.LiveViewClosed(logger, view.Session.Site, view.Session.Camera, session);
    }

    public async ValueTask DisposeAsync()
    {
        List<Guid> all;
        lock (open)
        {
            all = [.. open.Keys];
        }
        await Task.WhenAll(all.Select(StopAsync));
    }
}
