using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>The supervisor's handling statistics, checked against figures computed by hand (nearest-rank percentiles).</summary>
public class HandlingStatisticsTests
{
    private static readonly Instant From = Clock.T0;
    private static readonly Instant To = Clock.T0 + Duration.FromHours(2);

    private static Instant Minutes(double m) => Clock.T0 + Duration.FromMinutes(m);

    private static HandlingFact Fact(string id, AlertKind kind, Instant opened, int? takenAfter, int? closedAfter, string? by, Instant? escalated = null) =>
        new(id, kind, opened, takenAfter is { } t ? opened + Duration.FromSeconds(t) : null, closedAfter is { } c ? opened + Duration.FromSeconds(c) : null,
            by, closedAfter is null ? IncidentStatus.Open : IncidentStatus.Closed, escalated);

    private static readonly HandlingFact[] Facts =
    [
        Fact("1", AlertKind.Intrusion, Minutes(0), 10, 100, "alice"),
        Fact("2", AlertKind.Intrusion, Minutes(10), 40, 200, "bob"),
        Fact("3", AlertKind.Intrusion, Minutes(20), 70, null, "alice"),
        Fact("4", AlertKind.Sos, Minutes(70), null, null, null, Minutes(71)),
        Fact("5", AlertKind.Sos, Minutes(80), 20, 50, "bob"),
        // Before the period: not counted in it, but in the queue and what alice holds now.
        Fact("6", AlertKind.Intrusion, Minutes(-60), 5, null, "alice"),
        // At the period's end: [from, to) leaves it out.
        Fact("7", AlertKind.Intrusion, To, 5, 10, "bob"),
    ];

    private static Duration S(int seconds) => Duration.FromSeconds(seconds);

    [Fact]
    public void Overall_figures_with_nearest_rank_percentiles_and_shares_of_every_incident()
    {
        var report = HandlingStatistics.Compute(Facts, From, To);

        // Taken: 10, 20, 40, 70 (incident 4 untaken: no time-to-take). p50 = rank ⌈2⌉ = 20, p90 = rank ⌈3.6⌉ = 70.
        Assert.Equal(new DurationFigures(4, S(20), S(70), S(70), S(70)), report.Overall.TimeToTake);
        // Closed: 50, 100, 200. p50 = rank ⌈1.5⌉ = 100, p90 = rank ⌈2.7⌉ = 200.
        Assert.Equal(new DurationFigures(3, S(100), S(200), S(200), S(200)), report.Overall.TimeToClose);
        Assert.Equal(5, report.Overall.Count);
        Assert.Equal(2.0 / 5, report.Overall.TakenWithinFirstTarget);
        Assert.Equal(3.0 / 5, report.Overall.TakenWithinSecondTarget);
        Assert.Equal(S(30), report.FirstTarget);
        Assert.Equal(S(60), report.SecondTarget);
    }

    [Fact]
    public void Figures_per_alert_kind()
    {
        var report = HandlingStatistics.Compute(Facts, From, To);

        var intrusion = Assert.Single(report.ByKind, k => k.Kind == AlertKind.Intrusion).Figures;
        Assert.Equal(3, intrusion.Count);
        Assert.Equal(new DurationFigures(3, S(40), S(70), S(70), S(70)), intrusion.TimeToTake);
        Assert.Equal(1.0 / 3, intrusion.TakenWithinFirstTarget);
        Assert.Equal(2.0 / 3, intrusion.TakenWithinSecondTarget);

        var sos = Assert.Single(report.ByKind, k => k.Kind == AlertKind.Sos).Figures;
        Assert.Equal(new DurationFigures(1, S(20), S(20), S(20), S(20)), sos.TimeToTake);
        Assert.Equal(new DurationFigures(1, S(50), S(50), S(50), S(50)), sos.TimeToClose);
        Assert.Equal(0.5, sos.TakenWithinFirstTarget);
        Assert.Equal(2, report.ByKind.Count);
    }

    [Fact]
    public void Per_operator_handled_in_the_period_and_held_now_and_the_queue_now()
    {
        var report = HandlingStatistics.Compute(Facts, From, To);

        Assert.Equal([new OperatorFigures("alice", 2, 2), new OperatorFigures("bob", 2, 0)], report.ByOperator);
        Assert.Equal(new QueueDepth(OpenUntaken: 1, Open: 3, Escalated: 1), report.Queue);
    }

    [Fact]
    public void Hour_buckets_count_alerts_with_the_median_time_to_take()
    {
        var report = HandlingStatistics.Compute(Facts, From, To);

        Assert.Equal(
            [
                new HourBucket(From, 3, S(40)),
                new HourBucket(From + Duration.FromHours(1), 2, S(20)),
            ],
            report.Hours);
    }

    [Fact]
    public void Custom_targets()
    {
        var report = HandlingStatistics.Compute(Facts, From, To, S(10), S(40));

        Assert.Equal(1.0 / 5, report.Overall.TakenWithinFirstTarget);
        Assert.Equal(3.0 / 5, report.Overall.TakenWithinSecondTarget);
    }

    [Fact]
    public void An_empty_period_has_no_figures_but_its_hours_and_the_queue()
    {
        var report = HandlingStatistics.Compute(Facts, Minutes(200), Minutes(290));

        Assert.Equal(new HandlingFigures(0, new DurationFigures(0, null, null, null, null), new DurationFigures(0, null, null, null, null), null, null), report.Overall);
        Assert.Empty(report.ByKind);
        Assert.Equal([new OperatorFigures("alice", 0, 2)], report.ByOperator);
        Assert.Equal([new HourBucket(Minutes(200), 0, null), new HourBucket(Minutes(260), 0, null)], report.Hours);
        Assert.Equal(3, report.Queue.Open);
    }

    [Fact]
    public void A_single_incident_is_every_percentile()
    {
        var report = HandlingStatistics.Compute([Fact("1", AlertKind.Smoke, Minutes(5), 45, 300, "carol")], From, To);

        Assert.Equal(new DurationFigures(1, S(45), S(45), S(45), S(45)), report.Overall.TimeToTake);
        Assert.Equal(new DurationFigures(1, S(300), S(300), S(300), S(300)), report.Overall.TimeToClose);
        Assert.Equal(0.0, report.Overall.TakenWithinFirstTarget);
        Assert.Equal(1.0, report.Overall.TakenWithinSecondTarget);
    }

    [Fact]
    public void Untaken_incidents_have_no_time_to_take_but_count_against_the_shares()
    {
        var report = HandlingStatistics.Compute([Fact("1", AlertKind.Intrusion, Minutes(1), null, 120, null), Fact("2", AlertKind.Intrusion, Minutes(2), 15, null, "bob")], From, To);

        Assert.Equal(new DurationFigures(1, S(15), S(15), S(15), S(15)), report.Overall.TimeToTake);
        Assert.Equal(0.5, report.Overall.TakenWithinFirstTarget);
    }

    [Fact]
    public void Nearest_rank_of_ten_values()
    {
        Duration[] sorted = [.. Enumerable.Range(1, 10).Select(S)];

        Assert.Equal(S(5), HandlingStatistics.Percentile(sorted, 50));
        Assert.Equal(S(9), HandlingStatistics.Percentile(sorted, 90));
        Assert.Equal(S(10), HandlingStatistics.Percentile(sorted, 99));
        Assert.Equal(S(1), HandlingStatistics.Percentile(sorted, 1));
        Assert.Null(HandlingStatistics.Percentile([], 50));
    }
}
