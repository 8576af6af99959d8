using Microsoft.Playwright;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The queue's search, filters and mute in a real browser, with alarms arriving live.</summary>
[Collection(HeavyTests.Name)]
public sealed class QueueBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    /// <summary>Five sites, each told apart by its id, its subscriber and its panel account (the last two stay quiet until a test raises one).</summary>
    private static async Task<ConsoleUnderTest> StationAsync()
    {
        var console = await ConsoleUnderTest.StartAsync();
        foreach (var (site, account, subscriber) in new[]
        {
            ("NORD-1", "5001", "Hélène Dupré"), ("SUD-2", "5002", "Marc Lefèvre"), ("EST-3", "5003", "Jean Martin"),
            ("OUEST-4", "5004", "Anaïs Roux"), ("CENTRE-5", "5005", "Paul Girard"),
        })
        {
            await console.Station.ProvisionAsync(Sites.Of(site, account, OfferCode.ToutInclus, speaker: true) with
            {
                Subscriber = new Subscriber("SUB-" + site, subscriber, SubscriberKind.Private),
            });
        }
        return console;
    }

    /// <summary>An intrusion at NORD-1 (after its window), a smoke alarm at SUD-2, a panic at EST-3: three open incidents.</summary>
    private static async Task RaiseThreeAsync(ConsoleUnderTest console)
    {
        await using (var nord = console.Station.Panel("5001"))
        {
            await console.Station.SendAsync(nord, "CL001");
            await console.Station.SendAsync(nord, "BA002");
        }
        console.Station.Advance(Duration.FromSeconds(32));
        await console.Station.IncidentAsync("NORD-1-0001");
        await SendAsync(console, "5002", "FA004");
        await console.Station.IncidentAsync("SUD-2-0001");
        await SendAsync(console, "5003", "PA001");
        await console.Station.IncidentAsync("EST-3-0001");
    }

    private static async Task SendAsync(ConsoleUnderTest console, string account, string @event)
    {
        await using var panel = console.Station.Panel(account);
        await console.Station.SendAsync(panel, @event);
    }

    private static async Task TakeAsync(ConsoleUnderTest console, string incidentId, string login)
    {
        var taken = await console.Station.Desk.IncidentCommandAsync(incidentId, new TakeIncident(Actor.Operator(login), console.Station.Now));
        Assert.True(taken.Accepted, taken.Refusal?.Detail);
    }

    [Fact]
    public async Task Search_narrows_the_queue_by_site_subscriber_panel_account_or_incident_ignoring_case_and_accents()
    {
        await using var console = await StationAsync();
        await RaiseThreeAsync(console);
        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");
        await Rows(page, "NORD-1-0001", "SUD-2-0001", "EST-3-0001");

        // Site id, in lower case.
        await page.FillAsync("#queue-search", "sud-2");
        await Rows(page, "SUD-2-0001");
        // Subscriber, without accents or capitals, each word matching.
        await page.FillAsync("#queue-search", "helene dupre");
        await Rows(page, "NORD-1-0001");
        // Panel account: on none of the rows, only on the site.
        await page.FillAsync("#queue-search", "5003");
        await Rows(page, "EST-3-0001");
        // Incident id.
        await page.FillAsync("#queue-search", "SUD-2-0001");
        await Rows(page, "SUD-2-0001");
        // Nothing matches: said so, the open count unchanged and the hidden ones counted.
        await page.FillAsync("#queue-search", "Lefèvre Martin");
        await Expect(page.Locator("#queue-none-match"), "Aucune alarme ne correspond");
        await Expect(page.Locator("#queue-count"), "3");
        await Expect(page.Locator("#queue-hidden"), "3");
        await page.FillAsync("#queue-search", "");
        await Rows(page, "NORD-1-0001", "SUD-2-0001", "EST-3-0001");
        Assert.Equal(0, await page.Locator("#queue-hidden").CountAsync());
    }

    [Fact]
    public async Task Filters_by_type_state_and_mine_hold_while_alarms_arrive_and_columns_keep_their_widths()
    {
        await using var console = await StationAsync();
        await RaiseThreeAsync(console);
        await TakeAsync(console, "NORD-1-0001", "alice");
        await TakeAsync(console, "SUD-2-0001", "bruno");
        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");
        await Rows(page, "EST-3-0001", "NORD-1-0001", "SUD-2-0001");

        await page.SelectOptionAsync("#queue-state", "Waiting");
        await Rows(page, "EST-3-0001");
        await page.SelectOptionAsync("#queue-state", "Taken");
        await Rows(page, "NORD-1-0001", "SUD-2-0001");
        await page.SelectOptionAsync("#queue-state", "Open");
        await page.CheckAsync("#queue-mine");
        await Rows(page, "NORD-1-0001");
        await page.UncheckAsync("#queue-mine");
        await page.SelectOptionAsync("#queue-kind", "Smoke");
        await Rows(page, "SUD-2-0001");

        // A new alarm of another type does not appear, yet it is counted and still beeps (a filter never hides an alarm's arrival).
        await SendAsync(console, "5004", "PA001");
        await console.Station.IncidentAsync("OUEST-4-0001");
        await Expect(page.Locator("#queue-count"), "4");
        await page.WaitForFunctionAsync("() => (window.vigie.beeps || 0) >= 1");
        await Expect(page.Locator("#queue-hidden"), "3");
        await Rows(page, "SUD-2-0001");
        // One of the type filtered on appears.
        await SendAsync(console, "5005", "FA004");
        await console.Station.IncidentAsync("CENTRE-5-0001");
        await Rows(page, "SUD-2-0001", "CENTRE-5-0001");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("console-queue-filtered.png"), FullPage = true });

        // Every open incident again; the columns' widths are fixed, so a live update with other texts does not move them.
        await page.SelectOptionAsync("#queue-kind", "");
        await Rows(page, "OUEST-4-0001", "EST-3-0001", "SUD-2-0001", "CENTRE-5-0001", "NORD-1-0001");
        Assert.Equal("fixed", await page.EvalOnSelectorAsync<string>("#queue-table", "t => getComputedStyle(t).tableLayout"));
        var before = await ColumnWidthsAsync(page);
        await TakeAsync(console, "EST-3-0001", "alice");
        await Expect(page.Locator("tr[data-incident='EST-3-0001']"), "pris par alice");
        Assert.Equal(before, await ColumnWidthsAsync(page));
    }

    [Fact]
    public async Task Muting_the_beep_shows_its_state_is_kept_after_a_reload_and_a_new_alarm_then_shows_without_sound()
    {
        await using var console = await StationAsync();
        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");
        var mute = page.Locator("#queue-mute");
        await Assertions.Expect(mute).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator("#queue-sound"), "Bip actif");

        await mute.ClickAsync();
        await Assertions.Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#queue-sound"), "Bip coupé");

        // Kept for this member across a reload of the page.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-live=on]", new PageWaitForSelectorOptions { Timeout = Chromium.FirstPageTimeout });
        await Assertions.Expect(page.Locator("#queue-mute")).ToHaveAttributeAsync("aria-pressed", "true", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        await Expect(page.Locator("#queue-sound"), "Bip coupé");

        // A new alarm shows, and the sound it would have made is skipped.
        await SendAsync(console, "5003", "PA001");
        await page.Locator("tr[data-incident='EST-3-0001']").WaitForAsync();
        await page.WaitForFunctionAsync("() => (window.vigie.silenced || 0) >= 1");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.vigie.beeps || 0"));

        // Sound back on: the next alarm beeps.
        await page.ClickAsync("#queue-mute");
        await Assertions.Expect(page.Locator("#queue-mute")).ToHaveAttributeAsync("aria-pressed", "false");
        await SendAsync(console, "5002", "FA004");
        await page.Locator("tr[data-incident='SUD-2-0001']").WaitForAsync();
        await page.WaitForFunctionAsync("() => (window.vigie.beeps || 0) >= 1");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.vigie.silenced || 0"));
    }

    /// <summary>Waits until the queue shows exactly these incidents (in any order).</summary>
    private static async Task Rows(IPage page, params string[] incidentIds)
    {
        var rows = page.Locator("#queue tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(incidentIds.Length, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        foreach (var id in incidentIds)
        {
            await Assertions.Expect(page.Locator($"#queue tbody tr[data-incident='{id}']")).ToHaveCountAsync(1);
        }
    }

    private static Task<double[]> ColumnWidthsAsync(IPage page) =>
        page.EvalOnSelectorAsync<double[]>("#queue-table", "t => [...t.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().width)");

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.WaitForAsync();
        await Assertions.Expect(locator).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
