using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>SUP-1: a missed cyclic test is reported to the subscriber at the latest on the first working day after it.</summary>
public class SupervisionNoticeTests
{
    private static Decision<SiteEvent> Miss(Station station, Instant at) =>
        station.Liveness(LivenessChangeKind.CyclicTestMissed, at - Duration.FromMinutes(24 * 60 + 30), at);

    [Theory]
    [Trait("Rule", "SUP-1")]
    // A working day before 18:00: that day, not before 09:00.
    [InlineData("Mon 4 May 03:00 → same day 09:00", 2026, 5, 4, 3, 0, 2026, 5, 4, 9, 0)]
    [InlineData("Mon 4 May 19:00 → Tue 09:00", 2026, 5, 4, 19, 0, 2026, 5, 5, 9, 0)]
    [InlineData("Mon 4 May 18:00 → Tue 09:00", 2026, 5, 4, 18, 0, 2026, 5, 5, 9, 0)]
    [InlineData("Friday evening → Monday 09:00", 2026, 5, 15, 20, 0, 2026, 5, 18, 9, 0)]
    [InlineData("Saturday → Monday 09:00", 2026, 5, 16, 10, 0, 2026, 5, 18, 9, 0)]
    [InlineData("Friday evening before Whit Monday → Tuesday 09:00", 2026, 5, 22, 20, 0, 2026, 5, 26, 9, 0)]
    [InlineData("Friday evening before Easter Monday → Tuesday 09:00", 2026, 4, 3, 19, 0, 2026, 4, 7, 9, 0)]
    [InlineData("Easter Monday morning → Tuesday 09:00", 2026, 4, 6, 8, 0, 2026, 4, 7, 9, 0)]
    [InlineData("Wednesday evening before Ascension → Friday 09:00", 2026, 5, 13, 19, 30, 2026, 5, 15, 9, 0)]
    [InlineData("Ascension Thursday 10:00 → Friday 09:00", 2026, 5, 14, 10, 0, 2026, 5, 15, 9, 0)]
    [InlineData("Monday 13 July evening → Wednesday 15 July 09:00", 2026, 7, 13, 18, 30, 2026, 7, 15, 9, 0)]
    [InlineData("14 July morning → 15 July 09:00", 2026, 7, 14, 8, 0, 2026, 7, 15, 9, 0)]
    [InlineData("Friday 1 May (holiday) → Monday 4 May 09:00", 2026, 5, 1, 12, 0, 2026, 5, 4, 9, 0)]
    public void SUP_1_a_missed_test_is_notified_on_the_first_working_day_after_it(string _, int y, int m, int d, int h, int min, int dy, int dm, int dd, int dh, int dmin)
    {
        var station = new Station(TestSites.ToutInclus());
        var miss = Clock.Local(y, m, d, h, min);
        var due = Clock.Local(dy, dm, dd, dh, dmin);

        var decision = Miss(station, miss);

        var scheduled = Assert.Single(decision.Events.OfType<NoticeScheduled>()).Notice;
        Assert.Equal(new PendingNotice("ti-1-N0001", SubscriberNotices.CyclicTestMissed, due, FaultKeys.CyclicTest, miss), scheduled);
        Assert.Equal(due, station.Site.State.NextDeadline);
        Assert.Empty(station.Tick(due - Duration.FromSeconds(1)).Events.OfType<SubscriberNotified>());

        var sent = Assert.Single(station.Tick(due).Events.OfType<SubscriberNotified>());

        Assert.Equal(SubscriberNotices.CyclicTestMissed, sent.Notice);
        Assert.Equal("ti-1-N0001", sent.NoticeId);
        Assert.Equal([TestSites.Email], sent.Emails);
        Assert.Empty(sent.Sms);
        Assert.True(sent.App);
        Assert.Equal(due, sent.At);
        Assert.Contains("The tests have not resumed yet", sent.Text, StringComparison.Ordinal);
        Assert.Empty(station.Site.State.Notices);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_miss_on_a_working_afternoon_is_notified_at_once()
    {
        var station = new Station(TestSites.ToutInclus());
        var miss = Clock.Local(2026, 5, 5, 17, 59);

        var decision = Miss(station, miss);

        var sent = Assert.Single(decision.Events.OfType<SubscriberNotified>());
        Assert.Equal(miss, sent.At);
        Assert.Null(sent.NoticeId);
        Assert.Empty(decision.Events.OfType<NoticeScheduled>());
        Assert.Equal("The daily test of the alarm system at 12 rue des Lilas, 69003 Lyon was not received on 2026-05-05 17:59. " +
            "The tests have not resumed yet: the station is looking into it and may contact you.", sent.Text);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_the_notice_goes_out_even_when_the_test_resumed_meanwhile_and_says_so()
    {
        var station = new Station(TestSites.ToutInclus());
        var miss = Clock.Local(2026, 5, 15, 20, 0);
        Miss(station, miss);

        var resumed = station.Liveness(LivenessChangeKind.CyclicTestResumed, miss - Duration.FromHours(24), Clock.Local(2026, 5, 16, 8, 0));
        var sent = Assert.Single(station.Tick(Clock.Local(2026, 5, 18, 9, 0)).Events.OfType<SubscriberNotified>());

        Assert.Empty(resumed.Events.OfType<NoticeCancelled>());
        Assert.Contains("The tests have resumed since: nothing is needed from you.", sent.Text, StringComparison.Ordinal);
        Assert.False(station.Site.State.Faults.ContainsKey(FaultKeys.CyclicTest));
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_missed_test_is_a_current_fault_and_opens_a_technical_incident()
    {
        var station = new Station(TestSites.ToutInclus());
        var miss = Clock.Local(2026, 5, 4, 22, 0);

        Miss(station, miss);

        var fault = station.Site.State.Faults[FaultKeys.CyclicTest];
        Assert.Equal(AlertKind.CyclicTestMissed, fault.Kind);
        Assert.Equal(miss - Duration.FromMinutes(24 * 60 + 30), fault.Since);
        Assert.Equal("cyclic test missed (last test 2026-05-03 21:30, due 2026-05-04 22:00)", fault.Detail);
        var incident = station.Incident(AlertFamily.Technical);
        Assert.Equal(fault.IncidentId, incident.Id);
        Assert.Equal(ProcedureKind.Technical, incident.Brief.Procedure);
        Assert.Equal(AlertKind.CyclicTestMissed, incident.Brief.Kind);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_miss_reported_twice_changes_nothing()
    {
        var station = new Station(TestSites.ToutInclus());
        var miss = Clock.Local(2026, 5, 4, 22, 0);
        Miss(station, miss);

        Assert.Empty(Miss(station, miss + Duration.FromMinutes(5)).Events);
        Assert.Single(station.Site.State.Notices);
    }
}
