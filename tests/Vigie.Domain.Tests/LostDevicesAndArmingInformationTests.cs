using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>INS-5 lost or stolen devices, RC-5 arming information, insurer details.</summary>
public class LostDevicesAndArmingInformationTests
{
    private static readonly Actor Jeanne = Actor.Subscriber("sub-1");

    [Fact]
    [Trait("Rule", "INS-5")]
    [Trait("Rule", "RC-3")]
    public void INS_5_a_stolen_keys_report_is_timestamped_and_replace_by_is_48_h_after_noticing()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var noticed = Clock.T0 - Duration.FromHours(2);

        var decision = site.Run(new ReportLostDevice(LostDeviceKind.Keys, "front door keys", noticed, Jeanne, Clock.T0) { Stolen = true });

        var report = Assert.IsType<LostDeviceReported>(decision.Events[0]);
        Assert.Equal(("ti-1-L0001", Clock.T0, noticed, noticed + Duration.FromHours(48)), (report.ReportId, report.At, report.NoticedAt, report.ReplaceBy));
        var reminder = Assert.IsType<SubscriberNotified>(decision.Events[1]);
        Assert.Equal((SubscriberNotices.KeyReplacementReminder, true), (reminder.Notice, reminder.App));
        Assert.Equal([TestSites.Email], reminder.Emails);
        Assert.Contains("within 48 hours", reminder.Text);
        Assert.Equal(new LostDeviceReport("ti-1-L0001", LostDeviceKind.Keys, "front door keys", noticed, noticed + Duration.FromHours(48), Clock.T0) { Stolen = true },
            Assert.Single(site.State.LostDevices));
    }

    [Fact]
    [Trait("Rule", "INS-5")]
    [Trait("Rule", "RC-3")]
    public void INS_5_a_lost_badge_is_timestamped_without_a_replacement_deadline_or_reminder()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var noticed = Clock.T0 - Duration.FromHours(2);

        var decision = site.Run(new ReportLostDevice(LostDeviceKind.Badge, "badge 2", noticed, Jeanne, Clock.T0));

        var report = Assert.IsType<LostDeviceReported>(Assert.Single(decision.Events));
        Assert.Equal(("ti-1-L0001", noticed, null, false), (report.ReportId, report.NoticedAt, report.ReplaceBy, report.Stolen));
        Assert.Equal("lost badge reported (badge 2), noticed at 2026-05-04T16:00:00Z", report.Describe());
        Assert.Null(Assert.Single(site.State.LostDevices).ReplaceBy);
    }

    [Fact]
    [Trait("Rule", "INS-5")]
    public void INS_5_the_insurers_deadline_overrides_the_station_default()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus(), new EngineRules { KeyReplacement = Duration.FromHours(72) });
        Assert.Equal(Clock.T0 + Duration.FromHours(72),
            site.Run(new ReportLostDevice(LostDeviceKind.Badge, "badge 2", Clock.T0, Jeanne, Clock.T0) { Stolen = true }).Events.OfType<LostDeviceReported>().Single().ReplaceBy);

        site.Run(new ChangeInsurerDetails(new InsurerDetails { Name = "Assur'Habitat", KeyReplacementHours = 24 }, Jeanne, Clock.T0));
        var report = site.Run(new ReportLostDevice(LostDeviceKind.Remote, "remote of the garage", Clock.T0, Jeanne, Clock.Seconds(10)) { Stolen = true }).Events.OfType<LostDeviceReported>().Single();

        Assert.Equal(Clock.T0 + Duration.FromHours(24), report.ReplaceBy);
    }

    [Fact]
    [Trait("Rule", "INS-5")]
    public void INS_5_a_report_needs_a_description_and_a_past_notice_time()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        Assert.StartsWith("description:", site.Run(new ReportLostDevice(LostDeviceKind.Keys, " ", Clock.T0, Jeanne, Clock.T0)).Refusal?.Detail);
        Assert.StartsWith("noticedAt:", site.Run(new ReportLostDevice(LostDeviceKind.Keys, "keys", Clock.Seconds(3600), Jeanne, Clock.T0)).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public void RC_5_arming_information_goes_by_the_chosen_channels_and_each_sms_is_charged()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus(), new EngineRules { ArmingNoticeSmsPrice = 0.15m });
        var choices = new ArmingNoticeChoices(new NoticeChannels(Email: true, App: true, Sms: false), new NoticeChannels(Email: false, App: true, Sms: true));
        Assert.IsType<ArmingNoticesChanged>(Assert.Single(site.Run(new ChangeArmingNotices(choices, Jeanne, Clock.T0)).Events));

        var armed = site.Receive(PanelSignals.ArmTotal(5), Clock.Seconds(10));
        var armNotice = Assert.Single(armed.Events.OfType<SubscriberNotified>());
        Assert.Equal((SubscriberNotices.ArmingInformation, true, 0), (armNotice.Notice, armNotice.App, armNotice.Sms.Count));
        Assert.Equal([TestSites.Email], armNotice.Emails);
        Assert.Contains("armed total", armNotice.Text);
        Assert.Empty(armed.Events.OfType<SiteCharged>());

        var disarmed = site.Receive(PanelSignals.Disarm(5), Clock.Seconds(20));
        var disarmNotice = Assert.Single(disarmed.Events.OfType<SubscriberNotified>());
        Assert.Equal([TestSites.SubscriberMobile], disarmNotice.Sms);
        Assert.Empty(disarmNotice.Emails);
        var charge = Assert.Single(disarmed.Events.OfType<SiteCharged>()).Charge;
        Assert.Equal((Fee.ArmingNoticeSms, 0.15m, 1), (charge.Fee, charge.Amount, charge.Quantity));
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public void RC_5_no_choice_sends_nothing_and_an_sms_choice_needs_a_mobile()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus() with { Instructions = TestSites.Instructions() with { SubscriberPhones = [TestSites.Landline], Emails = [] } });

        Assert.Empty(site.Receive(PanelSignals.ArmTotal(), Clock.T0).Events.OfType<SubscriberNotified>());
        var refusal = site.Run(new ChangeArmingNotices(new ArmingNoticeChoices(new NoticeChannels(true, false, true), NoticeChannels.None), Jeanne, Clock.T0)).Refusal?.Detail;

        Assert.Equal("arming.email: the instructions hold no email address; arming.sms: the instructions hold no mobile number of the subscriber", refusal);
    }

    [Fact]
    [Trait("Rule", "INS-2")]
    [Trait("Rule", "INS-5")]
    public void Insurer_details_validation_names_each_field()
    {
        var details = new InsurerDetails
        {
            Name = "",
            PolicyNumber = new string('9', 51),
            ClaimsWeb = "ftp://claims",
            ClaimsEmail = "not an email",
            ClaimsPost = "",
            TheftDeclarationWorkingDays = 0,
            OtherClaimDeclarationWorkingDays = 31,
            PoliceComplaintHours = -1,
            KeyReplacementHours = 1000,
        };

        var fields = details.Validate().Select(e => e.Field).ToList();

        Assert.Equal(["name", "policyNumber", "claimsWeb", "claimsEmail", "claimsPost", "theftDeclarationWorkingDays",
            "otherClaimDeclarationWorkingDays", "policeComplaintHours", "keyReplacementHours"], fields);
        var site = SiteHarness.Active(TestSites.ToutInclus());
        Assert.StartsWith("name:", site.Run(new ChangeInsurerDetails(details, Jeanne, Clock.T0)).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "INS-7")]
    public void Insurer_details_are_kept_on_the_site_and_can_be_removed()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var details = new InsurerDetails
        {
            Name = "Assur'Habitat",
            PolicyNumber = "MRH-123456",
            ClaimsWeb = "https://sinistres.example.fr/declarer",
            ClaimsEmail = "sinistres@example.fr",
            ClaimsPhone = TestSites.Landline,
            AssistancePhone = TestSites.AlicePhone,
            PoliceComplaintHours = 24,
        };

        var changed = Assert.IsType<InsurerDetailsChanged>(Assert.Single(site.Run(new ChangeInsurerDetails(details, Jeanne, Clock.T0)).Events));

        Assert.Empty(details.Validate());
        Assert.Equal(details, site.State.Insurer);
        Assert.Contains("police complaint within 24 h", changed.Describe());
        Assert.Empty(site.Run(new ChangeInsurerDetails(details, Jeanne, Clock.Seconds(1))).Events);
        site.Run(new ChangeInsurerDetails(null, Jeanne, Clock.Seconds(2)));
        Assert.Null(site.State.Insurer);
    }
}
