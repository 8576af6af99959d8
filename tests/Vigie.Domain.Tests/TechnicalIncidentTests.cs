using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// Liveness (SUP-1, SUP-7): losses are current faults and one open technical incident per site; restorations record
/// the outage and the incident closes itself when no fault is left. Supervision profiles by name.
/// </summary>
public class TechnicalIncidentTests
{
    private static Instant Minutes(double minutes) => Clock.T0 + Duration.FromMinutes(minutes);

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_path_loss_opens_the_technical_incident_and_a_site_loss_joins_it()
    {
        var station = new Station(TestSites.ToutInclus());

        station.Liveness(LivenessChangeKind.PathLost, Minutes(-30), Clock.T0, TransmissionKind.Ip);
        var site = station.Liveness(LivenessChangeKind.SiteLost, Minutes(-28), Minutes(2));

        var incident = station.Incident(AlertFamily.Technical);
        Assert.Equal(AlertKind.PathLost, incident.Brief.Kind);
        Assert.Equal("IP path silent since 2026-05-04 19:30", incident.Brief.FaultSummary);
        Assert.Equal(new FaultJoinedIncident(incident.Id, FaultKeys.Site, "nothing heard from the site on any path since 2026-05-04 19:32", Minutes(2)),
            Assert.Single(site.Events.OfType<FaultJoinedIncident>()));
        Assert.Equal(["path:ip", "site"], incident.State.Faults.Keys.Order());
        Assert.Single(station.Incidents);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_restorations_record_outages_and_the_incident_closes_itself_with_the_longest()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Liveness(LivenessChangeKind.PathLost, Minutes(-30), Clock.T0, TransmissionKind.Ip);
        station.Liveness(LivenessChangeKind.SiteLost, Minutes(-28), Minutes(2));
        var incident = station.Incident(AlertFamily.Technical);

        station.Liveness(LivenessChangeKind.PathRestored, Minutes(-30), Minutes(40), TransmissionKind.Ip);
        Assert.True(incident.State.IsOpen);
        station.Liveness(LivenessChangeKind.SiteRestored, Minutes(-28), Minutes(45));

        Assert.Equal(
            [
                new OutageRecord("path:ip", AlertKind.PathLost, TransmissionKind.Ip, Minutes(-30), Minutes(40), Duration.FromMinutes(70)),
                new OutageRecord("site", AlertKind.SiteLost, null, Minutes(-28), Minutes(45), Duration.FromMinutes(73)),
            ],
            station.Site.State.Outages);
        var closed = incident.Single<IncidentClosed>();
        Assert.Equal(Classification.Technical, closed.Classification);
        Assert.Equal(Duration.FromMinutes(73), closed.Outage);
        Assert.Equal(2, incident.Log.OfType<FaultResolved>().Count());
        Assert.Empty(station.Site.State.Faults);
        Assert.Empty(station.Site.State.OpenIncidents);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_the_outage_history_is_bounded()
    {
        var station = new Station(TestSites.ToutInclus(), new EngineRules { Supervision = new SupervisionRules { OutageHistoryKept = 2 } });

        for (var i = 0; i < 3; i++)
        {
            station.Liveness(LivenessChangeKind.PathLost, Minutes(100 * i), Minutes((100 * i) + 31), TransmissionKind.Gsm);
            station.Liveness(LivenessChangeKind.PathRestored, Minutes(100 * i), Minutes((100 * i) + 50 + i), TransmissionKind.Gsm);
        }

        Assert.Equal([Duration.FromMinutes(51), Duration.FromMinutes(52)], station.Site.State.Outages.Select(o => o.Duration));
        Assert.Equal(3, station.Incidents.Count);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_before_surveillance_starts_a_loss_is_a_fault_without_incident()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());

        var decision = site.Run(new NoteLiveness(new LivenessChange("ti-1", LivenessChangeKind.SiteLost, null, Minutes(-5), Clock.T0, Clock.T0), null, Actor.System, Clock.T0));

        Assert.Equal("telesurveillance has not started (missing: Subscribed, InstructionsValidated, EquipmentConnected, ConnectionConfirmed, CodeDefined)",
            Assert.Single(decision.Events.OfType<AlarmNotRaised>()).Reason);
        Assert.Empty(decision.Events.OfType<IncidentOpened>());
        Assert.True(site.State.Faults.ContainsKey(FaultKeys.Site));
    }

    [Fact]
    public void SUP_1_a_change_of_another_site_or_without_its_path_is_refused_and_an_unknown_restore_changes_nothing()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var other = site.Run(new NoteLiveness(new LivenessChange("ti-2", LivenessChangeKind.SiteLost, null, Minutes(-5), Clock.T0, Clock.T0), null, Actor.System, Clock.T0));
        var noPath = site.Run(new NoteLiveness(new LivenessChange("ti-1", LivenessChangeKind.PathLost, null, Minutes(-5), Clock.T0, Clock.T0), null, Actor.System, Clock.T0));
        var restore = site.Run(new NoteLiveness(new LivenessChange("ti-1", LivenessChangeKind.SiteRestored, null, Minutes(-5), Clock.T0, Clock.T0), null, Actor.System, Clock.T0));

        Assert.Equal("change.siteId: ti-2 is not this site (ti-1)", other.Refusal?.Detail);
        Assert.Equal("change.path: a path change names its path", noPath.Refusal?.Detail);
        Assert.Empty(restore.Events);
        Assert.False(restore.IsRefused);
    }

    [Fact]
    public void Technical_kinds_queue_after_every_alarm()
    {
        var alarms = Enum.GetValues<AlertKind>().Where(k => !k.IsTechnical()).ToList();
        var technical = Enum.GetValues<AlertKind>().Where(k => k.IsTechnical()).ToList();

        Assert.Equal(8, technical.Count);
        Assert.True(alarms.Max(k => k.Priority()) < technical.Min(k => k.Priority()));
        Assert.All(technical, k => Assert.Contains(k.Family(), new[] { AlertFamily.Technical, AlertFamily.VideoLink }));
        Assert.True(AlertKind.SiteLost.Priority() < AlertKind.LowBattery.Priority());
    }

    [Fact]
    public void Profiles_are_changed_by_name_and_unknown_ones_refused()
    {
        var rules = new EngineRules { Supervision = new SupervisionRules { StationProfiles = [new SupervisionProfile { Name = "bank", IpDeadline = Duration.FromSeconds(60) }] } };
        var site = SiteHarness.Active(TestSites.ToutInclus(), rules);

        var dp2 = site.Run(new ChangeSupervisionProfile("dp2", Actors.Operator, Clock.T0));
        var bank = site.Run(new ChangeSupervisionProfile("bank", Actors.Operator, Clock.T0));
        var unknown = site.Run(new ChangeSupervisionProfile("XX", Actors.Operator, Clock.T0));

        Assert.Equal([new SupervisionProfileChanged("DP2", Clock.T0)], dp2.Events);
        Assert.Equal("bank", site.State.Definition!.SupervisionProfile);
        Assert.False(bank.IsRefused);
        Assert.Equal("supervisionProfile 'XX': not a supervision profile (known: bank, daily-test, SP2, SP3, SP4, SP5, SP6, DP1, DP2, DP3, DP4)", unknown.Refusal?.Detail);
        Assert.Empty(site.Run(new ChangeSupervisionProfile("bank", Actors.Operator, Clock.T0)).Events);
    }

    [Fact]
    public void Provisioning_refuses_an_unknown_profile_naming_the_field()
    {
        var site = new SiteHarness();

        var decision = site.Run(new ProvisionSite(TestSites.ToutInclus() with { SupervisionProfile = "nope" }, Actor.System, Clock.T0));

        Assert.Equal("supervisionProfile 'nope': not a supervision profile (known: daily-test, SP2, SP3, SP4, SP5, SP6, DP1, DP2, DP3, DP4)", decision.Refusal?.Detail);
        Assert.False(site.State.IsProvisioned);
    }
}
