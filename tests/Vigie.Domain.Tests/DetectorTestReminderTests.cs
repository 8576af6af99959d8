using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>SUP-6: subscribers are reminded to test every detector at least every 3 months.</summary>
public class DetectorTestReminderTests
{
    // SiteHarness.Active starts surveillance on Saturday 2 May 2026 at 20:00 in Paris.

    [Fact]
    [Trait("Rule", "SUP-6")]
    public void SUP_6_the_first_reminder_is_3_months_after_the_start_on_a_working_day_at_09_00()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var due = Clock.Local(2026, 8, 3, 9, 0); // 2 August is a Sunday

        Assert.Equal(due, site.State.NextDetectorTestReminder);
        Assert.Empty(site.Tick(due - Duration.FromSeconds(1)).Events);
        var tick = site.Tick(due);

        var reminder = Assert.IsType<SubscriberNotified>(tick.Events[0]);
        Assert.Equal(SubscriberNotices.DetectorTestReminder, reminder.Notice);
        Assert.Equal([TestSites.Email], reminder.Emails);
        Assert.True(reminder.App);
        Assert.Equal(due, reminder.At);
        Assert.StartsWith("Please test every detector of the alarm system at 12 rue des Lilas, 69003 Lyon: it should be done at least every 3 months.", reminder.Text, StringComparison.Ordinal);
        // 2 November 2026 is a Monday (1 November, All Saints, a Sunday); 2 February 2027 a Tuesday.
        Assert.Equal(new DetectorTestReminderScheduled(2, Clock.Local(2026, 11, 2, 9, 0), due), tick.Events[1]);
        site.Tick(Clock.Local(2026, 11, 2, 9, 0));
        Assert.Equal(Clock.Local(2027, 2, 2, 9, 0), site.State.NextDetectorTestReminder);
    }

    [Fact]
    [Trait("Rule", "SUP-6")]
    public void SUP_6_after_a_long_stop_one_reminder_goes_out_and_the_next_follows_the_calendar()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var tick = site.Tick(Clock.Local(2027, 3, 1, 12, 0));

        Assert.Single(tick.Events.OfType<SubscriberNotified>());
        Assert.Equal(new DetectorTestReminderScheduled(4, Clock.Local(2027, 5, 3, 9, 0), Clock.Local(2027, 3, 1, 12, 0)), tick.Events[1]);
    }

    [Fact]
    [Trait("Rule", "SUP-6")]
    public void SUP_6_the_period_is_configuration()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus(), new EngineRules { Supervision = new SupervisionRules { DetectorTestReminderMonths = 1 } });

        Assert.Equal(Clock.Local(2026, 6, 2, 9, 0), site.State.NextDetectorTestReminder);
        Assert.Equal(site.State.NextDetectorTestReminder, site.State.NextDeadline);
    }

    [Fact]
    [Trait("Rule", "SUP-6")]
    public void SUP_6_no_reminder_before_surveillance_starts()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());

        Assert.Null(site.State.NextDetectorTestReminder);
        Assert.Empty(site.Tick(Clock.Local(2027, 1, 4, 9, 0)).Events);
    }
}
