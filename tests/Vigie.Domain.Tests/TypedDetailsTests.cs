using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// What a reader's text is made from is typed (a key and values), beside the English line the log keeps: faults,
/// notices not sent or cancelled, instruction changes and charges. The texts themselves are the station's.
/// </summary>
public class TypedDetailsTests
{
    private static Instant Minutes(double minutes) => Clock.T0 + Duration.FromMinutes(minutes);

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void A_fault_carries_its_kind_and_place_typed_to_the_site_the_incident_and_the_faults_that_join_it()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sia("Nri1/XT004"), Clock.T0);
        var incident = station.Incident(AlertFamily.Technical);

        var battery = Step.Of("Fault.LowBattery", Step.Of("Fault.Zone.Named", 4, "Hall"));
        Assert.Equal(battery, station.Site.State.Faults["battery:4"].What);
        Assert.Equal(battery, Assert.Single(incident.Brief.Faults).What);
        Assert.Equal(Step.Of(Step.ClausesKey, battery), incident.Brief.FaultClauses);
        Assert.Equal(Step.Of("IncidentStarted.Technical", StepValue.Named(AlertKind.LowBattery), "ti-1", incident.Brief.FaultClauses, StepValue.Named(ProcedureKind.Technical)),
            IncidentSteps.Of(incident.Single<IncidentStarted>()));

        var joined = Assert.Single(station.Receive(PanelSignals.Sia("Nri0/YC"), Clock.Seconds(60)).Events.OfType<FaultJoinedIncident>());
        Assert.Equal("Fault.EquipmentFault", joined.What?.Key);
        Assert.Equal(Step.Of("Fault.Panel"), joined.What!.Values[0].Part);
        Assert.Equal(joined.What, incident.Single<FaultAdded>().What);
        // The log's English is kept as it was.
        Assert.Equal("equipment fault (panel): Communication failure", joined.Detail);
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public void A_mains_notice_cancelled_or_not_sent_says_why_typed()
    {
        var gsm = SiteHarness.Active(TestSites.ToutInclus());
        gsm.Receive(PanelSignals.MainsLost, Clock.T0);
        var cancelled = Assert.Single(gsm.Receive(PanelSignals.Sia("Nri0/AR"), Minutes(80)).Events.OfType<NoticeCancelled>());
        Assert.Equal(Step.Of("NoticeCancelled.BackInTime", Duration.FromMinutes(80), Duration.FromMinutes(90), "SUP-3"), cancelled.Why);
        Assert.Equal(Step.Of("Fault.MainsCut"), Assert.Single(gsm.Log.OfType<FaultRaised>()).Fault.What);

        var ipOnly = SiteHarness.Active(TestSites.IpOnly());
        var notSent = Assert.Single(ipOnly.Receive(PanelSignals.MainsLost, Clock.T0).Events.OfType<NoticeNotSent>());
        Assert.Equal(Step.Of("NotRaised.NoGsm"), notSent.Why);
        Assert.Equal(SubscriberNotice.MainsCut, SubscriberNotices.Kind(notSent.Notice));
    }

    [Fact]
    [Trait("Rule", "CON-4")]
    public void Changed_instructions_name_each_changed_field_typed_and_never_a_code()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var next = TestSites.Instructions() with { Contacts = [TestSites.Bruno], Emails = [], AccessNotes = "Portail vert" };

        var changed = Assert.IsType<InstructionsChanged>(Assert.Single(site.Run(new ChangeInstructions(next, Actor.Subscriber("sub-1"), Clock.T0)).Events));

        Assert.Equal(["InstructionsChange.Contacts", "InstructionsChange.Emails", "InstructionsChange.AccessNotes"], changed.Changed.Select(c => c.Key));
        // No e-mail left: "(none)" in the reader's words, not an empty list.
        Assert.Equal(Step.Of("InstructionsChange.None"), changed.Changed[1].Values[1].Part);
        Assert.Equal(changed.Changes.Count, changed.Changed.Count);
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public void The_arming_information_SMS_charge_is_described_by_its_mode_and_time_typed()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus(), new EngineRules { ArmingNoticeSmsPrice = 0.15m });
        var choices = new ArmingNoticeChoices(NoticeChannels.None, new NoticeChannels(Email: false, App: false, Sms: true));
        site.Run(new ChangeArmingNotices(choices, Actor.Subscriber("sub-1"), Clock.T0));
        site.Receive(PanelSignals.ArmTotal(5), Clock.Seconds(10));

        var charge = Assert.Single(site.Receive(PanelSignals.Disarm(5), Clock.Seconds(20)).Events.OfType<SiteCharged>()).Charge;

        Assert.Equal(Step.Of("Charge.ArmingNoticeSms", Step.Of("Armed.Disarmed"), Clock.Seconds(20)), charge.What);
        Assert.StartsWith("arming information SMS (disarmed on ", charge.Description, StringComparison.Ordinal);
    }
}
