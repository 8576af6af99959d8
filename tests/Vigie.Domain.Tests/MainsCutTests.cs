using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>SUP-3: a mains cut strictly longer than 1 h 30 sends one SMS to the subscriber's own mobile; only for sites with GSM.</summary>
public class MainsCutTests
{
    private static readonly PhoneNumber SecondMobile = PhoneNumber.Parse("07 98 76 54 32");
    private static readonly PhoneNumber OfficeLine = PhoneNumber.Parse("04 78 00 00 01");
    private static readonly SiteSignal Cut = PanelSignals.MainsLost;
    private static readonly SiteSignal Back = PanelSignals.Sia("Nri0/AR");

    private static SiteHarness GsmSite(EngineRules? rules = null) => SiteHarness.Active(TestSites.ToutInclus() with
    {
        Instructions = TestSites.Instructions() with { SubscriberPhones = [TestSites.SubscriberMobile, OfficeLine, SecondMobile] },
    }, rules);

    private static Instant Minutes(double minutes) => Clock.T0 + Duration.FromMinutes(minutes);

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_a_cut_lasting_strictly_longer_than_1_h_30_sends_exactly_one_SMS_to_the_subscriber_own_mobile()
    {
        var site = GsmSite();
        var cut = site.Receive(Cut, Clock.T0);

        Assert.Equal(new PendingNotice("ti-1-N0001", SubscriberNotices.MainsCut, Minutes(90) + Duration.FromMilliseconds(1), FaultKeys.Mains, Clock.T0),
            Assert.Single(cut.Events.OfType<NoticeScheduled>()).Notice);
        Assert.Empty(site.Tick(Minutes(90) - Duration.FromSeconds(1)).Events);
        Assert.Empty(site.Tick(Minutes(90)).Events); // exactly 1 h 30: not strictly longer
        var sms = Assert.IsType<SubscriberNotified>(Assert.Single(site.Tick(Minutes(90) + Duration.FromMilliseconds(1)).Events));
        Assert.Empty(site.Tick(Minutes(180)).Events.OfType<SubscriberNotified>());

        Assert.Equal(SubscriberNotices.MainsCut, sms.Notice);
        Assert.Equal([TestSites.SubscriberMobile], sms.Sms); // one number: not the second mobile, not the office line
        Assert.Empty(sms.Emails);
        Assert.False(sms.App);
        Assert.Equal("Vigie: mains power at 12 rue des Lilas, 69003 Lyon has been cut since 2026-05-04 20:00 (more than 1 h 30 min). The alarm runs on its battery.", sms.Text);
        Assert.Single(site.Log.OfType<SubscriberNotified>());
        Assert.Equal(Incidents.AlertKind.MainsFailure, site.State.Faults[FaultKeys.Mains].Kind);
        Assert.Empty(site.Log.OfType<IncidentOpened>());
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_power_back_after_exactly_1_h_30_sends_nothing()
    {
        var site = GsmSite();
        site.Receive(Cut, Clock.T0);

        var back = site.Receive(Back, Minutes(90));
        site.Tick(Minutes(200));

        Assert.Single(back.Events.OfType<NoticeCancelled>());
        Assert.Empty(site.Log.OfType<SubscriberNotified>());
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_power_back_before_the_delay_cancels_the_SMS()
    {
        var site = GsmSite();
        site.Receive(Cut, Clock.T0);

        var back = site.Receive(Back, Minutes(80));

        Assert.Equal(new NoticeCancelled("ti-1-N0001", SubscriberNotices.MainsCut, "back after 1 h 20 min, within the 1 h 30 min delay (SUP-3)", Minutes(80)),
            Assert.Single(back.Events.OfType<NoticeCancelled>()));
        Assert.Empty(site.Tick(Minutes(120)).Events);
        Assert.Empty(site.State.Faults);
        Assert.Empty(site.State.Notices);
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_a_new_cut_after_the_power_came_back_can_send_again()
    {
        var site = GsmSite();
        site.Receive(Cut, Clock.T0);
        site.Tick(Minutes(91));
        site.Receive(Cut, Minutes(95)); // the panel repeats itself: still the same cut
        site.Receive(Back, Minutes(100));
        site.Receive(Cut, Minutes(120));

        site.Tick(Minutes(211));

        var sent = site.Log.OfType<SubscriberNotified>().ToList();
        Assert.Equal([Minutes(90) + Duration.FromMilliseconds(1), Minutes(210) + Duration.FromMilliseconds(1)], sent.Select(s => s.At));
        Assert.Contains("cut since 2026-05-04 22:00", sent[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_an_IP_only_site_never_sends_the_SMS_and_says_why()
    {
        var site = SiteHarness.Active(TestSites.IpOnly());

        var cut = site.Receive(Cut, Clock.T0);
        site.Tick(Minutes(200));

        Assert.Equal(new NoticeNotSent(SubscriberNotices.MainsCut, "the site has no GSM transmitter: an IP-only site cannot report a mains cut (SUP-3)", Clock.T0),
            Assert.Single(cut.Events.OfType<NoticeNotSent>()));
        Assert.Empty(site.Log.OfType<SubscriberNotified>());
        Assert.True(site.State.Faults.ContainsKey(FaultKeys.Mains));
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_no_mobile_among_the_subscriber_numbers_means_no_SMS()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus() with { Instructions = TestSites.Instructions() with { SubscriberPhones = [OfficeLine] } });

        var cut = site.Receive(Cut, Clock.T0);

        Assert.Equal("the instructions hold no mobile number of the subscriber (SUP-3)", Assert.Single(cut.Events.OfType<NoticeNotSent>()).Reason);
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void SUP_3_the_delay_is_configuration()
    {
        var site = GsmSite(new EngineRules { Supervision = new SupervisionRules { MainsCutSmsDelay = Duration.FromHours(2) } });
        site.Receive(Cut, Clock.T0);

        Assert.Empty(site.Tick(Minutes(120)).Events);
        Assert.Single(site.Tick(Minutes(121)).Events.OfType<SubscriberNotified>());
    }
}
