using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

/// <summary>
/// What the station knows of a site's liveness, for the portal and the console.
/// </summary>
/// <param name="SiteId">The site.</param>
/// <param name="Profile">The name of its supervision profile.</param>
/// <param name="LastHeard">The last message on any path; null before the first one.</param>
/// <param name="Paths">The site's paths, primary first.</param>
/// <param name="LastCyclicTest">The last cyclic test; null before the first one.</param>
/// <param name="CyclicTestMissed">The cyclic test is overdue (SUP-1).</param>
/// <param name="SiteLost">Nothing heard on any path within the site deadline.</param>
/// <param name="LostSince">When the site deadline passed, while the site is lost.</param>
/// <param name="NextDue">The earliest deadline still running; null when nothing is watched or everything is lost.</param>
public sealed record SiteLiveness(string SiteId, string Profile, Instant? LastHeard, IReadOnlyList<PathLiveness> Paths, Instant? LastCyclicTest,
    bool CyclicTestMissed, bool SiteLost, Instant? LostSince, Instant? NextDue);

/// <summary>One path of a site.</summary>
/// <param name="Kind">IP or GSM.</param>
/// <param name="Primary">The path the panel uses first.</param>
/// <param name="LastHeard">The last message on this path; null before the first one.</param>
/// <param name="Lost">The path missed its deadline (dual-path sites only).</param>
/// <param name="LostSince">When the deadline passed, while lost.</param>
/// <param name="Due">The path's own deadline; null when the path has no timer of its own (single path, not polled, or lost).</param>
public sealed record PathLiveness(TransmissionKind Kind, bool Primary, Instant? LastHeard, bool Lost, Instant? LostSince, Instant? Due);
