using System.Globalization;
using System.Net;

namespace Vigie.Station.Cameras;

/// <summary>
/// `vigie camera simulate`: ffmpeg's test pattern with a red square crossing it (the moving object a detector would see),
/// encoded H.264 and served over RTSP on loopback by <see cref="RtspFront"/> at rtsp://127.0.0.1:PORT/SITE/CAMERA.
/// </summary>
internal sealed class SimulatedCamera : IAsyncDisposable
{
    private readonly RtspFront front;
    private readonly FfmpegProcess encoder;
    private readonly string folder;

    private SimulatedCamera(RtspFront front, FfmpegProcess encoder, string folder)
    {
        this.front = front;
        this.encoder = encoder;
        this.folder = folder;
    }

    public string Url => front.Url;

    public FfmpegProcess Encoder => encoder;

    /// <summary>Starts the encoder and the RTSP front; ready when the encoder has written its stream description.</summary>
    public static async Task<SimulatedCamera> StartAsync(string site, int camera, SimulatedCameraSettings settings, CancellationToken cancellation)
    {
        var folder = Directory.CreateTempSubdirectory("vigie-camera-").FullName;
        var sdpFile = Path.Combine(folder, "camera.sdp");
        var front = new RtspFront(new IPEndPoint(IPAddress.Loopback, settings.RtspPort), $"{Uri.EscapeDataString(site)}/{camera.ToString(CultureInfo.InvariantCulture)}",
            () => File.Exists(sdpFile) ? File.ReadAllText(sdpFile) : null);
        FfmpegProcess? encoder = null;
        try
        {
            front.Start();
            encoder = FfmpegProcess.Start(settings.Ffmpeg, EncoderArguments(settings, sdpFile, front.RtpPort));
            while (!File.Exists(sdpFile) || new FileInfo(sdpFile).Length == 0)
            {
                if (encoder.HasExited)
                {
                    throw new InvalidOperationException($"the simulated camera's encoder stopped: {encoder.LastErrors}");
                }
                await Task.Delay(50, cancellation);
            }
            return new SimulatedCamera(front, encoder, folder);
        }
        catch
        {
            if (encoder is not null)
            {
                await encoder.DisposeAsync();
            }
            await front.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>A keyframe every second (the ring buffer's segments start on one), low latency, no B-frames.</summary>
    internal static IEnumerable<string> EncoderArguments(SimulatedCameraSettings settings, string sdpFile, int rtpPort)
    {
        var size = $"{settings.Width}x{settings.Height}";
        var rate = settings.FramesPerSecond.ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-re",
            "-f", "lavfi", "-i",
            $"testsrc2=size={size}:rate={rate}[pattern];color=c=red:size=40x40:rate={rate}[object];[pattern][object]overlay=x='mod(t*60,W-40)':y='H/2-20'",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-g", rate, "-keyint_min", rate,
            "-f", "rtp", "-sdp_file", sdpFile, $"rtp://127.0.0.1:{rtpPort}?rtcpport={rtpPort}&pkt_size=1200",
        ];
        return arguments;
    }

    /// <summary>Waits until the encoder ends (it should not) or the caller stops.</summary>
    public Task RunUntilAsync(CancellationToken cancellation) => encoder.WaitForExitAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        await encoder.DisposeAsync();
        await front.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record SimulatedCameraSettings
{
    public int RtspPort { get; init; } = 8554;
    public int Width { get; init; } = 320;
    public int Height { get; init; } = 240;
    public int FramesPerSecond { get; init; } = 10;
    public string Ffmpeg { get; init; } = "ffmpeg";
}
