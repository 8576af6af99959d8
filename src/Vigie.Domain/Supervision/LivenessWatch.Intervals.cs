using NodaTime;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

// This part holds the intervals of each (profile, path shape): profile numbering, dual-path deadlines, a site's shape.
public sealed partial class LivenessWatch
{
    private ushort ProfileNumber(SupervisionProfile profile)
    {
        if (_profileNumbers.TryGetValue(profile, out var number))
        {
            return number;
        }
        var errors = profile.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"profile '{profile.Name}': {string.Join("; ", errors)}", nameof(profile));
        }
        if (_profiles.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("more than 65,536 distinct supervision profiles in one watch");
        }
        number = (ushort)_profiles.Count;
        _profiles.Add(profile);
        _profileNumbers.Add(profile, number);
        Array.Resize(ref _intervals, _profiles.Count * Shapes * IntervalStride);
        for (var shape = 0; shape < Shapes; shape++)
        {
            Compute(profile, (byte)shape, _intervals.AsSpan((number * Shapes + shape) * IntervalStride, IntervalStride));
        }
        return number;
    }

    private int IntervalsOf(ushort number, byte shape) => (number * Shapes + shape) * IntervalStride;

    /// <summary>
    /// The intervals (ticks, 0 = no timer) of a profile on a site's paths. Only a dual-path site watches its paths one by
    /// one; the site deadline is the primary's (else the other path's) plus the failover grace when there are two.
    /// </summary>
    private static void Compute(SupervisionProfile profile, byte shape, Span<long> intervals)
    {
        var hasIp = (shape & HasIp) != 0;
        var hasGsm = (shape & HasGsm) != 0;
        var dual = hasIp && hasGsm;
        var ip = hasIp ? profile.IpDeadline : null;
        var gsm = hasGsm ? profile.GsmDeadline : null;
        intervals[IpTimer] = dual && ip is { } i ? i.BclCompatibleTicks : 0;
        intervals[GsmTimer] = dual && gsm is { } g ? g.BclCompatibleTicks : 0;
        var siteDeadline = (shape & GsmPrimary) != 0 ? gsm ?? ip : ip ?? gsm;
        intervals[SiteTimer] = siteDeadline is { } s ? (s + (dual ? profile.FailoverGrace : Duration.Zero)).BclCompatibleTicks : 0;
        intervals[CyclicTimer] = profile.CyclicTest is { } c ? (c + profile.CyclicTestTolerance).BclCompatibleTicks : 0;
        intervals[Timers] = intervals[SiteTimer] > 0 ? intervals[SiteTimer] : intervals[CyclicTimer];
    }

    private static byte ShapeOf(IReadOnlyList<TransmissionPath> paths)
    {
        var shape = (byte)0;
        TransmissionKind? primary = null;
        foreach (var path in paths)
        {
            shape |= path.Kind == TransmissionKind.Ip ? HasIp : HasGsm;
            if (path.Primary)
            {
                primary ??= path.Kind;
            }
        }
        if ((primary ?? (paths.Count > 0 ? paths[0].Kind : TransmissionKind.Ip)) == TransmissionKind.Gsm)
        {
            shape |= GsmPrimary;
        }
        return shape;
    }
}
