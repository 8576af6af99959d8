using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// Test and maintenance periods (issue 4): signals are recorded and shown but raise no alert, no incident, no call;
/// the end is announced to the console and the subscriber.
/// </summary>
public class TestPeriodTests
{
    private static readonly Instant End = Clock.T0 + Duration.FromHours(2);
    private const string Reason = "on test (maintenance ti-1-T001 until 2026-05-04T20:00:00Z: battery replacement)";

    private static Station OnMaintenance(Instant? start = null)
    {
        var station = new Station(TestSites.ToutInclus());
        var set = station.Run(new StartTestPeriod(TestPeriodKind.Maintenance, start ?? Clock.T0, start is null ? End : start.Value + Duration.FromHours(2),
            "battery replacement", Actors.Operator, Clock.T0));
        Assert.False(set.IsRefused, set.Refusal?.Detail);
        return station;
    }

    [Fact]
    [Trait("Rule", "SUP-6")]
    public void TEST_an_alarm_during_the_period_is_recorded_and_raises_nothing()
    {
        var station = OnMaintenance();
        station.Receive(PanelSignals.ArmTotal(), Clock.Seconds(60));

        var intrusion = station.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.Seconds(120));
        var smoke = station.Receive(PanelSignals.Smoke(), Clock.Seconds(130));
        station.Tick(Clock.Seconds(200));

        Assert.IsType<SignalReceived>(intrusion.Events[0]);
        Assert.Equal(new AlarmNotRaised(AlertKind.Intrusion, 2, Reason, Clock.Seconds(120)), intrusion.Events[1]);
        Assert.Equal(Reason, Assert.IsType<AlarmNotRaised>(smoke.Events[1]).Reason);
        Assert.Empty(station.Site.State.PendingAlerts);
        Assert.Empty(station.Incidents);
        Assert.Equal(ArmingMode.Total, station.Site.State.Arming.Mode);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void TEST_a_fault_during_the_period_is_recorded_without_incident_and_opens_one_at_the_end_if_still_there()
    {
        var station = OnMaintenance();

        var battery = station.Receive(PanelSignals.Sia("Nri0/YT"), Clock.Seconds(60));
        var end = station.Tick(End);

        Assert.Equal(new AlarmNotRaised(AlertKind.LowBattery, null, Reason, Clock.Seconds(60)), battery.Events[2]);
        Assert.Equal(new TestPeriodEnded(new TestPeriod("ti-1-T001", TestPeriodKind.Maintenance, Clock.T0, End, "battery replacement", "operator:op-marie"), false, null, End),
            end.Events[0]);
        var notice = Assert.IsType<SubscriberNotified>(end.Events[1]);
        Assert.Equal(SubscriberNotices.TestPeriodEnded, notice.Notice);
        Assert.Equal([TestSites.Email], notice.Emails);
        Assert.Equal("The maintenance period at 12 rue des Lilas, 69003 Lyon (battery replacement) ended on 2026-05-04 22:00: telesurveillance is back to normal.", notice.Text);
        var incident = station.Incident(AlertFamily.Technical);
        Assert.Equal(AlertKind.LowBattery, incident.Brief.Kind);
        Assert.Equal(End, incident.Brief.AlertAt);
        Assert.Null(station.Site.State.TestPeriod);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void TEST_a_liveness_loss_during_the_period_opens_nothing_and_sends_no_notice()
    {
        var station = OnMaintenance();

        var lost = station.Liveness(LivenessChangeKind.CyclicTestMissed, Clock.T0 - Duration.FromHours(25), Clock.Seconds(60));

        Assert.True(station.Site.State.Faults.ContainsKey(FaultKeys.CyclicTest));
        Assert.Equal(Reason, Assert.Single(lost.Events.OfType<AlarmNotRaised>()).Reason);
        Assert.Equal(Reason, Assert.Single(lost.Events.OfType<NoticeNotSent>()).Reason);
        Assert.Empty(station.Incidents);
    }

    [Fact]
    public void TEST_an_early_end_carries_the_technicians_note_to_the_subscriber()
    {
        var station = OnMaintenance();

        var ended = station.Run(new EndTestPeriod(Actors.Operator, Clock.Seconds(1800)) { Note = " New battery fitted. " });

        var period = Assert.IsType<TestPeriodEnded>(ended.Events[0]);
        Assert.True(period.Early);
        Assert.Equal("test period ti-1-T001 ended early: surveillance back to normal — New battery fitted.", period.Describe());
        Assert.EndsWith("telesurveillance is back to normal. Technician's note: New battery fitted.", Assert.IsType<SubscriberNotified>(ended.Events[1]).Text, StringComparison.Ordinal);
        Assert.Equal(AlertKind.Smoke, Assert.Single(station.Receive(PanelSignals.Smoke(), Clock.Seconds(1900)).Events.OfType<IncidentOpened>()).Brief.Kind);
    }

    [Fact]
    public void TEST_a_period_set_ahead_leaves_the_site_watched_until_it_starts_and_can_be_cancelled()
    {
        var start = Clock.T0 + Duration.FromDays(1);
        var station = OnMaintenance(start);
        station.Receive(PanelSignals.ArmTotal(), Clock.Seconds(60));

        var before = station.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.Seconds(120));
        var cancelled = station.Run(new EndTestPeriod(Actors.Operator, Clock.Seconds(300)));

        Assert.Single(before.Events.OfType<AlertRaised>());
        var ended = Assert.IsType<TestPeriodEnded>(Assert.Single(cancelled.Events));
        Assert.True(ended.Cancelled);
        Assert.Equal("test period ti-1-T001 cancelled before its start", ended.Describe());
        Assert.Equal(start + Duration.FromHours(2), ((TestPeriodScheduled)station.Site.Log.Single(e => e is TestPeriodScheduled)).Period.End);
    }

    [Theory]
    [InlineData(0, 2, "", "reason: say why the site goes on test")]
    [InlineData(2, 2, "x", "end: must be after start")]
    [InlineData(0, 7 * 24 + 1, "x", "end: a test period lasts at most 7 d")]
    [InlineData(-3, -1, "x", "end: the period would be over already")]
    public void TEST_a_period_is_refused_when_it_makes_no_sense(int startHours, int endHours, string reason, string refusal)
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new StartTestPeriod(TestPeriodKind.OnTest, Clock.T0 + Duration.FromHours(startHours), Clock.T0 + Duration.FromHours(endHours), reason, Actors.Operator, Clock.T0));

        Assert.Equal(refusal, decision.Refusal?.Detail);
    }

    [Fact]
    public void TEST_one_period_at_a_time_and_ending_none_is_refused()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var none = site.Run(new EndTestPeriod(Actors.Operator, Clock.T0));
        site.Run(new StartTestPeriod(TestPeriodKind.OnTest, Clock.T0, End, "detector test", Actor.Subscriber("sub-1"), Clock.T0));
        var second = site.Run(new StartTestPeriod(TestPeriodKind.OnTest, End, End + Duration.FromHours(1), "again", Actor.Subscriber("sub-1"), Clock.T0));

        Assert.Equal("no test period is set on this site", none.Refusal?.Detail);
        Assert.Equal($"a test period is already set (ti-1-T001, {Clock.T0} – {End}): end it first", second.Refusal?.Detail);
        Assert.Equal(End, site.State.NextDeadline);
    }
}
