using System.Text.Json;
using Microsoft.Playwright;
using NodaTime;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The console in a real browser (Debian's headless Chromium) against the whole station.</summary>
[Collection(HeavyTests.Name)]
public sealed class ConsoleBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-1";

    private static async Task<ConsoleUnderTest> StationWithIntrusionSiteAsync()
    {
        var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4001", OfferCode.ToutInclus, speaker: true));
        return console;
    }

    /// <summary>A burglary on an armed site, over DC-09; past the 30-s window it is an operator's incident.</summary>
    private static async Task RaiseIntrusionAsync(ConsoleUnderTest console)
    {
        await using var panel = console.Station.Panel("4001");
        await console.Station.SendAsync(panel, "CL001");
        await console.Station.SendAsync(panel, "BA002");
        console.Station.Advance(Duration.FromSeconds(32));
        await console.Station.IncidentAsync(Site + "-0001");
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    [Trait("Rule", "CON-6")]
    public async Task An_intrusion_is_handled_from_the_queue_to_the_report_keyboard_first_in_French()
    {
        await using var console = await StationWithIntrusionSiteAsync();
        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");
        Assert.Equal("Aucune alarme en attente.", (await page.TextContentAsync("#queue-empty"))?.Trim());

        // The alarm arrives while the queue is open: it appears without reload, and is announced by sound.
        await RaiseIntrusionAsync(console);
        var row = page.Locator($"tr[data-incident='{Site}-0001']");
        await row.WaitForAsync();
        Assert.Contains("Intrusion", await row.TextContentAsync());
        await Expect(row, "non pris");
        await page.WaitForFunctionAsync("() => (window.vigie.beeps || 0) >= 1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("console-queue.png"), FullPage = true });

        // Keyboard: the queue has the focus, the most urgent row is selected; T takes it and opens it.
        await page.FocusAsync("#queue");
        await page.Keyboard.PressAsync("t");
        await page.WaitForURLAsync($"**/console/incidents/{Site}-0001");
        await Expect(page.Locator("#handler"), "pris par alice");

        // Police is not possible yet, and the console says why (ALR-10).
        var police = page.Locator("button[data-action='call-police']");
        Assert.True(await police.IsDisabledAsync());
        Assert.Contains("levée de doute", await page.TextContentAsync("[data-reason='call-police']"));

        // Interpellation answered, then the person gives a wrong code (typed, never shown: CON-6).
        await page.Keyboard.PressAsync("i");
        await Expect(page.Locator("#incident-message"), "Interpellation enregistrée.");
        await page.Keyboard.PressAsync("c");
        await page.Keyboard.TypeAsync("0000");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#code-result"), "Code faux");
        Assert.DoesNotContain("1234", await page.ContentAsync());

        // The subscriber does not answer: while a contact may still decide, no agent yet (ALR-9), and the console says so.
        await page.ClickAsync("button[data-action='call-person-NoAnswer']");
        await Expect(page.Locator("#call-order li:nth-child(1)"), "Pas de réponse");
        Assert.True(await page.Locator("button[data-action='dispatch-agent']").IsDisabledAsync());
        Assert.Contains("peut encore être joint", await page.TextContentAsync("[data-reason='dispatch-agent']"));
        // The next contacts are offered in the instructions' order.
        await page.ClickAsync("button[data-action='call-person-NoAnswer']");
        await Expect(page.Locator("#call-order li:nth-child(2)"), "Pas de réponse");
        await page.ClickAsync("button[data-action='call-person-VoicemailLeft']");
        await Expect(page.Locator("#call-order li:nth-child(3)"), "Message laissé");
        await page.Keyboard.PressAsync("d");
        await Expect(page.Locator("#incident-message"), "Agent envoyé.");
        await page.FillAsync("#findings-notes", "Porte arrière fracturée");
        await page.ClickAsync("button[data-action='break-in-found']");
        await Expect(page.Locator("#incident-message"), "Constat de l'agent enregistré.");

        // Now, and only now, police can be called.
        Assert.False(await police.IsDisabledAsync());
        await page.FillAsync("#police-notes", "Effraction constatée par l'agent");
        await police.ClickAsync();
        await Expect(page.Locator("#incident-message"), "Appel des forces de l'ordre enregistré.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("console-incident.png"), FullPage = true });

        // Closing needs a classification, and a note for a real intrusion.
        await page.SelectOptionAsync("#close-classification", "RealIntrusion");
        await page.FillAsync("#close-note", "Cambriolage, porte arrière");
        if (await page.Locator("#confirm-billables").CountAsync() > 0)
        {
            await page.CheckAsync("#confirm-billables");
        }
        await page.ClickAsync("button[data-action='close']");
        await Expect(page.Locator("#incident-status"), "clôturé");

        // The timeline, updated live, tells every step in French: no word of the English step texts (read from their resources).
        await Expect(page.Locator("#timeline"), "clôturé");
        var timeline = (await page.TextContentAsync("#timeline"))!;
        Assert.NotEmpty(Station.Tests.EnglishSteps.Words);
        Assert.Empty(Station.Tests.EnglishSteps.In(timeline));
        foreach (var step in new[] { "pris en charge par alice", "interpellation", "faux", "Pas de réponse", "agent de sécurité envoyé", "forces de l'ordre appelées", "Intrusion réelle" })
        {
            Assert.Contains(step, timeline, StringComparison.Ordinal);
        }

        // The exported report shows every step, with the chain verified.
        var report = await page.APIRequest.GetAsync($"/console/api/incidents/{Site}-0001/report.json");
        Assert.Equal(200, report.Status);
        var json = await report.TextAsync();
        using var document = JsonDocument.Parse(json);
        var texts = string.Join("\n", document.RootElement.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        foreach (var step in new[] { "pris en charge par", "interpellation", "faux", "Pas de réponse", "agent", "effraction", "forces de l'ordre", "clôturé" })
        {
            Assert.Contains(step, texts, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(document.RootElement.GetProperty("chain").GetProperty("isIntact").GetBoolean());
        Assert.True(Station.Reports.IncidentReportJson.Verify(await report.BodyAsync()).IsValid);
        var pdf = await page.APIRequest.GetAsync($"/console/api/incidents/{Site}-0001/report.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]));
        // The PDF in the console's language, read by pdftotext: French steps, no English step word.
        var pdfText = Station.Tests.EnglishSteps.PdfText(await pdf.BodyAsync());
        Assert.Empty(Station.Tests.EnglishSteps.In(pdfText));
        Assert.Contains("forces de l'ordre appelées", System.Text.RegularExpressions.Regex.Replace(pdfText, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_operators_race_for_one_incident_and_only_one_gets_it()
    {
        await using var console = await StationWithIntrusionSiteAsync();
        var alice = await chromium.PageAsync(console.BaseUrl);
        var bruno = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(alice, "alice");
        await Chromium.LoginAsync(bruno, "bruno");
        await RaiseIntrusionAsync(console);
        var take = $"tr[data-incident='{Site}-0001'] button[data-action='take']";
        await alice.WaitForSelectorAsync(take);
        await bruno.WaitForSelectorAsync(take);

        // Both press at once (a click from each browser, not waiting for the other's page to change).
        var click = $"() => {{ const b = document.querySelector(\"{take}\"); if (b) {{ b.click(); }} return !!b; }}";
        await Task.WhenAll(alice.EvaluateAsync<bool>(click), bruno.EvaluateAsync<bool>(click));

        string? winner = null;
        await EngineUnderTest.Until(async () => (winner = (await console.Station.IncidentAsync(Site + "-0001")).State.HandledBy) is not null, "someone took it");
        Assert.Contains(winner, new[] { "alice", "bruno" });
        var (winnerPage, loserPage) = winner == "alice" ? (alice, bruno) : (bruno, alice);
        _ = winnerPage; // the winner's own screen is proven by the intrusion test; under load its navigation timing varies
        await Expect(loserPage.Locator($"tr[data-incident='{Site}-0001']"), $"pris par {winner}");
        Assert.Equal(0, await loserPage.Locator(take).CountAsync());

        // On the incident screen, the other operator sees the procedure but cannot act on it.
        await loserPage.GotoAsync($"/console/incidents/{Site}-0001");
        await loserPage.WaitForSelectorAsync("#actions");
        Assert.True(await loserPage.Locator("button[data-action='interpellate-answered']").IsDisabledAsync());
        Assert.Contains($"pris par {winner}", await loserPage.TextContentAsync("[data-reason='interpellate']"));
        Assert.True(await loserPage.Locator("button[data-action='take']").IsDisabledAsync());
        Assert.Contains($"pris par {winner}", await loserPage.TextContentAsync("[data-reason='take']"));
        // And the station refused whatever the other one tried: the incident has had one holder only.
        var taken = (await console.Station.IncidentAsync(Site + "-0001")).Timeline.Count(e => e.Type == "IncidentTaken");
        Assert.Equal(1, taken);
    }

    [Fact]
    public async Task The_console_speaks_English_when_chosen()
    {
        await using var console = await StationWithIntrusionSiteAsync();
        var page = await chromium.PageAsync(console.BaseUrl);
        await page.GotoAsync("/account/language/en-GB?returnUrl=/account/login");
        Assert.Equal("Sign in", (await page.TextContentAsync("h1"))?.Trim());
        await Chromium.LoginAsync(page, "alice");
        Assert.Equal("No alarm waiting.", (await page.TextContentAsync("#queue-empty"))?.Trim());
    }

    /// <summary>Waits until the element's text contains <paramref name="text"/> (the circuit updates the page asynchronously).</summary>
    private static async Task Expect(ILocator locator, string text)
    {
        await locator.WaitForAsync();
        await Assertions.Expect(locator).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
