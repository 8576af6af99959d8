using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Station.Engine;

namespace Vigie.Station.Tests;

/// <summary>
/// Supervision in the whole station (issue 4): NULL polls over real DC-09 sockets restart a site's timer, a
/// silent site becomes a technical incident that closes itself when the site is back, a station restart gives
/// every site one full interval, many silent sites make one mass outage, and a site on test raises nothing.
/// The clock is fake; the pulse is beaten by hand after each move so the tests need no real waiting.
/// </summary>
public sealed class SupervisionTests
{
    /// <summary>A site with one IP path polled under SP5 (reporting deadline 90 s).</summary>
    private static SiteDefinition Polled(string siteId, string account, OfferCode offer = OfferCode.ToutInclus) =>
        Sites.Of(siteId, account, offer) with
        {
            Panel = new Panel(account, [new TransmissionPath(TransmissionKind.Ip, true)]),
            SupervisionProfile = "SP5",
        };

    private static Task Poll(EngineUnderTest station, SimulatedPanel panel) => station.PollAsync(panel);

    private static Task Beat(EngineUnderTest station, Duration by) => station.BeatAsync(by);

    private static async Task<IncidentSummary?> OpenTechnical(EngineUnderTest station, string siteId) =>
        (await station.Desk.IncidentsAsync(openOnly: true)).FirstOrDefault(i => i.SiteId == siteId && i.Kind.IsTechnical());

    /// <summary>Waits for the incident, beating now and then without moving the clock, as the station's pulse does all the time.</summary>
    private static async Task<IncidentSummary> WaitTechnical(EngineUnderTest station, string siteId)
    {
        IncidentSummary? found = null;
        var lastBeat = DateTime.UtcNow;
        await EngineUnderTest.Until(async () =>
        {
            if (DateTime.UtcNow - lastBeat > TimeSpan.FromSeconds(1))
            {
                lastBeat = DateTime.UtcNow;
                await station.Pulse.BeatAsync();
            }
            return (found = await OpenTechnical(station, siteId)) is not null;
        }, $"a technical incident at {siteId}");
        return found!;
    }

    [Fact]
    public async Task A_site_polling_on_time_is_never_lost_a_silent_one_becomes_a_technical_incident_that_closes_with_its_outage_when_heard_again()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.Pulse.Ready;
        await station.ProvisionAsync(Polled("SV-1", "4101"));
        await using var panel = station.Panel("4101");
        await Poll(station, panel);
        var lastPoll = station.Now;
        for (var i = 0; i < 5; i++)
        {
            await Beat(station, Duration.FromSeconds(80));
            await Poll(station, panel);
            lastPoll = station.Now;
        }
        await Beat(station, Duration.FromSeconds(89));
        await Beat(station, Duration.FromSeconds(120));
        Assert.Null(await OpenTechnical(station, "SV-1"));

        // Silent: lost at the last poll + 90 s, held 60 s in case others follow, then its own incident.
        await Beat(station, Duration.FromSeconds(5));
        var view = await station.Desk.SupervisionAsync("SV-1");
        Assert.True(view!.Liveness!.SiteLost);
        Assert.Equal(lastPoll, view.LastContact);
        await Beat(station, Duration.FromSeconds(60));
        var incident = await WaitTechnical(station, "SV-1");
        Assert.Equal(AlertKind.SiteLost, incident.Kind);
        Assert.Equal(ProcedureKind.Technical, incident.Procedure);
        Assert.True(incident.Priority > AlertKind.Flood.Priority(), "technical incidents come after every alarm");
        Assert.Contains((await station.SiteAsync("SV-1")).Faults, f => f.Kind == AlertKind.SiteLost && f.Since == lastPoll);

        // Heard again: the incident closes itself, the outage recorded from the last poll to the new one.
        await Beat(station, Duration.FromMinutes(10));
        await Poll(station, panel);
        var back = station.Now;
        IncidentDetail? closed = null;
        await EngineUnderTest.Until(async () => (closed = await station.Desk.IncidentAsync(incident.IncidentId))!.Summary.Status == IncidentStatus.Closed,
            "the technical incident closed");
        Assert.Equal(Classification.Technical, closed!.Summary.Classification);
        Assert.Equal(Actor.System.ToString(), closed.Timeline[^1].Actor);
        Assert.True(closed.Chain.IsIntact);
        var status = await station.SiteAsync("SV-1");
        Assert.Empty(status.Faults);
        var outage = Assert.Single(status.Outages);
        Assert.Equal(lastPoll, outage.Start);
        Assert.Equal(back, outage.End);
        Assert.Equal(back - lastPoll, outage.Duration);
        Assert.False((await station.Desk.SupervisionAsync("SV-1"))!.Liveness!.SiteLost);
    }

    [Fact]
    public async Task After_a_10_minute_stop_sites_polling_on_time_are_not_lost_and_a_silent_site_is_lost_one_interval_after_the_restart()
    {
        await using var station = await EngineUnderTest.StartAsync(keepData: true);
        await station.Pulse.Ready;
        await station.ProvisionAsync(Polled("RS-A", "4201"));
        await station.ProvisionAsync(Polled("RS-B", "4202"));
        await using (var a = station.Panel("4201"))
        await using (var b = station.Panel("4202"))
        {
            await Poll(station, a);
            await Poll(station, b);
        }
        var lastHeardBeforeStop = station.Now;
        await Beat(station, Duration.FromSeconds(30));

        await station.StopAsync();
        station.Advance(Duration.FromMinutes(10)); // both deadlines pass while the station is down
        await station.StartAgainAsync();
        await station.Pulse.Ready;
        var restart = station.Now;
        // The partitions were saved at the stop: the last contacts before it are still known.
        Assert.Equal(lastHeardBeforeStop, (await station.Desk.SupervisionAsync("RS-B"))!.LastContact);
        await using var panelA = station.Panel("4201");
        await Poll(station, panelA);
        await Beat(station, Duration.Zero);
        await Beat(station, Duration.FromSeconds(60));
        await Poll(station, panelA);
        await Beat(station, Duration.FromSeconds(29));
        // 89 s after the restart: nobody lost, though both were silent for more than 10 minutes before it.
        Assert.False((await station.Desk.SupervisionAsync("RS-B"))!.Liveness!.SiteLost);
        Assert.DoesNotContain(await station.Desk.IncidentsAsync(openOnly: true), i => i.Kind.IsTechnical());

        await Beat(station, Duration.FromSeconds(1)); // restart + 90 s: B's one full interval is over
        var lost = (await station.Desk.SupervisionAsync("RS-B"))!.Liveness!;
        Assert.True(lost.SiteLost);
        Assert.Equal(restart + Duration.FromSeconds(90), lost.LostSince);
        await Poll(station, panelA);
        await Beat(station, Duration.FromSeconds(60));
        Assert.Equal(AlertKind.SiteLost, (await WaitTechnical(station, "RS-B")).Kind);
        await Poll(station, panelA);
        await Beat(station, Duration.FromSeconds(5));
        Assert.Null(await OpenTechnical(station, "RS-A"));
        Assert.False((await station.Desk.SupervisionAsync("RS-A"))!.Liveness!.SiteLost);
    }

    [Fact]
    public async Task Many_sites_silent_together_make_one_mass_outage_incident_which_closes_when_they_are_all_back()
    {
        await using var station = await EngineUnderTest.StartAsync(configure: o => o.MassOutageThreshold = 3);
        await station.Pulse.Ready;
        var ids = Enumerable.Range(1, 4).Select(i => (Site: $"MO-{i}", Account: $"43{i:D2}")).ToList();
        foreach (var (site, account) in ids)
        {
            await station.ProvisionAsync(Polled(site, account));
        }
        var panels = ids.Select(i => station.Panel(i.Account)).ToList();
        try
        {
            foreach (var panel in panels)
            {
                await Poll(station, panel);
            }
            await Beat(station, Duration.FromSeconds(95));
            IncidentSummary? mass = null;
            await EngineUnderTest.Until(async () => (mass = (await station.Desk.IncidentsAsync(true)).FirstOrDefault(i => i.Kind == AlertKind.MassOutage)) is not null,
                "the mass outage incident");
            await Beat(station, Duration.FromSeconds(120));
            await EngineUnderTest.Until(async () => (await station.Desk.IncidentAsync(mass!.IncidentId))!.Timeline.Any(e => e.Type == nameof(SitesAffectedNoted)),
                "the sites noted on the mass outage");
            var open = await station.Desk.IncidentsAsync(true);
            Assert.Single(open, i => i.Kind.IsTechnical()); // one incident, not four
            foreach (var (site, _) in ids)
            {
                await EngineUnderTest.Until(async () => (await station.SiteAsync(site)).Faults.Any(f => f.GroupedIn == mass!.IncidentId), $"{site}'s fault grouped");
            }

            foreach (var panel in panels)
            {
                await Poll(station, panel);
            }
            await EngineUnderTest.Until(async () => (await station.Desk.IncidentAsync(mass!.IncidentId))!.Summary.Status == IncidentStatus.Closed,
                "the mass outage closed once every site was back");
            Assert.DoesNotContain(await station.Desk.IncidentsAsync(true), i => i.Kind.IsTechnical());
        }
        finally
        {
            foreach (var panel in panels)
            {
                await panel.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A crowd larger than one batch of the outage watch, coming back all at once while the watch may still be carrying
    /// the losses: each site's loss and return stay in order, every site is on the one incident, and it closes.
    /// </summary>
    [Fact]
    public async Task A_crowd_silent_together_is_carried_in_order_every_site_joins_the_one_incident_and_comes_back_with_one_outage()
    {
        await using var station = await EngineUnderTest.StartAsync(configure: o => o.MassOutageThreshold = 3);
        await station.Pulse.Ready;
        var ids = Enumerable.Range(1, 40).Select(i => (Site: $"CR-{i:D2}", Account: $"47{i:D2}")).ToList();
        foreach (var (site, account) in ids)
        {
            await station.ProvisionAsync(Polled(site, account));
        }
        var panels = ids.Select(i => station.Panel(i.Account)).ToList();
        try
        {
            await PollAll(station, panels);
            await Beat(station, Duration.FromSeconds(95));
            IncidentSummary? mass = null;
            await EngineUnderTest.Until(async () => (mass = (await station.Desk.IncidentsAsync(true)).FirstOrDefault(i => i.Kind == AlertKind.MassOutage)) is not null,
                "the mass outage incident");
            await EngineUnderTest.Until(async () => (await station.Desk.IncidentAsync(mass!.IncidentId))!.State.AffectedSites.Count == ids.Count,
                "every site noted on the mass outage");

            await PollAll(station, panels);
            await EngineUnderTest.Until(async () => (await station.Desk.IncidentAsync(mass!.IncidentId))!.Summary.Status == IncidentStatus.Closed,
                "the mass outage closed once every site was back");
            var closed = (await station.Desk.IncidentAsync(mass!.IncidentId))!;
            Assert.All(closed.State.AffectedSites, s => Assert.Equal(Duration.FromSeconds(95), s.Value));
            Assert.True(closed.Chain.IsIntact);
            foreach (var (site, _) in ids)
            {
                var status = await station.SiteAsync(site);
                Assert.Empty(status.Faults);
                var outage = Assert.Single(status.Outages);
                Assert.Equal(AlertKind.SiteLost, outage.Kind);
            }
            // One incident for the crowd, none of the sites' own.
            Assert.Single(await station.Desk.IncidentsAsync(openOnly: false), i => i.Kind.IsTechnical());
        }
        finally
        {
            foreach (var panel in panels)
            {
                await panel.DisposeAsync();
            }
        }
    }

    private static async Task PollAll(EngineUnderTest station, IReadOnlyList<SimulatedPanel> panels)
    {
        var before = station.Contacts.Passed;
        var replies = await Task.WhenAll(panels.Select(p => p.SendLinkTestAsync()));
        Assert.All(replies, r => Assert.Equal(ReplyKind.Ack, r.Kind));
        await EngineUnderTest.Until(() => Task.FromResult(station.Contacts.Passed >= before + panels.Count), "the polls reached their partitions");
    }

    [Fact]
    public async Task A_site_on_test_records_its_signals_but_raises_nothing_and_the_end_of_the_test_is_announced()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("OT-1", "4401", OfferCode.ToutInclus));
        var start = await station.Desk.SiteCommandAsync(new StartTestPeriod(TestPeriodKind.Maintenance, station.Now, station.Now + Duration.FromHours(2),
            "battery replacement", Actor.Operator("tech-paul"), station.Now), "OT-1");
        Assert.True(start.Accepted, start.Refusal?.Detail);
        await using (var panel = station.Panel("4401"))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA002");
        }
        station.Advance(Duration.FromSeconds(40));
        var history = await station.Desk.SiteHistoryAsync("OT-1");
        Assert.Contains(history!, e => e.Type == nameof(SignalReceived) && e.Text.Contains("BA002", StringComparison.Ordinal));
        Assert.Contains(history!, e => e.Type == nameof(AlarmNotRaised) && e.Text.Contains("test", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await station.Desk.IncidentsAsync(openOnly: false));

        station.Advance(Duration.FromHours(2));
        await EngineUnderTest.Until(async () => (await station.Desk.SiteHistoryAsync("OT-1"))!.Any(e => e.Type == nameof(TestPeriodEnded)), "the end of the test period");
        await EngineUnderTest.Until(() => Task.FromResult(station.Notices.Any(n => n.SiteId == "OT-1")), "the console told");
        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Any(m => m.To.Contains("camille@example.org"))), "the subscriber emailed");
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    public async Task SUP_3_a_mains_cut_longer_than_1_h_30_sends_one_SMS_to_the_subscribers_mobile_through_the_outbox()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("MC-1", "4501", OfferCode.ToutInclus)); // IP + GSM
        await using (var panel = station.Panel("4501"))
        {
            await station.SendAsync(panel, "AT");
        }
        station.Advance(Duration.FromMinutes(89));
        await Task.Delay(200);
        Assert.DoesNotContain(station.Phones.Outbox(), m => m.Channel == "sms");
        station.Advance(Duration.FromMinutes(1) + Duration.FromSeconds(1)); // strictly longer than 1 h 30
        await EngineUnderTest.Until(() => Task.FromResult(station.Phones.Outbox().Any(m => m.Channel == "sms" && m.To == Sites.Subscriber.Value)), "the mains-cut SMS");
        station.Advance(Duration.FromHours(3));
        await Task.Delay(200);
        Assert.Single(station.Phones.Outbox(), m => m.Channel == "sms");
        Assert.Empty(await station.OutboxAsync());
    }

    [Fact]
    public async Task A_site_lost_before_a_crash_that_cost_the_partitions_snapshot_is_still_restored_by_its_next_message()
    {
        await using var station = await EngineUnderTest.StartAsync(keepData: true);
        await station.Pulse.Ready;
        await station.ProvisionAsync(Polled("CR-1", "4701"));
        await using (var panel = station.Panel("4701"))
        {
            await Poll(station, panel);
        }
        await Beat(station, Duration.FromSeconds(91));
        await Beat(station, Duration.FromSeconds(60));
        var incident = await WaitTechnical(station, "CR-1");

        await station.StopAsync();
        // As if the station had died before saving its partitions: their snapshots are gone.
        await using (var log = Vigie.Storage.EventLog.Open(new Vigie.Storage.EventLogOptions { DatabasePath = station.Engine.EventLogPath! }))
        {
            var snapshots = (await log.ListDocumentsAsync(Collections.Supervision)).Where(d => d.Key.StartsWith("partition-", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(snapshots);
            await log.AppendAsync("test", 0, [], [.. snapshots.Select(d => (Vigie.Storage.DocumentChange)new Vigie.Storage.DeleteDocument(Collections.Supervision, d.Key))]);
        }
        await station.StartAgainAsync();
        await station.Pulse.Ready;
        Assert.True((await station.Desk.SupervisionAsync("CR-1"))!.Liveness!.SiteLost, "the site's own fault marks it lost again");

        await using (var panel = station.Panel("4701"))
        {
            await Poll(station, panel);
        }
        await EngineUnderTest.Until(async () => (await station.Desk.IncidentAsync(incident.IncidentId))!.Summary.Status == IncidentStatus.Closed,
            "the technical incident closed by the site's return");
        Assert.Empty((await station.SiteAsync("CR-1")).Faults);
    }

    [Fact]
    public async Task A_damaged_partition_snapshot_is_kept_aside_and_its_sites_get_a_full_interval_not_a_false_lost()
    {
        await using var station = await EngineUnderTest.StartAsync(keepData: true);
        await station.Pulse.Ready;
        await station.ProvisionAsync(Polled("DM-1", "4801"));
        await using (var panel = station.Panel("4801"))
        {
            await Poll(station, panel);
        }
        await station.StopAsync();
        var key = $"partition-{Supervision.SupervisionSettings.PartitionOf("DM-1", station.Engine.SupervisionPartitions)}";
        await using (var log = Vigie.Storage.EventLog.Open(new Vigie.Storage.EventLogOptions { DatabasePath = station.Engine.EventLogPath! }))
        {
            await log.AppendAsync("test", 0, [], [new Vigie.Storage.UpsertDocument(Collections.Supervision, key, "{\"savedAt\":\"2026-11-23T09:00:00Z\",\"watch\":\"AAAA\"}")]);
        }
        station.Advance(Duration.FromMinutes(10));
        await station.StartAgainAsync();
        await station.Pulse.Ready;
        var restart = station.Now;
        await Beat(station, Duration.Zero);

        var liveness = (await station.Desk.SupervisionAsync("DM-1"))!.Liveness!;
        Assert.False(liveness.SiteLost);
        Assert.Equal(restart + Duration.FromSeconds(90), liveness.NextDue);
        await using (var log = Vigie.Storage.EventLog.OpenReadOnly(station.Engine.EventLogPath!))
        {
            Assert.NotNull(await log.GetDocumentAsync(Collections.Supervision, key + ".damaged"));
        }
        await Beat(station, Duration.FromSeconds(91));
        Assert.True((await station.Desk.SupervisionAsync("DM-1"))!.Liveness!.SiteLost);
    }
}

