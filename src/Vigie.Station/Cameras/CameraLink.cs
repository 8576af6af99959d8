using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>Why a camera's link was lost.</summary>
public enum CameraLinkLoss
{
    /// <summary>The RTSP address did not answer or refused the stream.</summary>
    Unreachable,

    /// <summary>Connected, but no video arrived for the configured silence.</summary>
    Silent,
}

/// <summary>A change of a camera's link, as the ring-buffer reader reports it.</summary>
public abstract record CameraLinkReport(string Site, int Camera, Instant At);

public sealed record CameraLinkLost(string Site, int Camera, Instant At, CameraLinkLoss Loss, TimeSpan NextAttemptIn) : CameraLinkReport(Site, Camera, At);

public sealed record CameraLinkRestored(string Site, int Camera, Instant At) : CameraLinkReport(Site, Camera, At);

/// <summary>Where a reader's link reports go (the station's supervision, a log, a test).</summary>
public interface ICameraLinkReports
{
    void Report(CameraLinkReport report);
}

/// <summary>
/// The reader's link state, pure: what a started reader, a segment or a failure means, and how long to wait before the
/// next attempt (doubling from the first delay up to the maximum; back to the first once video flows again).
/// </summary>
internal sealed record CameraLinkState(bool Up, bool EverUp, int Failures)
{
    public static readonly CameraLinkState Initial = new(false, false, 0);

    /// <summary>Video arrived: the link is up; a report only when it was down after having been lost.</summary>
    public (CameraLinkState State, bool Restored) SegmentArrived() =>
        (this with { Up = true, EverUp = true, Failures = 0 }, !Up && Failures > 0);

    /// <summary>The reader stopped (unreachable or silent): the link is lost, the next attempt waits longer each time.</summary>
    public (CameraLinkState State, TimeSpan Delay) Failed(TimeSpan first, TimeSpan max)
    {
        var delay = TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(Failures, 20))));
        return (this with { Up = false, Failures = Failures + 1 }, delay);
    }

    /// <summary>A loss is reported once per outage: on the first failure, not at every unsuccessful retry.</summary>
    public bool ReportsLoss => Up || Failures == 0;
}
