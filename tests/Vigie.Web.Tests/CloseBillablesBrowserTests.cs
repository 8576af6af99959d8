using Microsoft.Playwright;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>What an incident bills, listed before it is closed, in the operator's French (a browser against the whole station).</summary>
[Collection(HeavyTests.Name)]
public sealed class CloseBillablesBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-B1";

    [Fact]
    [Trait("Rule", "ALR-11")]
    public async Task The_billables_before_closing_name_the_guarding_advanced_in_French()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4011", OfferCode.ToutInclus, speaker: true));
        await using (var panel = console.Station.Panel("4011"))
        {
            await console.Station.SendAsync(panel, "CL001");
            await console.Station.SendAsync(panel, "BA002");
        }
        console.Station.Advance(Duration.FromSeconds(32));
        const string id = Site + "-0001";
        await console.Station.IncidentAsync(id);

        // A break-in nobody takes charge of: the station advances the guarding (ALR-11), a charge on the incident.
        var alice = Actor.Operator("alice");
        var agent = new Actor(ActorKind.Agent, "agent-7");
        IncidentCommand[] steps =
        [
            new TakeIncident(alice, console.Station.Now),
            new Interpellate(Answered: false, alice, console.Station.Now),
            new CallPerson(Sites.Subscriber, CallOutcome.VoicemailLeft, null, alice, console.Station.Now),
            new CallPerson(Sites.Neighbour, CallOutcome.VoicemailLeft, null, alice, console.Station.Now),
            new CallPerson(Sites.Sister, CallOutcome.NoAnswer, null, alice, console.Station.Now),
            new DispatchAgent(alice, console.Station.Now),
            new RecordAgentFindings(BreakIn: true, "porte arrière fracturée", agent, console.Station.Now),
            new CallPolice("patrouille en route", alice, console.Station.Now),
            new InformOfBreakIn(Sites.Subscriber, CallOutcome.VoicemailLeft, null, alice, console.Station.Now),
            new InformOfBreakIn(Sites.Neighbour, CallOutcome.NoAnswer, null, alice, console.Station.Now),
            new InformOfBreakIn(Sites.Sister, CallOutcome.VoicemailLeft, null, alice, console.Station.Now),
            new OrganiseGuarding("Gardiennage Rhône", alice, console.Station.Now),
            new RecordGuardingExpense(900m, "R-2026-117", alice, console.Station.Now),
        ];
        foreach (var step in steps)
        {
            var done = await console.Station.Desk.IncidentCommandAsync(id, step);
            Assert.True(done.Accepted, $"{step.Name}: {done.Refusal?.Detail}");
        }

        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");
        await page.GotoAsync($"/console/incidents/{id}");
        var billables = page.Locator("#billables");
        await billables.WaitForAsync(new LocatorWaitForOptions { Timeout = Chromium.FirstPageTimeout });
        await Assertions.Expect(billables).ToContainTextAsync("gardiennage avancé (R-2026-117)", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        var text = (await billables.TextContentAsync())!;
        Assert.DoesNotContain("guarding", text, StringComparison.Ordinal);
        Assert.Empty(EnglishSteps.In(text));
    }
}
