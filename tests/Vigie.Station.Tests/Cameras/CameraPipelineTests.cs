using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Vigie.Station.Cameras;

namespace Vigie.Station.Tests.Cameras;

/// <summary>
/// Real ffmpeg on 127.0.0.1: a simulated camera (320x240, 10 fps) read into a ring buffer, a clip cut with pre-roll, a
/// lost and recovered link, a live view in HLS. Every ffmpeg a test starts is gone when it ends.
/// </summary>
public sealed class CameraPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string folder = Directory.CreateTempSubdirectory("vigie-camera-tests-").FullName;
    private readonly Reports reports = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_detection_on_a_simulated_camera_gives_an_mp4_clip_with_at_least_five_seconds_of_preroll_stored_by_its_sha256()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var camera = await SimulatedCamera.StartAsync("S1", 1, new SimulatedCameraSettings { RtspPort = 0 }, cancellation);
        var options = new CameraOptions { PrerollSeconds = 6, PostrollSeconds = 2 };
        var source = new CameraSource { Site = "S1", Camera = 1, RtspUrl = camera.Url };
        var reader = new RingBufferReader(source, Path.Combine(folder, "ring"), options, TimeProvider.System, reports, NullLogger.Instance);
        await using (reader)
        {
            reader.Start();
            await Until(() => reader.Ring.Segments() is { Count: > 0 } s && (s[^1].End - s[0].Start).TotalSeconds >= 7, cancellation);
            var media = Path.Combine(folder, "media");
            var cutter = new ClipCutter(reader, source, options, TimeProvider.System, new MediaFolderClipSink(media));

            var outcome = await cutter.CutAsync(SystemClock.Instance.GetCurrentInstant(), cancellation);

            Assert.Null(outcome.Problem);
            var clip = outcome.Clip!;
            Assert.InRange(clip.PrerollSeconds, 5, clip.DurationSeconds);
            var stored = Path.Combine(media, outcome.Sha256 + ".mp4");
            Assert.Equal(outcome.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(stored, cancellation))));
            Assert.Equal(clip.DurationSeconds, await ClipCutter.ProbeSecondsAsync("ffprobe", stored, cancellation));
            Assert.True(File.Exists(Path.Combine(media, outcome.Sha256 + ".json")));
        }
        AssertAllEnded(reader.StartedProcesses);
    }

    [Fact]
    public async Task The_station_reads_each_configured_camera_and_cuts_a_detections_clip_into_its_media_folder_and_stops_every_ffmpeg_with_it()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var camera = await SimulatedCamera.StartAsync("S4", 1, new SimulatedCameraSettings { RtspPort = 0 }, cancellation);
        var options = new CameraOptions { PrerollSeconds = 2, PostrollSeconds = 1, Sources = [new CameraSource { Site = "S4", Camera = 1, RtspUrl = camera.Url }] };
        var links = new CameraLinks();
        var recorders = new CameraRecorders(folder, options, TimeProvider.System, new MediaFolderClipSink(Path.Combine(folder, "media")), links,
            NullLogger<CameraRecorders>.Instance);
        await recorders.StartAsync(cancellation);
        var ring = Path.Combine(folder, "cameras", "S4-1");
        await Until(() => Directory.Exists(ring) && Directory.GetFiles(ring, "*.csv").Length > 0, cancellation);

        var outcome = await recorders.CutClipAsync("S4", 1, SystemClock.Instance.GetCurrentInstant(), cancellation);
        var unknown = await recorders.CutClipAsync("S4", 2, SystemClock.Instance.GetCurrentInstant(), cancellation);
        var started = ChildFfmpegs();
        await recorders.StopAsync(cancellation);

        Assert.Null(outcome.Problem);
        Assert.True(File.Exists(Path.Combine(folder, "media", outcome.Sha256 + ".mp4")));
        Assert.Equal(ClipProblem.NoVideo, unknown.Problem);
        Assert.Null(links.Last("S4", 1));
        AssertAllEnded([.. started.Except([camera.Encoder.Id])]);
    }

    [Fact]
    public async Task A_camera_that_goes_away_is_reported_lost_and_then_restored_when_it_answers_again()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var port = FreePort();
        var settings = new SimulatedCameraSettings { RtspPort = port };
        var options = new CameraOptions { SilenceSeconds = 2, RestartDelaySeconds = 0.5, RestartDelayMaxSeconds = 1 };
        RingBufferReader reader;
        var camera = await SimulatedCamera.StartAsync("S1", 2, settings, cancellation);
        try
        {
            reader = new RingBufferReader(new CameraSource { Site = "S1", Camera = 2, RtspUrl = camera.Url }, Path.Combine(folder, "ring"), options,
                TimeProvider.System, reports, NullLogger.Instance);
            await using (reader)
            {
                reader.Start();
                await Until(() => reader.Ring.Segments().Count > 0, cancellation);

                await camera.DisposeAsync();
                var lost = await Until(() => reports.All.OfType<CameraLinkLost>().FirstOrDefault(), cancellation);
                Assert.Equal(("S1", 2), (lost.Site, lost.Camera));
                Assert.Equal(CameraLinkLoss.Silent, lost.Loss);

                camera = await SimulatedCamera.StartAsync("S1", 2, settings, cancellation);
                await Until(() => reports.All.OfType<CameraLinkRestored>().FirstOrDefault(), cancellation);
                Assert.Single(reports.All.OfType<CameraLinkLost>());
            }
        }
        finally
        {
            await camera.DisposeAsync();
        }
        AssertAllEnded(reader.StartedProcesses);
    }

    [Fact]
    public async Task An_unreachable_camera_is_reported_once_while_its_reader_keeps_retrying_and_leaves_no_ffmpeg_behind()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var options = new CameraOptions { SilenceSeconds = 2, RestartDelaySeconds = 0.2, RestartDelayMaxSeconds = 0.4 };
        var reader = new RingBufferReader(new CameraSource { Site = "S2", Camera = 1, RtspUrl = $"rtsp://user:secret@127.0.0.1:{FreePort()}/S2/1" },
            Path.Combine(folder, "ring"), options, TimeProvider.System, reports, NullLogger.Instance);
        await using (reader)
        {
            reader.Start();
            await Until(() => reader.StartedProcesses.Count >= 3, cancellation);
        }
        var lost = Assert.Single(reports.All.OfType<CameraLinkLost>());
        Assert.Equal(CameraLinkLoss.Unreachable, lost.Loss);
        AssertAllEnded(reader.StartedProcesses);
    }

    [Fact]
    [Trait("Rule", "VID-9")]
    public async Task A_live_view_streams_hls_segments_and_its_ffmpeg_ends_by_itself_ten_minutes_after_it_opened_on_the_station_clock()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var camera = await SimulatedCamera.StartAsync("S3", 1, new SimulatedCameraSettings { RtspPort = 0 }, cancellation);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        await using var views = new LiveViews(Path.Combine(folder, "live"), new CameraOptions(), time, NullLogger.Instance);
        var view = views.Start(new CameraSource { Site = "S3", Camera = 1, RtspUrl = camera.Url });
        var stream = views.Stream(view.Id)!;
        var playlist = Path.Combine(views.PlaylistFolder(view.Id), "index.m3u8");
        await Until(() => File.Exists(playlist) && Directory.GetFiles(views.PlaylistFolder(view.Id), "*.ts").Length > 0, cancellation);
        Assert.Contains(".ts", await File.ReadAllTextAsync(playlist, cancellation));

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await views.ExpireAsync();
        Assert.False(stream.HasExited);
        Assert.Single(views.Open());

        time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => stream.HasExited && !Directory.Exists(views.PlaylistFolder(view.Id)), cancellation);
        Assert.Empty(views.Open());
        AssertAllEnded([stream.Id]);
        Assert.False(Directory.Exists(views.PlaylistFolder(view.Id)));
    }

    /// <summary>The ffmpeg processes this test process started (Linux: /proc/PID/stat's fourth field is the parent).</summary>
    private static List<int> ChildFfmpegs() =>
        [.. Process.GetProcessesByName("ffmpeg").Select(p => p.Id).Where(id =>
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        })];

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void AssertAllEnded(IReadOnlyList<int> processes)
    {
        Assert.NotEmpty(processes);
        foreach (var id in processes)
        {
            // An ended process's id may be reused by another program: only an ffmpeg under that id would be ours.
            var alive = Process.GetProcesses().Any(p => p.Id == id && p.ProcessName == "ffmpeg");
            Assert.False(alive, $"ffmpeg {id} still runs");
        }
    }

    /// <summary>Waits for real ffmpeg to get somewhere: no assertion on how long, only a generous bound against a hung test.</summary>
    private static async Task<T> Until<T>(Func<T?> probe, CancellationToken cancellation) where T : class
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bound.CancelAfter(Patience);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100, bound.Token);
        }
    }

    private static async Task Until(Func<bool> condition, CancellationToken cancellation)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bound.CancelAfter(Patience);
        while (!condition())
        {
            await Task.Delay(100, bound.Token);
        }
    }

    private sealed class Reports : ICameraLinkReports
    {
        private readonly ConcurrentQueue<CameraLinkReport> all = new();

        public IReadOnlyList<CameraLinkReport> All => [.. all];

        public void Report(CameraLinkReport report) => all.Enqueue(report);
    }
}
