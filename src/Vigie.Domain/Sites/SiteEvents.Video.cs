using NodaTime;
using Vigie.Domain.Video;

namespace Vigie.Domain.Sites;

/// <summary>The activity-detection schedule set or removed (VID-11).</summary>
public sealed record DetectionScheduleChanged(DetectionSchedule? Schedule, Instant At) : SiteEvent(At)
{
    public override string Describe() => Schedule is null ? "detection schedule removed" : $"detection schedule set ({Schedule.Windows.Count} windows)";

    // Records compare lists by reference: two events with the same windows are equal.
    public bool Equals(DetectionScheduleChanged? other) => other is not null && base.Equals(other)
        && (Schedule is null ? other.Schedule is null : other.Schedule is not null && Schedule.Windows.SequenceEqual(other.Schedule.Windows));

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Schedule?.Windows.Count);
}

/// <summary>Privacy mode turned on or off (VID-8).</summary>
public sealed record PrivacyModeChanged(bool On, Instant At) : SiteEvent(At)
{
    public override string Describe() => "privacy mode " + (On ? "on" : "off");
}
