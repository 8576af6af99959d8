using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>
/// The member's language holds across live updates: notices come from the engine's threads, and the pages they
/// re-render must still speak the member's language, with French dates.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class ConsoleCultureTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-FR";
    private const string Incident = Site + "-0001";

    /// <summary>3 December 2026, 05:05 in Paris: a date whose numeric forms (12/03, 03/12) are ambiguous.</summary>
    private static readonly DateTimeOffset ThirdOfDecember = new(2026, 12, 3, 4, 5, 0, TimeSpan.Zero);

    /// <summary>
    /// Every text the page showed from now on, even for an instant (a render later replaced by another); the steps'
    /// own texts (timeline, the queue's last step, the arming history) are another part's and left out.
    /// </summary>
    private static Task WatchTextsAsync(IPage page) => page.EvaluateAsync("""
        () => {
            const text = () => {
                const copy = document.querySelector('main').cloneNode(true);
                copy.querySelectorAll('#timeline tbody, #queue tbody td:nth-child(5), details ul').forEach(e => e.remove());
                return copy.textContent;
            };
            window.seenTexts = [text()];
            if (window.textWatch) { window.textWatch.disconnect(); }
            window.textWatch = new MutationObserver(() => window.seenTexts.push(text()));
            window.textWatch.observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """);

    private static async Task<string> SeenTextsAsync(IPage page) =>
        string.Join("\n", await page.EvaluateAsync<string[]>("() => window.seenTexts"));

    private static void NoEnglish(string seen, params string[] english)
    {
        foreach (var word in english)
        {
            Assert.DoesNotContain(word, seen, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_French_console_stays_French_with_French_dates_after_live_updates()
    {
        await using var console = await ConsoleUnderTest.StartAsync(time: new FakeTimeProvider(ThirdOfDecember));
        await console.Station.ProvisionAsync(Sites.Of(Site, "4101", OfferCode.ToutInclus, speaker: true));
        var alice = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(alice, "alice");
        await WatchTextsAsync(alice);

        // An alarm raised once the queue is live reaches it by the engine's notice.
        await using (var panel = console.Station.Panel("4101"))
        {
            await console.Station.SendAsync(panel, "CL001");
            await console.Station.SendAsync(panel, "BA002");
        }
        console.Station.Advance(Duration.FromSeconds(32));
        await console.Station.IncidentAsync(Incident);
        var row = alice.Locator($"tr[data-incident='{Incident}']");
        await row.WaitForAsync();
        await Expect(row, "non pris");
        await Expect(alice.Locator("#queue thead"), "Priorité");
        NoEnglish(await SeenTextsAsync(alice), "Priority", "not taken");

        // The incident screen, then a step made elsewhere (another operator takes it): re-rendered by the notice.
        await row.Locator("a").ClickAsync();
        await alice.WaitForURLAsync($"**/console/incidents/{Incident}");
        await Expect(alice.Locator("#actions-title"), "Actions possibles");
        await WatchTextsAsync(alice);
        var taken = await console.Station.Desk.IncidentCommandAsync(Incident, new TakeIncident(Actor.Operator("bruno"), console.Station.Now));
        Assert.True(taken.Accepted, taken.Refusal?.Detail);
        await Expect(alice.Locator("#handler"), "pris par bruno");
        Assert.Equal("Actions possibles", (await alice.TextContentAsync("#actions-title"))?.Trim());
        var header = await alice.TextContentAsync("#incident-status >> xpath=..");
        Assert.Contains("alerte à 3 déc. 2026 05:05", header);
        NoEnglish(await SeenTextsAsync(alice), "What to do now", "taken by", "alert at", "12/03/2026", "Timeline");

        // The supervisor's view follows the queue live, in French.
        var claire = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(claire, "claire", ConsoleUnderTest.SupervisorKey);
        await claire.GotoAsync("/console/supervisor");
        await claire.WaitForSelectorAsync("main[data-live=on]", new PageWaitForSelectorOptions { Timeout = Chromium.FirstPageTimeout });
        await Expect(claire.Locator("#queue-depth"), "non prises");
        await WatchTextsAsync(claire);
        var released = await console.Station.Desk.IncidentCommandAsync(Incident, new ReleaseIncident(Actor.Operator("bruno"), console.Station.Now));
        Assert.True(released.Accepted, released.Refusal?.Detail);
        await Expect(claire.Locator("#queue-depth"), "1 non prises");
        await Expect(claire.Locator("#audit"), "déc. 2026");
        NoEnglish(await SeenTextsAsync(claire), "Queue now", "not taken", "Operators", "12/03/2026");
    }

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.WaitForAsync();
        await Assertions.Expect(locator).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
