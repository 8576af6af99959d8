using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;

namespace Vigie.Station.Tests;

/// <summary>One alarm, one incident, from DC-09 frames on a real socket to the incident's timeline and the queue.</summary>
public sealed class OneAlarmOneIncidentEndToEndTests
{
    private static readonly Actor Alice = Actor.Operator("alice");

    [Fact]
    [Trait("Rule", "ALR-1")]
    [Trait("Rule", "ALR-2")]
    public async Task A_second_zone_in_the_window_then_a_restore_and_a_tamper_all_reach_the_one_incident_and_the_queue()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("TI-8", "2018", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2018");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        await station.SendAsync(panel, "BA012");
        Assert.Equal(2, (await station.SiteAsync("TI-8")).PendingAlerts.Count);

        station.Advance(Duration.FromSeconds(32));
        const string id = "TI-8-0001";
        var opened = await station.IncidentAsync(id);
        Assert.Equal(2, opened.Brief.Zone);
        Assert.Contains(opened.Timeline, e => e.Type == nameof(SignalAdded) && e.Text.Contains("BA012", StringComparison.Ordinal));

        await station.SendAsync(panel, "BR012");
        await EngineUnderTest.Until(async () => await LastStepAsync(station, id) is { } last && last.Contains("BR012", StringComparison.Ordinal),
            "the restore is the queue's last step");
        await station.SendAsync(panel, "TA001");
        await EngineUnderTest.Until(async () => await LastStepAsync(station, id) is { } last && last.Contains("TA001", StringComparison.Ordinal),
            "the tamper is the queue's last step");

        var incident = await station.IncidentAsync(id);
        var signals = incident.Timeline.Where(e => e.Type == nameof(SignalAdded)).Select(e => e.Text).ToList();
        Assert.Equal(3, signals.Count);
        Assert.Contains("BA012", signals[0], StringComparison.Ordinal);
        Assert.Contains("BR012", signals[1], StringComparison.Ordinal);
        Assert.Contains("TA001", signals[2], StringComparison.Ordinal);
        Assert.Single(await station.Desk.IncidentsAsync(openOnly: true), i => i.SiteId == "TI-8");
        Assert.Single((await station.SiteAsync("TI-8")).OpenIncidents);
        Assert.True(incident.Chain.IsIntact);

        // And the incident is handled only by who took it: the console's steps wait for the take.
        var before = await station.Desk.IncidentCommandAsync(id, new Interpellate(true, Alice, station.Now));
        Assert.Equal(RefusalCodes.IncidentTakeFirst, before.Refusal?.Code);
        Assert.True((await station.Desk.IncidentCommandAsync(id, new TakeIncident(Alice, station.Now))).Accepted);
        Assert.True((await station.Desk.IncidentCommandAsync(id, new Interpellate(true, Alice, station.Now))).Accepted);
    }

    private static async Task<string?> LastStepAsync(EngineUnderTest station, string id) =>
        (await station.Desk.IncidentsAsync(openOnly: true)).FirstOrDefault(i => i.IncidentId == id)?.LastStep;
}
