using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Vigie.Domain.Offers;

namespace Vigie.Station.Tests;

/// <summary>The REST endpoints over real HTTP: reading incidents, posting steps, and problem details for bad input.</summary>
public sealed class ApiTests
{
    private static async Task<(EngineUnderTest Station, HttpClient Http)> StartWithIncident()
    {
        var station = await EngineUnderTest.StartAsync(http: true);
        await station.ProvisionAsync(Sites.Of("API-1", "5001", OfferCode.ToutInclus, speaker: true));
        await using (var panel = station.Panel("5001"))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA002");
        }
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync("API-1-0001");
        return (station, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") });
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    [Trait("Rule", "ALR-10")]
    public async Task ALR_10_call_police_without_verification_is_a_409_with_the_reason_and_stays_in_the_timeline()
    {
        var (station, http) = await StartWithIncident();
        await using var _ = station;
        using var __ = http;

        using var taken = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/take", new { by = "operator:alice" });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        using var refused = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/commands", new { type = "CallPolice", notes = "", by = "operator:alice" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("no verification yet", (await Problem(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var detail = JsonDocument.Parse(await http.GetStringAsync("/api/v1/incidents/API-1-0001")).RootElement;
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "CommandRefused" && e.GetProperty("actor").GetString() == "operator:alice");
        Assert.True(detail.GetProperty("chain").GetProperty("isIntact").GetBoolean());
        var police = detail.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("command").GetString() == "call-police");
        Assert.False(police.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Steps_posted_as_JSON_run_the_procedure_and_the_code_is_checked_without_being_stored()
    {
        var (station, http) = await StartWithIncident();
        await using var _ = station;
        using var __ = http;

        using var taken = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/take", new { });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        using var interpellated = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/commands", new { type = "Interpellate", answered = true });
        Assert.Equal(HttpStatusCode.OK, interpellated.StatusCode);
        using var code = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/commands", new { type = "CheckCode", code = "1234" });
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);

        var incidents = await http.GetStringAsync("/api/v1/incidents?all=true");
        Assert.Contains("\"status\":\"Closed\"", incidents, StringComparison.Ordinal);
        var timeline = await http.GetStringAsync("/api/v1/incidents/API-1-0001");
        Assert.Contains("code check: right", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_naming_the_field_and_change_nothing()
    {
        var (station, http) = await StartWithIncident();
        await using var _ = station;
        using var __ = http;
        var before = (await station.IncidentAsync("API-1-0001")).Timeline.Count;

        using var noType = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/commands", new { notes = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Equal("type", (await Problem(noType)).GetProperty("field").GetString());

        using var missing = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/commands", new { type = "RecordAgentFindings", notes = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("breakIn", (await Problem(missing)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var engineOnly = await http.PostAsJsonAsync("/api/v1/incidents/API-1-0001/commands", new { type = "IncidentTick" });
        Assert.Equal(HttpStatusCode.BadRequest, engineOnly.StatusCode);

        using var unknown = await http.PostAsJsonAsync("/api/v1/incidents/NOPE-0001/commands", new { type = "CallPolice", notes = "" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var badPhone = await http.PutAsJsonAsync("/api/v1/sites/API-1/instructions",
            JsonDocument.Parse("""{ "subscriberPhones": ["+44 20 7946 0000"], "contacts": [], "emails": [], "accessNotes": "" }""").RootElement);
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        Assert.Contains("French", (await Problem(badPhone)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var noContacts = await http.PutAsJsonAsync("/api/v1/sites/API-1/instructions",
            JsonDocument.Parse("""{ "subscriberPhones": [], "contacts": [], "emails": [], "accessNotes": "" }""").RootElement);
        Assert.Equal(HttpStatusCode.BadRequest, noContacts.StatusCode);
        Assert.Equal("instructions", (await Problem(noContacts)).GetProperty("field").GetString());

        Assert.Equal(before, (await station.IncidentAsync("API-1-0001")).Timeline.Count);
        var site = JsonDocument.Parse(await http.GetStringAsync("/api/v1/sites/API-1/history")).RootElement;
        Assert.DoesNotContain(site.EnumerateArray(), e => e.GetProperty("type").GetString() == "InstructionsChanged");
    }
}
