using System.Globalization;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>
/// Reads one camera's RTSP stream with ffmpeg into a ring of short segments on disk (codec copied, no decoding), enough
/// for a clip's pre-roll and post-roll plus spares. A camera that stops answering or goes silent is reported lost, its
/// ffmpeg killed and started again after a growing delay; the first segment after that reports it restored.
/// </summary>
internal sealed class RingBufferReader : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly CameraSource source;
    private readonly CameraOptions options;
    private readonly TimeProvider time;
    private readonly ICameraLinkReports reports;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<int> startedProcesses = [];
    private Task? running;
    private FfmpegProcess? current;

    public RingBufferReader(CameraSource source, string folder, CameraOptions options, TimeProvider time, ICameraLinkReports reports, ILogger logger)
    {
        this.source = source;
        this.options = options;
        this.time = time;
        this.reports = reports;
        this.logger = logger;
        Folder = folder;
    }

    public string Folder { get; }

    public RingBuffer Ring { get; } = new();

    /// <summary>Segments kept by ffmpeg before it overwrites the oldest.</summary>
    public int Wrap => (int)Math.Ceiling((options.PrerollSeconds + options.PostrollSeconds) / options.SegmentSeconds) + options.SpareSegments;

    /// <summary>The ids of every ffmpeg this reader started (tests check none outlives it).</summary>
    public IReadOnlyList<int> StartedProcesses
    {
        get
        {
            lock (startedProcesses)
            {
                return [.. startedProcesses];
            }
        }
    }

    /// <summary>The ffmpeg reading now, if any (the figures measure its CPU).</summary>
    public FfmpegProcess? Current => Volatile.Read(ref current);

    public void Start()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        Directory.CreateDirectory(Folder);
        running = Task.Run(() => RunAsync(stopping.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (running is not null)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        stopping.Dispose();
    }

    internal IEnumerable<string> Arguments(int run) =>
    [
        "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1",
        "-rtsp_transport", "tcp", "-timeout", ((long)(options.SilenceSeconds * 1_000_000)).ToString(CultureInfo.InvariantCulture),
        "-i", source.RtspUrl,
        "-map", "0:v", "-c", "copy",
        "-f", "segment", "-segment_format", "mpegts",
        "-segment_time", options.SegmentSeconds.ToString(CultureInfo.InvariantCulture),
        "-segment_wrap", Wrap.ToString(CultureInfo.InvariantCulture),
        "-segment_list", ListFile(run), "-segment_list_type", "csv",
        "-segment_list_size", Wrap.ToString(CultureInfo.InvariantCulture),
        Path.Combine(Folder, $"r{run}-%03d.ts"),
    ];

    private string ListFile(int run) => Path.Combine(Folder, $"r{run}.csv");

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    private async Task RunAsync(CancellationToken cancellation)
    {
        var state = CameraLinkState.Initial;
        var run = 0;
        while (!cancellation.IsCancellationRequested)
        {
            run++;
            var (loss, next) = await ReadOnceAsync(run, state, cancellation);
            state = next;
            if (loss is not { } lost || cancellation.IsCancellationRequested)
            {
                return;
            }
            var reportLoss = state.ReportsLoss;
            (state, var delay) = state.Failed(TimeSpan.FromSeconds(options.RestartDelaySeconds), TimeSpan.FromSeconds(options.RestartDelayMaxSeconds));
            if (reportLoss)
            {
                CameraLog.LinkLost(logger, source.Site, source.Camera, lost, delay.TotalSeconds);
                reports.Report(new CameraLinkLost(source.Site, source.Camera, Now, lost, delay));
            }
            try
            {
                await Task.Delay(delay, time, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One ffmpeg run: until it ends, goes silent, or the reader stops (no loss then).</summary>
    private async Task<(CameraLinkLoss? Loss, CameraLinkState State)> ReadOnceAsync(int run, CameraLinkState state, CancellationToken cancellation)
    {
        FfmpegProcess started;
        try
        {
            started = FfmpegProcess.Start(options.Ffmpeg, Arguments(run));
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            // No ffmpeg on this machine (Cameras:Ffmpeg): the camera is as good as unreachable, the station goes on.
            CameraLog.ReaderEnded(logger, source.Site, source.Camera, missing.Message);
            return (CameraLinkLoss.Unreachable, state);
        }
        await using var ffmpeg = started;
        lock (startedProcesses)
        {
            startedProcesses.Add(ffmpeg.Id);
        }
        Volatile.Write(ref current, ffmpeg);
        try
        {
            var segmentsThisRun = 0;
            var lastVideo = time.GetTimestamp();
            // Connecting and probing the stream come before the first segment: that one gets twice the silence.
            var silence = TimeSpan.FromSeconds(options.SilenceSeconds);
            while (true)
            {
                try
                {
                    await Task.Delay(Poll, time, cancellation);
                }
                catch (OperationCanceledException)
                {
                    return (null, state);
                }
                if (ReadList(run) is { } lines && Ring.Observe(run, Folder, lines, Now) > 0)
                {
                    segmentsThisRun++;
                    lastVideo = time.GetTimestamp();
                    (state, var restored) = state.SegmentArrived();
                    if (restored)
                    {
                        CameraLog.LinkRestored(logger, source.Site, source.Camera);
                        reports.Report(new CameraLinkRestored(source.Site, source.Camera, Now));
                    }
                    Forget(run);
                }
                var quiet = time.GetElapsedTime(lastVideo);
                if (ffmpeg.HasExited || quiet > (segmentsThisRun == 0 ? silence * 2 : silence))
                {
                    if (ffmpeg.HasExited && ffmpeg.LastErrors.Length > 0)
                    {
                        CameraLog.ReaderEnded(logger, source.Site, source.Camera, ffmpeg.LastErrors);
                    }
                    return (segmentsThisRun == 0 ? CameraLinkLoss.Unreachable : CameraLinkLoss.Silent, state);
                }
            }
        }
        finally
        {
            Volatile.Write(ref current, null);
        }
    }

    private List<string>? ReadList(int run)
    {
        try
        {
            return File.Exists(ListFile(run)) ? [.. File.ReadAllLines(ListFile(run))] : null;
        }
        catch (IOException)
        {
            // ffmpeg is replacing the list right now: read it at the next poll.
            return null;
        }
    }

    /// <summary>Segments of earlier runs that left the window are deleted (ffmpeg only wraps its own run's names).</summary>
    private void Forget(int run)
    {
        var window = Duration.FromSeconds(Wrap * options.SegmentSeconds);
        foreach (var file in Ring.ForgetBefore(Now - window))
        {
            // The current run's names may already hold newer video: only ffmpeg overwrites those.
            if (!Path.GetFileName(file).StartsWith($"r{run}-", StringComparison.Ordinal))
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
    }
}
