using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;

namespace Vigie.Station.Tests;

/// <summary>The operators' console through real grains and the fake clock: one holder per incident, escalation, REST.</summary>
public sealed class HandlingTests
{
    private static async Task<EngineUnderTest> StartWithIncident(string siteId, string account, bool http = false)
    {
        var station = await EngineUnderTest.StartAsync(http: http);
        await station.ProvisionAsync(Sites.Of(siteId, account, OfferCode.ToutInclus, speaker: true));
        await using (var panel = station.Panel(account))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA002");
        }
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync($"{siteId}-0001");
        return station;
    }

    [Fact]
    public async Task Two_operators_taking_at_once_one_gets_it_and_the_other_is_told_who()
    {
        await using var station = await StartWithIncident("HD-1", "6001");
        const string id = "HD-1-0001";

        var results = await Task.WhenAll(
            station.Desk.IncidentCommandAsync(id, new TakeIncident(Actor.Operator("alice"), station.Now)),
            station.Desk.IncidentCommandAsync(id, new TakeIncident(Actor.Operator("bob"), station.Now)));

        var accepted = Assert.Single(results, r => r.Accepted);
        var refused = Assert.Single(results, r => !r.Accepted);
        var holder = results[0].Accepted ? "alice" : "bob";
        Assert.Equal($"taken by {holder}", refused.Refusal?.Detail);
        var detail = await station.IncidentAsync(id);
        Assert.Equal(holder, detail.Summary.HandledBy);
        Assert.Single(await station.Desk.IncidentsAsync(openOnly: true), i => i.HandledBy == holder && i.FirstTakenAt is not null);
        Assert.Equal(1, accepted.Events);

        var other = Actor.Operator(holder == "alice" ? "bob" : "alice");
        var asOther = await station.Desk.IncidentAsync(id, other);
        Assert.All(asOther!.Actions.Where(a => a.Command is not ("take" or "release" or "transfer")), a => Assert.Equal($"taken by {holder}", a.Reason?.Detail));
        var asHolder = await station.Desk.IncidentAsync(id, Actor.Operator(holder));
        Assert.True(asHolder!.Actions.Single(a => a.Command == "release").Allowed);
        Assert.True(asHolder.Actions.Single(a => a.Command == "interpellate").Allowed);
    }

    [Fact]
    public async Task An_untaken_incident_escalates_after_the_configured_delay_and_the_console_is_told()
    {
        await using var station = await StartWithIncident("HD-2", "6002");
        const string id = "HD-2-0001";
        var opened = (await station.IncidentAsync(id)).Summary.OpenedAt;

        station.Advance(opened + Duration.FromSeconds(60) - station.Now - Duration.FromSeconds(1));
        await Task.Delay(200);
        Assert.Null((await station.IncidentAsync(id)).Summary.EscalatedAt);

        station.Advance(Duration.FromSeconds(1));
        await EngineUnderTest.Until(async () => (await station.IncidentAsync(id)).Summary.EscalatedAt is not null, "the incident escalated");

        var summary = (await station.IncidentAsync(id)).Summary;
        Assert.Equal(opened + Duration.FromSeconds(60), summary.EscalatedAt);
        Assert.Contains(station.IncidentNotices, n => n.IncidentId == id && n.Escalated && n.HandledBy is null && n.LastStep.Key == nameof(IncidentEscalated));
        Assert.Contains((await station.IncidentAsync(id)).Timeline, e => e.Type == nameof(IncidentEscalated) && e.Actor == "clock:clock");

        var report = await station.Desk.HandlingStatisticsAsync(opened - Duration.FromHours(1), opened + Duration.FromHours(1));
        Assert.Equal(new Vigie.Domain.Incidents.QueueDepth(1, 1, 1), report.Queue);
    }

    [Fact]
    public async Task Take_release_transfer_and_statistics_over_REST()
    {
        await using var station = await StartWithIncident("HD-3", "6003", http: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") };
        const string url = "/api/v1/incidents/HD-3-0001";

        using var take = await http.PostAsJsonAsync($"{url}/take", new { by = "operator:alice" });
        Assert.Equal(HttpStatusCode.OK, take.StatusCode);
        using var taken = await http.PostAsJsonAsync($"{url}/take", new { by = "operator:bob" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("taken by alice", JsonDocument.Parse(await taken.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        using var noTarget = await http.PostAsJsonAsync($"{url}/transfer", new { by = "operator:alice" });
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        using var transfer = await http.PostAsJsonAsync($"{url}/transfer", new { to = "bob", by = "operator:alice" });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        using var release = await http.PostAsJsonAsync($"{url}/release", new { by = "operator:bob" });
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);

        var detail = JsonDocument.Parse(await http.GetStringAsync($"{url}?by=operator:carol")).RootElement;
        Assert.True(detail.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("command").GetString() == "take").GetProperty("allowed").GetBoolean());

        using var bad = await http.GetAsync("/api/v1/statistics/handling?from=yesterday&to=2026-11-24T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("from", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        var stats = JsonDocument.Parse(await http.GetStringAsync("/api/v1/statistics/handling?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z")).RootElement;
        Assert.Equal(1, stats.GetProperty("overall").GetProperty("count").GetInt32());
        Assert.Equal(24, stats.GetProperty("hours").GetArrayLength());
    }
}
