using NodaTime;

namespace Vigie.Domain.Incidents;

/// <summary>What the statistics need of one incident (read from the incidents projection).</summary>
public sealed record HandlingFact(
    string IncidentId,
    AlertKind Kind,
    Instant OpenedAt,
    Instant? FirstTakenAt,
    Instant? ClosedAt,
    string? HandledBy,
    IncidentStatus Status,
    Instant? EscalatedAt = null);

/// <summary>Percentiles of a set of durations; all null when the set is empty.</summary>
public sealed record DurationFigures(int Count, Duration? P50, Duration? P90, Duration? P99, Duration? Max);

/// <summary>
/// Handling figures of a group of incidents opened in the period. The shares are of every incident of the group
/// (one never taken counts as not taken in time); null when the group is empty.
/// </summary>
public sealed record HandlingFigures(int Count, DurationFigures TimeToTake, DurationFigures TimeToClose, double? TakenWithinFirstTarget, double? TakenWithinSecondTarget);

public sealed record KindFigures(AlertKind Kind, HandlingFigures Figures);

/// <summary>An operator's incidents opened in the period that they held last, and the open ones they hold now.</summary>
public sealed record OperatorFigures(string Operator, int Handled, int Holding);

/// <summary>The queue now, whatever the period: open and untaken, open in all, and untaken ones already escalated.</summary>
public sealed record QueueDepth(int OpenUntaken, int Open, int Escalated);

/// <summary>One hour of the period for a chart: alerts opened in it and the median time-to-take of those taken.</summary>
public sealed record HourBucket(Instant Start, int Alerts, Duration? MedianTimeToTake);

public sealed record HandlingReport(
    Instant From,
    Instant To,
    Duration FirstTarget,
    Duration SecondTarget,
    HandlingFigures Overall,
    IReadOnlyList<KindFigures> ByKind,
    IReadOnlyList<OperatorFigures> ByOperator,
    QueueDepth Queue,
    IReadOnlyList<HourBucket> Hours);

/// <summary>
/// The supervisor's handling statistics (who watches queues and handling times): pure, from the incidents' facts.
/// An incident belongs to the period [from, to) by its opening. Time-to-take runs from opening to the first take
/// (untaken incidents have none); time-to-close from opening to closing (closed incidents only).
/// Percentiles are nearest-rank: the p-th of n sorted values is the value of rank ⌈p/100 × n⌉ (at least 1),
/// always one of the measured values.
/// </summary>
public static class HandlingStatistics
{
    public static readonly Duration DefaultFirstTarget = Duration.FromSeconds(30);
    public static readonly Duration DefaultSecondTarget = Duration.FromSeconds(60);

    public static HandlingReport Compute(IEnumerable<HandlingFact> facts, Instant from, Instant to, Duration? firstTarget = null, Duration? secondTarget = null)
    {
        if (to < from)
        {
            throw new ArgumentException($"to ({to}) is before from ({from})", nameof(to));
        }
        var first = firstTarget ?? DefaultFirstTarget;
        var second = secondTarget ?? DefaultSecondTarget;
        var all = facts.ToList();
        var inPeriod = all.Where(f => f.OpenedAt >= from && f.OpenedAt < to).ToList();
        var byKind = inPeriod.GroupBy(f => f.Kind).OrderBy(g => g.Key)
            .Select(g => new KindFigures(g.Key, Figures([.. g], first, second))).ToList();
        var operators = inPeriod.Select(f => f.HandledBy)
            .Concat(all.Where(f => f.Status == IncidentStatus.Open).Select(f => f.HandledBy))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(login => new OperatorFigures(login,
                inPeriod.Count(f => f.HandledBy == login),
                all.Count(f => f.Status == IncidentStatus.Open && f.HandledBy == login)))
            .ToList();
        var open = all.Where(f => f.Status == IncidentStatus.Open).ToList();
        var queue = new QueueDepth(open.Count(f => f.HandledBy is null), open.Count, open.Count(f => f.HandledBy is null && f.EscalatedAt is not null));
        return new HandlingReport(from, to, first, second, Figures(inPeriod, first, second), byKind, operators, queue, Hours(inPeriod, from, to));
    }

    /// <summary>The value of rank ⌈p/100 × n⌉ among the sorted values (nearest-rank), or null when there are none.</summary>
    public static Duration? Percentile(IReadOnlyList<Duration> sorted, int percent)
    {
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static HandlingFigures Figures(IReadOnlyList<HandlingFact> group, Duration first, Duration second)
    {
        var toTake = TimesToTake(group);
        var toClose = group.Where(f => f.ClosedAt is not null).Select(f => f.ClosedAt!.Value - f.OpenedAt).Order().ToList();
        double? Share(Duration target) => group.Count == 0 ? null : (double)toTake.Count(d => d <= target) / group.Count;
        return new HandlingFigures(group.Count, Describe(toTake), Describe(toClose), Share(first), Share(second));
    }

    private static List<Duration> TimesToTake(IEnumerable<HandlingFact> group) =>
        [.. group.Where(f => f.FirstTakenAt is not null).Select(f => f.FirstTakenAt!.Value - f.OpenedAt).Order()];

    private static DurationFigures Describe(IReadOnlyList<Duration> sorted) =>
        new(sorted.Count, Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted.Count == 0 ? null : sorted[^1]);

    /// <summary>Hours counted from <paramref name="from"/> (the last one may be shorter), so any period charts the same way.</summary>
    private static List<HourBucket> Hours(IReadOnlyList<HandlingFact> inPeriod, Instant from, Instant to)
    {
        var hour = Duration.FromHours(1);
        var byHour = inPeriod.ToLookup(f => (long)Math.Floor((f.OpenedAt - from) / hour));
        var count = (long)Math.Ceiling((to - from) / hour);
        var buckets = new List<HourBucket>();
        for (var i = 0L; i < count; i++)
        {
            var opened = byHour[i].ToList();
            buckets.Add(new HourBucket(from + hour * i, opened.Count, Percentile(TimesToTake(opened), 50)));
        }
        return buckets;
    }
}
