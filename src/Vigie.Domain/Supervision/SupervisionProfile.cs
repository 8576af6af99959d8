using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

/// <summary>
/// How closely a site's installation is watched: the reporting deadline of each transmission path (any message
/// on the path restarts it, NULL polls included), the daily cyclic test (SUP-1) and the grace a panel gets to
/// fail over from its primary path to its backup before the whole site counts as lost.
/// A null deadline means the path is not polled (only the cyclic test proves it alive).
/// </summary>
public sealed record SupervisionProfile
{
    public required string Name { get; init; }
    public Duration? IpDeadline { get; init; }
    public Duration? GsmDeadline { get; init; }
    /// <summary>The panel's cyclic test period (SUP-1: 24 h); null when the profile does not expect one.</summary>
    public Duration? CyclicTest { get; init; } = Duration.FromHours(24);
    /// <summary>How late a cyclic test may come before it counts as missed.</summary>
    public Duration CyclicTestTolerance { get; init; } = Duration.FromMinutes(30);
    /// <summary>Added to the primary path's deadline before a dual-path site counts as lost.</summary>
    public Duration FailoverGrace { get; init; } = Duration.FromMinutes(2);

    public Duration? DeadlineOf(TransmissionKind path) => path == TransmissionKind.Ip ? IpDeadline : GsmDeadline;

    /// <summary>Every error, naming its field; empty when the profile can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name: a profile needs a name");
        }
        foreach (var (field, value) in new[] { ("ipDeadline", IpDeadline), ("gsmDeadline", GsmDeadline), ("cyclicTest", CyclicTest) })
        {
            if (value is { } v && v < Duration.FromSeconds(10))
            {
                errors.Add($"{field}: at least 10 seconds ({v.TotalSeconds:0} s given)");
            }
        }
        if (IpDeadline is null && GsmDeadline is null && CyclicTest is null)
        {
            errors.Add("a profile must poll a path or expect a cyclic test");
        }
        if (CyclicTestTolerance < Duration.Zero || FailoverGrace < Duration.Zero)
        {
            errors.Add("cyclicTestTolerance, failoverGrace: not negative");
        }
        return errors;
    }
}

/// <summary>
/// Presets after EN 50136-1's alarm transmission categories (single path SP2…SP6, dual path DP1…DP4): the
/// reporting time of each path. A station may change them or add its own in configuration.
/// </summary>
public static class SupervisionProfiles
{
    /// <summary>The residential default: the panel's daily cyclic test only (SUP-1).</summary>
    public static SupervisionProfile DailyTest { get; } = new() { Name = "daily-test" };

    public static IReadOnlyList<SupervisionProfile> Presets { get; } =
    [
        DailyTest,
        new() { Name = "SP2", IpDeadline = Duration.FromHours(25) },
        new() { Name = "SP3", IpDeadline = Duration.FromMinutes(30) },
        new() { Name = "SP4", IpDeadline = Duration.FromMinutes(3) },
        new() { Name = "SP5", IpDeadline = Duration.FromSeconds(90) },
        new() { Name = "SP6", IpDeadline = Duration.FromSeconds(20) },
        new() { Name = "DP1", IpDeadline = Duration.FromHours(25), GsmDeadline = Duration.FromHours(25) },
        new() { Name = "DP2", IpDeadline = Duration.FromMinutes(30), GsmDeadline = Duration.FromHours(25) },
        new() { Name = "DP3", IpDeadline = Duration.FromMinutes(3), GsmDeadline = Duration.FromHours(25) },
        new() { Name = "DP4", IpDeadline = Duration.FromSeconds(90), GsmDeadline = Duration.FromMinutes(30) },
    ];
}
