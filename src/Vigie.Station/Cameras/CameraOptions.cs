namespace Vigie.Station.Cameras;

/// <summary>
/// Cameras read by the station (RTSP pull) and the figures of their ring buffers, clips and live views, bound from
/// configuration section "Cameras" (environment: VIGIE_Cameras__PrerollSeconds…).
/// </summary>
public sealed class CameraOptions
{
    public const string Section = "Cameras";

    /// <summary>The ffmpeg and ffprobe programs (Debian package ffmpeg).</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";
    public string Ffprobe { get; set; } = "ffprobe";

    /// <summary>Seconds of video kept before a detection in its clip.</summary>
    public double PrerollSeconds { get; set; } = 10;

    /// <summary>Seconds of video after the detection in its clip.</summary>
    public double PostrollSeconds { get; set; } = 20;

    /// <summary>Length of one ring-buffer segment: the clip's edges fall on these boundaries.</summary>
    public double SegmentSeconds { get; set; } = 1;

    /// <summary>Segments kept beyond pre-roll + post-roll, so a clip still being cut is not overwritten.</summary>
    public int SpareSegments { get; set; } = 10;

    /// <summary>No new segment for this long: the camera is silent, its link is lost and the reader restarts.</summary>
    public double SilenceSeconds { get; set; } = 5;

    /// <summary>First wait before restarting a reader after a loss; doubled at each failure up to the maximum.</summary>
    public double RestartDelaySeconds { get; set; } = 1;
    public double RestartDelayMaxSeconds { get; set; } = 30;

    /// <summary>A live view stops by itself after this long (VID-9).</summary>
    public double LiveViewMinutes { get; set; } = 10;

    /// <summary>Length of one HLS segment of a live view.</summary>
    public double LiveSegmentSeconds { get; set; } = 1;

    /// <summary>Cameras the station reads; none by default.</summary>
    public List<CameraSource> Sources { get; set; } = [];

    /// <summary>Each wrong figure, named by its setting; empty when all are right.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool wrong, string error)
        {
            if (wrong)
            {
                errors.Add(error);
            }
        }
        Check(PrerollSeconds is < 0 or > 600, "Cameras:PrerollSeconds: 0 to 600");
        Check(PostrollSeconds is < 0 or > 600, "Cameras:PostrollSeconds: 0 to 600");
        Check(SegmentSeconds is < 0.5 or > 10, "Cameras:SegmentSeconds: 0.5 to 10");
        Check(SpareSegments is < 2 or > 1000, "Cameras:SpareSegments: 2 to 1000");
        Check(SilenceSeconds is < 1 or > 300, "Cameras:SilenceSeconds: 1 to 300");
        Check(RestartDelaySeconds <= 0 || RestartDelayMaxSeconds < RestartDelaySeconds, "Cameras:RestartDelaySeconds: above 0 and at most RestartDelayMaxSeconds");
        Check(LiveViewMinutes is <= 0 or > 24 * 60, "Cameras:LiveViewMinutes: above 0, at most a day");
        Check(LiveSegmentSeconds is < 0.5 or > 10, "Cameras:LiveSegmentSeconds: 0.5 to 10");
        for (var i = 0; i < Sources.Count; i++)
        {
            var source = Sources[i];
            Check(string.IsNullOrWhiteSpace(source.Site), $"Cameras:Sources:{i}:Site: required");
            Check(source.Camera < 1, $"Cameras:Sources:{i}:Camera: a number from 1");
            // The URL itself is not repeated: it may carry the camera's password.
            Check(!Uri.TryCreate(source.RtspUrl, UriKind.Absolute, out var url) || url.Scheme is not ("rtsp" or "rtsps"),
                $"Cameras:Sources:{i}:RtspUrl: an rtsp:// or rtsps:// URL");
        }
        Check(Sources.GroupBy(s => (s.Site, s.Camera)).Any(g => g.Count() > 1), "Cameras:Sources: a site's camera number appears twice");
        return errors;
    }
}

/// <summary>A camera the station pulls: its site, its number on the site, its RTSP URL (credentials, if any, are never logged).</summary>
public sealed class CameraSource
{
    public string Site { get; set; } = "";
    public int Camera { get; set; }
    public string RtspUrl { get; set; } = "";
}
