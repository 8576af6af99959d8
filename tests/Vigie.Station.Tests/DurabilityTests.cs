using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Storage;

namespace Vigie.Station.Tests;

/// <summary>Restarts, replays and duplicates change nothing that was decided; deadlines survive a stop.</summary>
public sealed class DurabilityTests
{
    [Fact]
    [Trait("Rule", "ALR-2")]
    public async Task A_30_s_window_running_when_the_station_stops_still_ends_after_the_restart()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("RS-1", "3001", OfferCode.ToutInclus, speaker: true));
        await using (var panel = station.Panel("3001"))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA002");
        }
        station.Advance(Duration.FromSeconds(10));
        await station.RestartAsync();
        Assert.Single((await station.SiteAsync("RS-1")).PendingAlerts);

        station.Advance(Duration.FromSeconds(25));
        var incident = await station.IncidentAsync("RS-1-0001");
        Assert.Equal(ProcedureKind.OperatorIntrusion, incident.Brief.Procedure);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public async Task An_INFO_Alertes_cascade_resumes_after_a_restart_where_it_was()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("RS-2", "3002", OfferCode.ALaCarte));
        await using (var panel = station.Panel("3002"))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA002");
        }
        station.Advance(Duration.FromSeconds(32));
        await station.RingingAsync(Sites.Subscriber);

        await station.RestartAsync();
        // The call whose outcome never came rings again, then times out to the next number.
        await station.RingingAsync(Sites.Subscriber);
        station.Advance(Duration.FromSeconds(61));
        await station.RingingAsync(Sites.Neighbour);
        Assert.True((await station.Phones.AnswerAsync(Sites.Neighbour, "1234", default)).Accepted);

        var incident = await station.IncidentAsync("RS-2-0001");
        Assert.Equal(IncidentStatus.Closed, incident.Summary.Status);
        Assert.Contains(incident.Timeline, e => e.Type == nameof(CallUnanswered) && e.Step.Key == "CallUnanswered.Timeout");
        Assert.Equal(2, incident.Timeline.Count(e => e.Type == nameof(CallPlaced)));
        Assert.True(incident.Chain.IsIntact);
    }

    [Fact]
    public async Task The_same_DC09_signal_delivered_twice_yields_one_incident()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("ID-1", "3003", OfferCode.ToutInclus, speaker: true));
        await using (var panel = station.Panel("3003"))
        {
            panel.SetNextSequence(42);
            await station.SendAsync(panel, "PA001");
            panel.SetNextSequence(42);
            await station.SendAsync(panel, "PA001");
        }
        await station.IncidentAsync("ID-1-0001");
        Assert.Single(await station.Desk.IncidentsAsync(openOnly: false));
        Assert.Single((await station.Desk.SiteHistoryAsync("ID-1"))!, e => e.Type == "SignalReceived");
    }

    [Fact]
    public async Task Journal_rows_read_again_after_a_crash_change_nothing()
    {
        await using var station = await EngineUnderTest.StartAsync(keepData: false);
        await station.ProvisionAsync(Sites.Of("ID-2", "3004", OfferCode.ToutInclus, speaker: true));
        await using (var panel = station.Panel("3004"))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "PA001");
        }
        await station.IncidentAsync("ID-2-0001");
        var before = (await station.SiteAsync("ID-2")).Version;

        // A crash between handling the rows and saving the cursor: the cursor goes back to the start.
        await station.StopAsync();
        await using (var log = EventLog.Open(new EventLogOptions { DatabasePath = station.Engine.EventLogPath! }))
        {
            await log.AppendAsync("engine-cursor", 0, [], [new UpsertDocument("cursors", "journal", "0")]);
        }
        await station.StartAgainAsync();
        var journalMax = new Vigie.Receiver.Journal.JournalQuery(station.Receiver.DatabasePath).List().Max(s => s.Id);
        await EngineUnderTest.Until(() => Task.FromResult(station.Feed.Cursor >= journalMax), "journal read again");

        Assert.Equal(before, (await station.SiteAsync("ID-2")).Version);
        Assert.Single(await station.Desk.IncidentsAsync(openOnly: false));
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public async Task A_message_left_unsent_by_a_crash_is_sent_at_the_next_start_and_then_leaves_the_outbox()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.StopAsync();
        // As a crash leaves it: the event and its outbox entry committed, the email never sent.
        await using (var log = EventLog.Open(new EventLogOptions { DatabasePath = station.Engine.EventLogPath! }))
        {
            await log.AppendAsync("outbox", 0, [], [Vigie.Station.Engine.Outbox.Entry("incident-X-0001/7/email",
                new Vigie.Station.Engine.OutboxMessage("email", ["camille@example.org"], "Vigie: Intrusion alert", "acknowledged by Neighbour"))]);
        }
        await station.StartAgainAsync();

        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Any(m => m.Subject == "Vigie: Intrusion alert")), "the email sent at start");
        await station.StopAsync();
        await using (var log = EventLog.OpenReadOnly(station.Engine.EventLogPath!))
        {
            Assert.Empty(await log.ListDocumentsAsync("outbox"));
        }
        await station.StartAgainAsync();
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    public async Task A_30_s_window_across_the_October_change_in_Europe_Paris_is_30_elapsed_seconds()
    {
        // 2026-10-25 01:00 UTC: Paris goes from 02:59:59 CEST back to 02:00:00 CET.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 25, 0, 59, 45, TimeSpan.Zero));
        await using var station = await EngineUnderTest.StartAsync(time: time);
        await station.ProvisionAsync(Sites.Of("DST-1", "3005", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("3005");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(29));
        Assert.Empty(await station.Desk.IncidentsAsync(openOnly: false));
        station.Advance(Duration.FromSeconds(3));
        var incident = await station.IncidentAsync("DST-1-0001");
        Assert.Equal(Duration.FromSeconds(32), incident.Summary.OpenedAt - incident.Brief.AlertAt);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public async Task A_PROTECT_plus_period_across_the_March_change_ends_24_elapsed_hours_later()
    {
        // Booked at 20:00 Paris (CET) on 2026-03-28; clocks go forward that night: it ends at 21:00 CEST.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 19, 0, 0, TimeSpan.Zero));
        await using var station = await EngineUnderTest.StartAsync(time: time);
        await station.ProvisionAsync(Sites.Of("DST-2", "3006", OfferCode.ALaCarte));
        var booked = await station.Desk.SiteCommandAsync(new Vigie.Domain.Sites.BookProtectPlus(station.Now, 1, Vigie.Domain.Actor.Subscriber("s"), station.Now), "DST-2");
        Assert.True(booked.Accepted, booked.Refusal?.Detail);

        station.Advance(Duration.FromHours(23) + Duration.FromMinutes(59));
        await EngineUnderTest.Until(async () => (await station.SiteAsync("DST-2")).ProtectPlus.Single().Started, "period started");
        Assert.True((await station.SiteAsync("DST-2")).InProtectPlus);
        station.Advance(Duration.FromMinutes(1));
        await EngineUnderTest.Until(async () => (await station.SiteAsync("DST-2")).ProtectPlus.Single().Ended, "period ended");
        var end = (await station.SiteAsync("DST-2")).ProtectPlus.Single().End;
        var paris = end.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]);
        Assert.Equal(new LocalDateTime(2026, 3, 29, 21, 0), paris.LocalDateTime);
    }
}
