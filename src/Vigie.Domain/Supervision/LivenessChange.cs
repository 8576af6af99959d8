using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

/// <summary>What the station's liveness watch noticed about a site.</summary>
public enum LivenessChangeKind
{
    /// <summary>One path (IP or GSM) of a dual-path site missed its reporting deadline; the site may still be heard on the other.</summary>
    PathLost,
    PathRestored,
    /// <summary>Nothing heard on any path within the primary deadline plus the failover grace.</summary>
    SiteLost,
    SiteRestored,
    /// <summary>The daily cyclic test did not come (SUP-1).</summary>
    CyclicTestMissed,
    CyclicTestResumed,
}

public static class LivenessChangeKinds
{
    public static bool IsLossKind(this LivenessChangeKind kind) =>
        kind is LivenessChangeKind.PathLost or LivenessChangeKind.SiteLost or LivenessChangeKind.CyclicTestMissed;
}

/// <summary>
/// One change of a site's liveness.
/// </summary>
/// <param name="SiteId">The site.</param>
/// <param name="Kind">What changed.</param>
/// <param name="Path">For path changes: which path.</param>
/// <param name="LastHeard">When the site (or the path, or the cyclic test) was last heard before the change.</param>
/// <param name="Due">For a loss: the deadline that passed. For a restoration: when the loss began.</param>
/// <param name="At">When the change was noticed (a loss) or the message that ended it was received (a restoration).</param>
public sealed record LivenessChange(string SiteId, LivenessChangeKind Kind, TransmissionKind? Path, Instant LastHeard, Instant Due, Instant At)
{
    public bool IsLoss => Kind is LivenessChangeKind.PathLost or LivenessChangeKind.SiteLost or LivenessChangeKind.CyclicTestMissed;
}
