using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The subscriber's app over /api/v1: each incident's outcome of their own site, and contacts abroad.</summary>
[Collection(HeavyTests.Name)]
public sealed class PortalOutcomeApiTests
{
    private const string Site = "WEB-P1";

    [Fact]
    [Trait("Rule", "INS-3")]
    [Trait("Rule", "CON-2")]
    public async Task The_app_reads_its_own_sites_incident_outcome_in_French_and_saves_a_contact_abroad_but_refuses_a_bad_number_naming_it()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4101", OfferCode.ToutInclus, speaker: true));
        await console.Station.ProvisionAsync(Sites.Of("WEB-P2", "4102", OfferCode.ToutInclus, speaker: true));
        await console.AddSubscriberAsync("camille@example.fr", "SUB-" + Site);
        await console.AddSubscriberAsync("autre@example.fr", "SUB-WEB-P2");
        using var owner = await console.BearerAsync("camille@example.fr");
        using var other = await console.BearerAsync("autre@example.fr");
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        // CON-2: a relative abroad is accepted in E.164; garbage is refused with its code and field, and nothing changes.
        var instructions = """
            { "subscriberPhones": ["06 39 98 10 01"], "contacts": [{ "name": "Voisine", "phone": "06 39 98 20 01" }, { "name": "Emma (Londres)", "phone": "%PHONE%" }] }
            """;
        using (var saved = await owner.PutAsync($"/api/v1/sites/{Site}/instructions", Json(instructions.Replace("%PHONE%", "+44 20 7946 0958", StringComparison.Ordinal))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        using (var bad = await owner.PutAsync($"/api/v1/sites/{Site}/instructions", Json(instructions.Replace("%PHONE%", "+44 12", StringComparison.Ordinal))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("phone.invalid", problem.GetProperty("code").GetString());
            Assert.Equal("contacts[1].phone", problem.GetProperty("field").GetString());
        }
        var contacts = (await console.Station.Services.GetRequiredService<Vigie.Station.Engine.SiteRecords>().StateAsync(Site))!.Definition!.Instructions.Contacts;
        Assert.Equal(PhoneNumber.Parse("+442079460958"), contacts[1].Phone);

        var incidentId = await PortalBrowserTests.HandledBreakInAsync(console);

        var incidents = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}/incidents");
        var incident = Assert.Single(incidents.EnumerateArray());
        var outcome = incident.GetProperty("outcome");
        Assert.Equal(incidentId, outcome.GetProperty("incidentId").GetString());
        Assert.Equal("RealIntrusion", outcome.GetProperty("verdict").GetString());
        Assert.Equal("PV-2026-0412", outcome.GetProperty("policeReference").GetString());
        Assert.Equal("Intrusion réelle confirmée.", incident.GetProperty("verdict").GetString());
        var sentences = incident.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("text").GetString()!.Replace('\u202f', ' ')).ToList();
        Assert.Contains("Nous avons appelé Emma (Londres), sans réponse : un message a été laissé.", sentences);
        Assert.Contains("L'agent de sécurité a constaté des traces d'effraction.", sentences);
        var body = incidents.GetRawText();
        foreach (var hidden in new[] { "note privée", "remarque privée", "porte arrière", "alice", "+44", "+33" })
        {
            Assert.DoesNotContain(hidden, body, StringComparison.Ordinal);
        }

        // Another subscriber's site answers like an unknown one.
        using var foreign = await other.GetAsync($"/api/v1/sites/{Site}/incidents");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var tooMany = await owner.GetAsync($"/api/v1/sites/{Site}/incidents?count=1000");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
