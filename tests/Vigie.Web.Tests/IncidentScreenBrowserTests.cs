using Microsoft.Playwright;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The incident screen shows its procedure's own steps, and none is possible before the operator takes it.</summary>
[Collection(HeavyTests.Name)]
public sealed class IncidentScreenBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-7";

    [Fact]
    [Trait("Rule", "ALR-14")]
    public async Task A_smoke_incident_shows_the_domestic_risk_steps_no_intrusion_step_and_waits_for_the_take()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4007", OfferCode.ToutInclus, speaker: true));
        await using (var panel = console.Station.Panel("4007"))
        {
            // Zone 4 is the hall's smoke detector: active whatever the arming mode (SITE-4), an incident at once.
            await console.Station.SendAsync(panel, "FA004");
        }
        const string id = Site + "-0001";
        await console.Station.IncidentAsync(id);
        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");

        await page.GotoAsync($"/console/incidents/{id}");
        await page.Locator("#actions li[data-command='call-person']").WaitForAsync();

        var steps = await page.Locator("#actions li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.command)");
        Assert.Equal(["call-person", "close"], steps);
        foreach (var intrusion in new[] { "interpellate-answered", "listen-aggression", "call-site-Answered", "check-code", "dispatch-agent", "call-police", "organise-guarding" })
        {
            Assert.Equal(0, await page.Locator($"[data-action='{intrusion}']").CountAsync());
        }
        Assert.Equal(0, await page.Locator("#heard-code").CountAsync());

        // Before the take, each step is visibly unavailable, with the reason.
        Assert.True(await page.Locator("button[data-action='call-person-NoAnswer']").IsDisabledAsync());
        Assert.True(await page.Locator("button[data-action='close']").IsDisabledAsync());
        Assert.Contains("prenez-le d’abord", await page.TextContentAsync("[data-reason='call-person']"));
        Assert.Contains("prenez-le d’abord", await page.TextContentAsync("[data-reason='close']"));

        await page.ClickAsync("button[data-action='take']");
        await Expect(page.Locator("#handler"), "pris par alice");
        await Assertions.Expect(page.Locator("button[data-action='call-person-NoAnswer']")).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 60_000 });
        Assert.Equal(0, await page.Locator("[data-reason='close']").CountAsync());
        await page.ClickAsync("button[data-action='call-person-NoAnswer']");
        await Expect(page.Locator("#timeline"), "alice");
    }

    /// <summary>Waits until the element's text contains <paramref name="text"/> (the circuit updates the page asynchronously).</summary>
    private static async Task Expect(ILocator locator, string text)
    {
        await locator.WaitForAsync();
        await Assertions.Expect(locator).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
