using Microsoft.Extensions.Logging;
using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>What the engine asks of the cameras when an intrusion opens its incident: the clip of each camera of the site.</summary>
public interface IAlarmClips
{
    /// <summary>Starts cutting, in the background, the clip at <paramref name="detectedAt"/> of every camera the site has; returns at once.</summary>
    void Request(string siteId, Instant detectedAt);
}

/// <summary>Why an alarm's clip is missing (logged; the alarm's handling does not depend on it).</summary>
internal enum AlarmClipProblem
{
    /// <summary>The camera's ring holds no video around the alarm (camera lost, or the alarm older than the ring).</summary>
    NoVideo,

    /// <summary>ffmpeg could not join the segments, or ffprobe could not read the result.</summary>
    CutFailed,

    /// <summary>The clip was cut but the media store could not keep or link it.</summary>
    StoreFailed,
}

/// <summary>
/// Cuts an intrusion's clips from the site's configured cameras (Cameras:Sources) off the engine's turn: the cut waits
/// for the post-roll, and the clip reaches the media store through <see cref="IClipSink"/>, which links it to the open
/// incident. A failure is a log line naming its reason, never an exception into the engine.
/// </summary>
internal sealed class AlarmClips(CameraRecorders recorders, CameraOptions options, ILogger<AlarmClips> logger) : IAlarmClips
{
    public void Request(string siteId, Instant detectedAt)
    {
        foreach (var source in options.Sources.Where(s => s.Site == siteId))
        {
            _ = Task.Run(() => CutAsync(source, detectedAt));
        }
    }

    private async Task CutAsync(CameraSource source, Instant detectedAt)
    {
        AlarmClipProblem problem;
        try
        {
            var outcome = await recorders.CutClipAsync(source.Site, source.Camera, detectedAt, CancellationToken.None);
            if (outcome.Sha256 is { } sha256)
            {
                CameraLog.AlarmClipStored(logger, source.Site, source.Camera, detectedAt, sha256);
                return;
            }
            problem = outcome.Problem == ClipProblem.CutFailed ? AlarmClipProblem.CutFailed : AlarmClipProblem.NoVideo;
        }
        catch (Exception error)
        {
            // A background cut has no caller to throw to: the reason is logged, the details at Debug.
            problem = AlarmClipProblem.StoreFailed;
            CameraLog.AlarmClipError(logger, source.Site, source.Camera, error);
        }
        CameraLog.AlarmClipMissing(logger, source.Site, source.Camera, detectedAt, problem);
    }
}
