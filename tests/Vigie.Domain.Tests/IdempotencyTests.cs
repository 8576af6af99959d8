using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>The same signal twice changes nothing; a replayed journal changes nothing; state is rebuilt from events.</summary>
public class IdempotencyTests
{
    private static ReceiveSignal Signal(long journalId, string key, SiteSignal signal, Instant at) =>
        new(new SignalKey(journalId, key), signal, Actors.Panel, at);

    private static SiteHarness Armed()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        site.Run(Signal(100, "0042|L1|0100", PanelSignals.ArmTotal(), Clock.T0));
        return site;
    }

    [Fact]
    public void The_same_signal_key_twice_gives_no_events_the_second_time()
    {
        var site = Armed();
        var intrusion = Signal(101, "0042|L1|0101", PanelSignals.Intrusion(2), Clock.Seconds(10));
        Assert.Single(site.Run(intrusion).Events.OfType<AlertRaised>());
        var before = site.State;

        var again = site.Run(intrusion with { At = Clock.Seconds(11) });

        Assert.False(again.IsRefused);
        Assert.Empty(again.Events);
        Assert.Same(before, site.State);
        Assert.Single(site.State.PendingAlerts);
    }

    [Fact]
    public void A_copy_through_another_path_with_the_same_key_is_ignored_within_the_duplicate_window()
    {
        var site = Armed();
        site.Run(Signal(101, "0042|L1|0101", PanelSignals.Intrusion(2), Clock.Seconds(10)));

        // The mirror station's copy: no journal row of ours, same content key.
        var copy = site.Run(Signal(0, "0042|L1|0101", PanelSignals.Intrusion(2), Clock.Seconds(10) + Duration.FromMinutes(10)));
        var muchLater = site.Run(Signal(0, "0042|L1|0101", PanelSignals.PeriodicTest, Clock.Seconds(11) + Duration.FromMinutes(10)));

        Assert.Empty(copy.Events);
        Assert.IsType<SignalReceived>(Assert.Single(muchLater.Events));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(50)]
    public void A_journal_row_at_or_before_the_last_one_handled_gives_nothing(long journalId)
    {
        var site = Armed();
        site.Run(Signal(101, "0042|L1|0101", PanelSignals.PeriodicTest, Clock.Seconds(5)));
        Assert.Equal(101, site.State.LastJournalId);

        var replayed = site.Run(Signal(journalId, $"other-key-{journalId}", PanelSignals.Intrusion(2), Clock.Seconds(10)));

        Assert.False(replayed.IsRefused);
        Assert.Empty(replayed.Events);
        Assert.Empty(site.State.PendingAlerts);
    }

    [Fact]
    public void A_later_journal_row_is_handled()
    {
        var site = Armed();

        var next = site.Run(Signal(102, "0042|L1|0102", PanelSignals.Intrusion(2), Clock.Seconds(10)));

        Assert.Single(next.Events.OfType<AlertRaised>());
        Assert.Equal(102, site.State.LastJournalId);
    }

    [Fact]
    public void An_incident_opened_twice_is_opened_once()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();

        var again = incident.Run(new OpenIncident(incident.Brief, Actor.System, Clock.Seconds(100)));

        Assert.False(again.IsRefused);
        Assert.Empty(again.Events);
        Assert.Single(incident.Log.OfType<IncidentStarted>());
    }

    [Fact]
    public void A_closed_incident_noted_twice_on_the_site_ends_once()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = station.IntrusionIncident();
        incident.Do(new CloseIncident(Classification.Test, null, Actors.Operator, Clock.Seconds(60)));

        var again = station.Run(new NoteIncidentClosed(incident.Id, Actor.System, Clock.Seconds(61)));

        Assert.Empty(again.Events);
        Assert.Single(station.Site.Log.OfType<IncidentEnded>());
    }

    [Fact]
    public void A_command_on_a_closed_incident_is_refused_and_a_late_tick_is_not()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        incident.Do(new CloseIncident(Classification.Test, null, Actors.Operator, Clock.Seconds(60)));

        var police = incident.Run(new CallPolice("", Actors.Operator, Clock.Seconds(70)));
        var tick = incident.Run(new IncidentTick(Actor.Clock, Clock.Seconds(70)));

        Assert.Equal("incident ti-1-0001 is closed", police.Refusal?.Detail);
        Assert.False(tick.IsRefused);
        Assert.Empty(tick.Events);
    }

    [Fact]
    public void Commands_before_provisioning_or_before_opening_are_refused()
    {
        Assert.Equal("the site is not provisioned", new SiteHarness().Run(new SiteTick(Actor.Clock, Clock.T0)).Refusal?.Detail);
        Assert.Equal("no such incident", new IncidentHarness().Run(new IncidentTick(Actor.Clock, Clock.T0)).Refusal?.Detail);
    }

    [Fact]
    public void Replaying_the_logs_rebuilds_the_same_states()
    {
        var station = new Station(TestSites.ALaCarte());
        station.StartProtectPlus(Clock.T0 - Duration.FromHours(1));
        var incident = station.IntrusionIncident();
        Operator.NobodyReached(incident, Clock.Seconds(60));
        station.Receive(PanelSignals.Smoke(), Clock.Seconds(300));

        var site = Site.Replay(station.Site.Log, station.Rules);
        var live = station.Site.State;
        // The harness cleared the activation part of the log: compare what the alerts changed.
        Assert.Equal(live.Arming, site.Arming);
        Assert.Equal(live.PendingAlerts, site.PendingAlerts);
        Assert.Equal(live.OpenIncidents.OrderBy(p => p.Key), site.OpenIncidents.OrderBy(p => p.Key));
        Assert.Equal(live.ProtectPlus, site.ProtectPlus);
        Assert.Equal(live.LastJournalId, site.LastJournalId);

        var replayed = Incident.Replay(incident.Log);
        Assert.Equal(incident.State.Calls, replayed.Calls);
        Assert.Equal((incident.State.Status, incident.State.Interpellated, incident.State.Agent), (replayed.Status, replayed.Interpellated, replayed.Agent));
    }
}
