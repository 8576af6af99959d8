using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>A mass outage: many sites lost at once make one incident the station follows until every site is back.</summary>
public class MassOutageIncidentTests
{
    private static IncidentHarness Outage(params string[] sites) =>
        IncidentHarness.Open(IncidentBrief.ForMassOutage("mass-0001", sites, "3 sites lost within 2 min", Clock.T0), Clock.T0);

    private static NoteSiteBack Back(string site, int minutes) =>
        new(site, Duration.FromMinutes(minutes), Actor.System, Clock.T0 + Duration.FromMinutes(minutes));

    [Fact]
    [Trait("Area", "mass-outage")]
    public void MASS_the_incident_belongs_to_no_site_and_comes_first_among_technical_incidents()
    {
        var incident = Outage("s1", "s2", "s3");

        Assert.Equal(IncidentBrief.MassOutageSiteId, incident.Brief.SiteId);
        Assert.Equal("mass-outage", incident.Brief.SiteId);
        Assert.Equal(ProcedureKind.MassOutage, incident.Brief.Procedure);
        Assert.Equal(["s1", "s2", "s3"], incident.State.AffectedSites.Keys.Order());
        Assert.Equal("mass outage: 3 sites lost (3 sites lost within 2 min)", incident.Single<IncidentStarted>().Describe());
        Assert.All(Enum.GetValues<AlertKind>().Where(k => k.IsTechnical() && k != AlertKind.MassOutage),
            k => Assert.True(AlertKind.MassOutage.Priority() < k.Priority()));
    }

    [Fact]
    [Trait("Area", "mass-outage")]
    public void MASS_it_closes_itself_when_every_site_is_back_with_the_longest_and_median_outage()
    {
        var incident = Outage("s1", "s2", "s3");

        incident.Do(Back("s2", 40));
        incident.Do(Back("s1", 10));
        Assert.True(incident.State.IsOpen);
        incident.Do(Back("s3", 95));

        var closed = incident.Single<IncidentClosed>();
        Assert.Equal(Classification.Technical, closed.Classification);
        Assert.Equal(Duration.FromMinutes(95), closed.Outage);
        Assert.Equal(Duration.FromMinutes(40), closed.MedianOutage);
        Assert.Equal("closed: every site back (3 sites) [Technical] (outage 1 h 35 min, median 40 min)", closed.Describe());
    }

    [Fact]
    public void MASS_sites_added_later_count_and_an_even_count_takes_the_middle_two()
    {
        var incident = Outage("s1", "s2", "s3");

        var added = incident.Do(new NoteSitesAffected(["s3", "s4"], Actor.System, Clock.Seconds(30)));
        Assert.Empty(incident.Do(new NoteSitesAffected(["s4"], Actor.System, Clock.Seconds(40))));
        incident.Do(Back("s1", 10));
        incident.Do(Back("s2", 20));
        incident.Do(Back("s3", 40));
        Assert.True(incident.State.IsOpen);
        incident.Do(Back("s4", 60));

        Assert.Equal(["s4"], Assert.IsType<SitesAffectedNoted>(Assert.Single(added)).SiteIds);
        Assert.Equal(Duration.FromMinutes(30), incident.Single<IncidentClosed>().MedianOutage);
    }

    [Fact]
    public void MASS_an_unknown_site_is_refused_and_a_site_back_twice_counts_once()
    {
        var incident = Outage("s1", "s2");
        incident.Do(Back("s1", 10));

        Assert.Equal("siteId: s9 is not part of this outage", incident.Run(Back("s9", 12)).Refusal?.Detail);
        Assert.Empty(incident.Do(Back("s1", 15)));
        Assert.Equal(Duration.FromMinutes(10), incident.State.AffectedSites["s1"]);
    }

    [Fact]
    public void MASS_site_and_alarm_actions_do_not_apply()
    {
        var incident = Outage("s1");

        Assert.Equal("not part of the MassOutage procedure", incident.Run(new RecordRemoteMaintenance(false, "x", Actors.Operator, Clock.T0)).Refusal?.Detail);
        Assert.Equal("not part of the MassOutage procedure (a technical incident)", incident.Run(new CallPolice("", Actors.Operator, Clock.T0)).Refusal?.Detail);
        Assert.Equal("not part of the MassOutage procedure", incident.Run(new NoteFault("site", "x", Actor.System, Clock.T0)).Refusal?.Detail);
    }

    [Fact]
    [Trait("Area", "mass-outage")]
    public void MASS_a_site_grouped_in_the_outage_records_the_fault_opens_nothing_and_reports_back_to_it()
    {
        var station = new Station(TestSites.ToutInclus());
        var lastHeard = Clock.T0 - Duration.FromMinutes(3);

        var lost = station.Liveness(LivenessChangeKind.SiteLost, lastHeard, Clock.T0, groupedIn: "mass-0001");
        var back = station.Liveness(LivenessChangeKind.SiteRestored, lastHeard, Clock.T0 + Duration.FromMinutes(40));

        Assert.Equal(new SiteFault(FaultKeys.Site, AlertKind.SiteLost, lastHeard, "nothing heard from the site on any path since 2026-05-04 19:57", null, "mass-0001"),
            Assert.IsType<FaultRaised>(Assert.Single(lost.Events)).Fault);
        Assert.Empty(station.Incidents);
        var cleared = Assert.IsType<FaultCleared>(Assert.Single(back.Events));
        Assert.Equal("mass-0001", cleared.GroupedIn);
        Assert.Null(cleared.IncidentId);
        Assert.Equal(Duration.FromMinutes(43), cleared.Lasted);
    }

    [Fact]
    public void MASS_sites_coming_back_together_are_noted_in_one_step_and_the_last_ones_close_it()
    {
        var incident = Outage("s1", "s2", "s3", "s4");
        var at = Clock.T0 + Duration.FromMinutes(30);

        var first = incident.Do(new NoteSitesBack([new SiteReturn("s1", Duration.FromMinutes(30)), new SiteReturn("s2", Duration.FromMinutes(31)),
            new SiteReturn("s1", Duration.FromMinutes(30))], Actor.System, at));
        Assert.Equal(["s1", "s2"], first.OfType<SiteBackNoted>().Select(e => e.SiteId));
        Assert.True(incident.State.IsOpen);
        Assert.Empty(incident.Do(new NoteSitesBack([new SiteReturn("s2", Duration.FromMinutes(31))], Actor.System, at))); // back already

        var refused = incident.Run(new NoteSitesBack([new SiteReturn("s3", Duration.FromMinutes(32)), new SiteReturn("s9", Duration.FromMinutes(1))], Actor.System, at));
        Assert.Contains("s9", refused.Refusal?.Detail, StringComparison.Ordinal);

        var last = incident.Do(new NoteSitesBack([new SiteReturn("s3", Duration.FromMinutes(32)), new SiteReturn("s4", Duration.FromMinutes(60))], Actor.System, at));
        var closed = Assert.Single(last.OfType<IncidentClosed>());
        Assert.Equal(Duration.FromMinutes(60), closed.Outage);
        Assert.Equal(Duration.FromMinutes(31.5), closed.MedianOutage);
    }
}

