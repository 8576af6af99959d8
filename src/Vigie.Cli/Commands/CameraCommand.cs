using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Vigie.Station.Cameras;
using Vigie.Station.Media;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie camera`: a camera's upload credentials, a simulated camera over RTSP, and the figures of one camera's
/// ring-buffer reader.
/// </summary>
internal static class CameraCommand
{
    public static Command Create() =>
        new("camera", "Cameras: upload credentials, a simulated camera (RTSP on loopback) and the ring buffer's figures.") { Add(), Simulate(), Bench() };

    /// <summary>`vigie camera add`: a camera's or image detector's upload credentials, written to the station's media store directly.</summary>
    private static Command Add()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var site = new Option<string>("--site") { Description = "The site the camera films.", Required = true };
        var camera = new Option<string>("--camera") { Description = "The camera's id on the site (letters, digits, - and _).", Required = true };
        var by = new Option<string>("--by") { Description = "Who creates it, for the record.", DefaultValueFactory = _ => Environment.UserName };
        var add = new Command("add", "Create a camera's upload credentials (device id and secret); the secret is printed this once and only its SHA-256 is kept.")
        {
            data, postgres, site, camera, by,
        };
        add.SetAction(async (parse, ct) =>
        {
            var siteId = parse.GetValue(site)!;
            var cameraId = parse.GetValue(camera)!;
            if (!MediaUpload.IsCamera(cameraId))
            {
                Console.Error.WriteLine($"error: {MediaUpload.CameraRefusal().Detail}");
                return 1;
            }
            if (await IncidentCommand.OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct) is not { } log)
            {
                return 1;
            }
            await using (log)
            {
                // The site's stream in the log (the engine's Streams.Site, internal to it).
                if (await log.StreamVersionAsync("site-" + siteId, ct) == 0)
                {
                    Console.Error.WriteLine($"error: site: no site {siteId} in {log.Location}");
                    return 1;
                }
            }
            var receiver = CommonOptions.LoadReceiverOptions(parse.GetValue(data)!, parse.GetValue(postgres));
            await using var catalogue = receiver.Postgres is { } database
                ? await MediaCatalogue.OpenPostgresAsync(database, ct)
                : MediaCatalogue.OpenSqlite(Path.Combine(receiver.DataDirectory, "media.db"));
            var (deviceId, secret) = DeviceSecrets.Create();
            await catalogue.AddDeviceAsync(new MediaDevice(deviceId, siteId, cameraId, DeviceSecrets.Hash(secret),
                NodaTime.SystemClock.Instance.GetCurrentInstant(), "cli:" + parse.GetValue(by)), ct);
            Console.WriteLine(CliText.Format("camera.created", deviceId, siteId, cameraId));
            Console.WriteLine(secret);
            return 0;
        });
        return add;
    }

    private static Command Simulate()
    {
        var site = new Option<string>("--site") { Description = "The camera's site (its RTSP path is /SITE/CAMERA).", Required = true };
        var camera = new Option<int>("--camera") { Description = "The camera's number on the site.", Required = true };
        var port = new Option<int>("--rtsp-port") { Description = "RTSP port on 127.0.0.1.", DefaultValueFactory = _ => 8554 };
        var (width, height, fps) = PictureOptions();
        var command = new Command("simulate", "A simulated camera: ffmpeg's test pattern with a moving square, served over RTSP on 127.0.0.1 until Ctrl+C.")
        {
            site, camera, port, width, height, fps,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = new SimulatedCameraSettings
            {
                RtspPort = parse.GetValue(port),
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                FramesPerSecond = parse.GetValue(fps),
            };
            if (Refuse(parse.GetValue(camera), settings) is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return 1;
            }
            try
            {
                await using var simulated = await SimulatedCamera.StartAsync(parse.GetValue(site)!, parse.GetValue(camera), settings, cancellation);
                Console.WriteLine(CliText.Format("camera.serving", simulated.Url));
                try
                {
                    await simulated.RunUntilAsync(cancellation);
                    // Ctrl+C in a terminal reaches ffmpeg too, which may end a moment before we hear of it.
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
                    Console.Error.WriteLine($"error: the simulated camera's ffmpeg stopped: {simulated.Encoder.LastErrors}");
                    return 1;
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the normal way to stop.
                }
                Console.WriteLine(CliText.Get("camera.stopped"));
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception error) when (error is System.Net.Sockets.SocketException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // A port in use, ffmpeg missing: one clear line, no stack trace.
                Console.Error.WriteLine($"error: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Bench()
    {
        var seconds = new Option<int>("--seconds") { Description = "How long the reader records the simulated camera.", DefaultValueFactory = _ => 60 };
        var (width, height, fps) = PictureOptions();
        var command = new Command("bench", "Figures of one camera's ring-buffer reader on this machine: its CPU and its disk per camera-hour, on a simulated camera.")
        {
            seconds, width, height, fps,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = new SimulatedCameraSettings { RtspPort = 0, Width = parse.GetValue(width), Height = parse.GetValue(height), FramesPerSecond = parse.GetValue(fps) };
            var problem = parse.GetValue(seconds) < 5 ? "--seconds: at least 5" : Refuse(1, settings);
            if (problem is not null)
            {
                Console.Error.WriteLine($"error: {problem}");
                return 1;
            }
            var folder = Directory.CreateTempSubdirectory("vigie-camera-bench-").FullName;
            try
            {
                await using var simulated = await SimulatedCamera.StartAsync("BENCH", 1, settings, cancellation);
                var options = new CameraOptions();
                var source = new CameraSource { Site = "BENCH", Camera = 1, RtspUrl = simulated.Url };
                var losses = new CountedLosses();
                await using var reader = new RingBufferReader(source, Path.Combine(folder, "ring"), options, TimeProvider.System, losses, NullLogger.Instance);
                reader.Start();
                await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(seconds)), cancellation);
                var cpu = reader.Current?.CpuTime ?? TimeSpan.Zero;
                var encoderCpu = simulated.Encoder.CpuTime;
                // The reader's CPU since it started: its process's own clock; disk: the segments of the last window, per second of video.
                var segments = reader.Ring.Segments();
                var covered = segments.Count == 0 ? 0 : (segments[^1].End - segments[0].Start).TotalSeconds;
                var bytes = segments.Sum(s => File.Exists(s.File) ? new FileInfo(s.File).Length : 0);
                var perHour = covered > 0 ? bytes / covered * 3600 / 1_000_000 : 0;
                Console.WriteLine(CliText.Format("camera.bench", parse.GetValue(seconds), settings.Width, settings.Height, settings.FramesPerSecond,
                    100 * cpu.TotalSeconds / parse.GetValue(seconds), 100 * encoderCpu.TotalSeconds / parse.GetValue(seconds), perHour, perHour * 24 / 1000, bytes / 1_000_000.0, segments.Count, losses.Count));
                return segments.Count > 0 ? 0 : 2;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception error) when (error is System.Net.Sockets.SocketException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"error: {error.Message}");
                return 1;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static (Option<int> Width, Option<int> Height, Option<int> Fps) PictureOptions() =>
        (new Option<int>("--width") { Description = "Picture width.", DefaultValueFactory = _ => 320 },
         new Option<int>("--height") { Description = "Picture height.", DefaultValueFactory = _ => 240 },
         new Option<int>("--fps") { Description = "Frames per second (one keyframe a second).", DefaultValueFactory = _ => 10 });

    private static string? Refuse(int camera, SimulatedCameraSettings settings) =>
        camera < 1 ? "--camera: a number from 1"
        : settings.RtspPort is < 0 or > 65535 ? "--rtsp-port: 0 to 65535"
        : settings.Width is < 16 or > 3840 || settings.Width % 2 != 0 ? "--width: an even number from 16 to 3840"
        : settings.Height is < 16 or > 2160 || settings.Height % 2 != 0 ? "--height: an even number from 16 to 2160"
        : settings.FramesPerSecond is < 1 or > 60 ? "--fps: 1 to 60"
        : null;

    private sealed class CountedLosses : ICameraLinkReports
    {
        private int count;

        public int Count => count;

        public void Report(CameraLinkReport report)
        {
            if (report is CameraLinkLost)
            {
                Interlocked.Increment(ref count);
            }
        }
    }
}
