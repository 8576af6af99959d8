using Vigie.Domain.Sites;

namespace Vigie.Domain.Video;

/// <summary>What a camera does in an arming mode (VID-3).</summary>
/// <param name="ClipAtTrigger">It records a clip when a detector triggers (with the seconds before it).</param>
/// <param name="Watching">It is open and detects by itself, as in total arming.</param>
/// <param name="ReferencePhotoAtArming">It takes a reference photo when the arming starts (kept on site, sent only with a detection).</param>
public sealed record CameraDuty(bool ClipAtTrigger, bool Watching, bool ReferencePhotoAtArming);

/// <summary>Why a medium reaches the station.</summary>
public enum MediumOrigin
{
    /// <summary>An intrusion detection: a detector's or the camera's own, with its clip or photos.</summary>
    IntrusionDetection,
    /// <summary>Any other detection (smoke, flood, SOS …).</summary>
    OtherDetection,
    /// <summary>Recorded without a detection (continuous recording, a reference photo, the subscriber's own clip).</summary>
    NoDetection,
}

/// <summary>The video rules of the contracts, pure: the station's and the cameras' side (VID-3, VID-4, VID-8, VID-11).</summary>
public static class VideoRules
{
    /// <summary>
    /// VID-3. Disarmed: every camera records a clip at a trigger (only SOS and domestic risks alert then). Partial: an interior
    /// camera records at a trigger, an exterior one watches as in total. Total: every camera watches and takes a reference photo.
    /// </summary>
    public static CameraDuty Duty(ArmingMode mode, Camera camera) => mode switch
    {
        ArmingMode.Total => new CameraDuty(ClipAtTrigger: true, Watching: true, ReferencePhotoAtArming: true),
        ArmingMode.Partial when camera.Exterior => new CameraDuty(ClipAtTrigger: true, Watching: true, ReferencePhotoAtArming: true),
        _ => new CameraDuty(ClipAtTrigger: true, Watching: false, ReferencePhotoAtArming: false),
    };

    /// <summary>
    /// VID-4: the station sees a site's video only while the surveillance is armed and only for an intrusion detection. Null when
    /// it may; otherwise the refusal, typed.
    /// </summary>
    public static Refusal? StationMaySee(ArmingMode mode, MediumOrigin origin)
    {
        if (mode == ArmingMode.Disarmed)
        {
            return Refusal.Forbidden(RefusalCodes.VideoSiteDisarmed, "video: the station sees a site's video only while it is armed (VID-4)");
        }
        return origin == MediumOrigin.IntrusionDetection
            ? null
            : Refusal.Forbidden(RefusalCodes.VideoNotIntrusion, "video: only an intrusion detection's video is sent to the station (VID-4)");
    }

    /// <summary>
    /// Live view of a site: nobody while privacy mode is on (VID-8); the station, besides, only while armed (VID-4). Null when
    /// it may open.
    /// </summary>
    public static Refusal? LiveView(SiteState state, bool byStation)
    {
        if (state.PrivacyMode)
        {
            return Refusal.Forbidden(RefusalCodes.VideoPrivacyMode, "liveView: privacy mode is on, nobody gets live access (VID-8)");
        }
        return byStation ? StationMaySee(state.Arming.Mode, MediumOrigin.IntrusionDetection) : null;
    }

    /// <summary>VID-11: activity detection is on by its switch and, when the subscriber set a schedule, inside one of its windows.</summary>
    public static bool DetectionActive(SiteState state, SiteDefinition site, NodaTime.Instant at) =>
        state.ActivityDetection && (state.DetectionSchedule is not { } schedule
            || schedule.Covers(at, NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(site.TimeZone) ?? NodaTime.DateTimeZone.Utc));
}
