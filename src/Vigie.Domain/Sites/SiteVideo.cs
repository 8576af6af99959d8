using Vigie.Domain.Video;

namespace Vigie.Domain.Sites;

/// <summary>The subscriber's video settings: the detection schedule (VID-11) and privacy mode (VID-8).</summary>
public static partial class Site
{
    private static Decision<SiteEvent> DetectionScheduleSet(SiteState state, SiteDefinition site, SetDetectionSchedule c)
    {
        if (site.Cameras.Count == 0)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteNoCamera, "detectionSchedule: the site has no camera (VID-11)"));
        }
        if (c.Schedule?.Validate() is { Count: > 0 } errors)
        {
            return Decision<SiteEvent>.Refuse(Refusal.All(errors));
        }
        var same = c.Schedule is null ? state.DetectionSchedule is null
            : state.DetectionSchedule is not null && state.DetectionSchedule.Windows.SequenceEqual(c.Schedule.Windows);
        return same ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept(new DetectionScheduleChanged(c.Schedule, c.At));
    }

    private static Decision<SiteEvent> PrivacyModeSet(SiteState state, SiteDefinition site, SetPrivacyMode c)
    {
        if (site.Cameras.Count == 0)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteNoCamera, "privacyMode: the site has no camera (VID-8)"));
        }
        return state.PrivacyMode == c.On ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept(new PrivacyModeChanged(c.On, c.At));
    }
}
