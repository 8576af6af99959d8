using Microsoft.Playwright;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The subscribers' portal in a real browser (Debian's headless Chromium) against the whole station and its simulated panel.</summary>
[Collection(HeavyTests.Name)]
public sealed class PortalBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-P1";
    private const string Email = "camille.martin@example.fr";

    private static async Task<ConsoleUnderTest> StationWithSubscriberAsync()
    {
        var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4101", OfferCode.ToutInclus, speaker: true));
        await console.AddSubscriberAsync(Email, "SUB-" + Site);
        return console;
    }

    private static async Task LoginAsync(IPage page, string email)
    {
        await page.GotoAsync("/portal");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#login", email);
        await page.FillAsync("#password", ConsoleUnderTest.Password);
        await page.ClickAsync("button[type=submit]");
        // The first sign-in of a fresh station builds its pages and circuit: the slowest step on a loaded machine.
        await page.WaitForURLAsync("**/portal", new PageWaitForURLOptions { Timeout = Chromium.FirstPageTimeout });
        await Live(page);
    }

    [Fact]
    [Trait("Rule", "RC-1")]
    [Trait("Rule", "RC-2")]
    [Trait("Rule", "RC-3")]
    [Trait("Rule", "CON-2")]
    [Trait("Rule", "RC-4")]
    public async Task A_subscriber_arms_partial_edits_contacts_and_hands_out_then_revokes_a_virtual_remote()
    {
        await using var console = await StationWithSubscriberAsync();
        var page = await chromium.PageAsync(console.BaseUrl, viewport: (390, 844));
        await LoginAsync(page, Email);

        // RC-4: the personal space lists the subscriber's site.
        await page.ClickAsync($"[data-site='{Site}'] a");
        await page.WaitForURLAsync($"**/portal/sites/{Site}");
        await Live(page);
        await Expect(page.Locator("#arming-mode"), "À l'arrêt");

        // RC-1: arm partial; the panel (simulated, over DC-09) confirms and the page follows without reload.
        await page.ClickAsync("#arm-partial");
        await Expect(page.Locator("#arming-message"), "Envoyé à la centrale");
        await Expect(page.Locator("#arming-mode"), "En service partiel");
        await Expect(page.Locator("#history tbody tr:first-child"), "espace client ou application");

        // CON-2: a number that is not French is refused, in French, naming the field; nothing is saved.
        await page.ClickAsync("nav.tabs a[href$='/instructions']");
        await page.WaitForURLAsync("**/instructions");
        await Live(page);
        await page.FillAsync("#contact-phone-0", "0612");
        await page.ClickAsync("#save-instructions");
        await Expect(page.Locator("#instructions-errors"), "« 0612 » n'est pas un numéro de téléphone");
        Assert.Equal(0, await page.Locator("#instructions-saved").CountAsync());
        await page.FillAsync("#contact-phone-0", "06 39 98 44 01");
        await page.ClickAsync("#save-instructions");
        await Expect(page.Locator("#instructions-saved"), "Consignes enregistrées");
        await Expect(page.Locator("#instructions-history"), "+33639984401");

        // RC-2: a virtual remote for a relative, shared as a link (and a QR code).
        await page.ClickAsync("nav.tabs a[href$='/remotes']");
        await page.WaitForURLAsync("**/remotes");
        await Live(page);
        await page.FillAsync("#remote-name", "Mamie");
        await page.ClickAsync("#create-remote");
        await page.Locator("#remote-qr").WaitForAsync();
        var link = await page.InputValueAsync("#remote-link");
        Assert.Contains("/remote/", link, StringComparison.Ordinal);

        // The relative opens the link in another browser, without an account, and disarms.
        var relative = await chromium.PageAsync(console.BaseUrl, viewport: (390, 844));
        await relative.GotoAsync(link);
        await Live(relative);
        await Expect(relative.Locator("h1"), "Mamie");
        await Expect(relative.Locator("#remote-mode"), "En service partiel");
        await relative.ClickAsync("#remote-disarm");
        await Expect(relative.Locator("#remote-mode"), "À l'arrêt");

        // The subscriber sees the use, then revokes the remote (RC-3).
        await page.ReloadAsync();
        await Live(page);
        var remote = page.Locator("#remotes li").First;
        await Expect(remote, "1 utilisation");
        await remote.Locator("button.revoke").ClickAsync();
        await Expect(page.Locator("#remotes li .remote-state").First, "révoquée");

        // The relative's next press is refused, and recorded for the subscriber to see.
        await relative.ClickAsync("#remote-total");
        await Expect(relative.Locator("#remote-message"), "Refusé");
        await relative.ReloadAsync();
        await Live(relative);
        await Expect(relative.Locator("#remote-invalid"), "ne fonctionne pas");
        await page.ReloadAsync();
        await Live(page);
        await Expect(page.Locator("#remotes li").First, "2 utilisation");
        await page.ClickAsync("nav.tabs a[href='/portal/sites/" + Site + "']");
        await Expect(page.Locator("#history"), "Télécommande virtuelle R0001 refusée");
        await Live(page);
        await Expect(page.Locator("#arming-mode"), "À l'arrêt");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("portal-site.png"), FullPage = true });
    }

    /// <summary>Waits until the page's circuit is live: a click on the prerendered page would do nothing.</summary>
    /// <summary>
    /// A burglary at the subscriber's site handled to the end by an operator (through the station's desk): nobody
    /// reached, the agent finds a break-in, police called with a reference, the subscriber told, closed as real.
    /// </summary>
    internal static async Task<string> HandledBreakInAsync(ConsoleUnderTest console)
    {
        await using (var panel = console.Station.Panel("4101"))
        {
            await console.Station.SendAsync(panel, "CL001");
            await console.Station.SendAsync(panel, "BA002");
        }
        console.Station.Advance(NodaTime.Duration.FromSeconds(32));
        var incidentId = Site + "-0001";
        var brief = (await console.Station.IncidentAsync(incidentId)).Brief;
        var alice = Vigie.Domain.Actor.Operator("alice");
        var subscriber = brief.CallOrder.First(c => c.IsSubscriber).Phone;
        Vigie.Domain.Incidents.IncidentCommand[] steps =
        [
            new Vigie.Domain.Incidents.TakeIncident(alice, console.Station.Now),
            new Vigie.Domain.Incidents.Interpellate(Answered: false, alice, console.Station.Now),
            .. brief.CallOrder.Select(c => new Vigie.Domain.Incidents.CallPerson(c.Phone, Vigie.Domain.Incidents.CallOutcome.VoicemailLeft, null, alice, console.Station.Now)),
            new Vigie.Domain.Incidents.DispatchAgent(alice, console.Station.Now),
            new Vigie.Domain.Incidents.RecordAgentFindings(BreakIn: true, "porte arrière forcée, note de l'agent", alice, console.Station.Now),
            new Vigie.Domain.Incidents.CallPolice("note privée de l'opérateur", alice, console.Station.Now) { Reference = "PV-2026-0412" },
            new Vigie.Domain.Incidents.InformOfBreakIn(subscriber, Vigie.Domain.Incidents.CallOutcome.Reached, Vigie.Domain.Incidents.PersonDecision.TakesCharge, alice, console.Station.Now),
            new Vigie.Domain.Incidents.CloseIncident(Vigie.Domain.Incidents.Classification.RealIntrusion, "remarque privée", alice, console.Station.Now),
        ];
        foreach (var step in steps)
        {
            var result = await console.Station.Desk.IncidentCommandAsync(incidentId, step);
            Assert.True(result.Accepted, $"{step.Name}: {result.Refusal?.Detail}");
        }
        return incidentId;
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    [Trait("Rule", "INS-3")]
    [Trait("Rule", "RC-1")]
    public async Task On_a_390_px_phone_a_relative_abroad_is_a_contact_and_the_history_shows_as_cards_with_each_incident_outcome_in_French()
    {
        await using var console = await StationWithSubscriberAsync();
        var page = await chromium.PageAsync(console.BaseUrl, viewport: (390, 844));
        await LoginAsync(page, Email);

        // CON-2: a relative in London, typed with the country code, is accepted and shown formatted.
        await page.GotoAsync($"/portal/sites/{Site}/instructions");
        await Live(page);
        await page.FillAsync("#contact-name-1", "Emma (Londres)");
        await page.FillAsync("#contact-phone-1", "+44 20 7946 0958");
        await page.ClickAsync("#save-instructions");
        await Expect(page.Locator("#instructions-saved"), "Consignes enregistrées");
        await Expect(page.Locator("#instructions-history"), "+442079460958");
        Assert.Equal("+44 20 7946 0958", await page.InputValueAsync("#contact-phone-1"));
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the instructions page scrolls sideways at 390 px");

        var incidentId = await HandledBreakInAsync(console);

        await page.GotoAsync($"/portal/sites/{Site}");
        await Live(page);
        var outcome = page.Locator($"#incidents [data-incident='{incidentId}']");
        await Expect(outcome, "Intrusion réelle confirmée.");
        var text = (await outcome.InnerTextAsync()).Replace('\u202f', ' ').Replace('\u00a0', ' ');
        Assert.Contains("L'agent de sécurité a constaté des traces d'effraction.", text, StringComparison.Ordinal);
        Assert.Contains("Nous avons appelé la police ; référence de l'appel : PV-2026-0412.", text, StringComparison.Ordinal);
        Assert.Contains("Nous avons appelé Emma (Londres), sans réponse : un message a été laissé.", text, StringComparison.Ordinal);
        Assert.Contains("Pour vous informer de l'effraction : nous vous avons appelé et vous avez répondu. Vous avez pris le relais.", text, StringComparison.Ordinal);
        foreach (var hidden in new[] { "note privée", "remarque privée", "porte arrière forcée", "alice", "+44", "RealIntrusion", "VoicemailLeft" })
        {
            Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);
        }

        // Cards on a phone: each history row is a block under its column's name, and nothing scrolls sideways.
        await Expect(page.Locator("#history tbody"), "Incident");
        Assert.Equal("block", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#history tbody tr')).display"));
        Assert.Equal("\"Quand\"", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#history tbody td'), '::before').content"));
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the site page scrolls sideways at 390 px");
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('#history tbody tr')].every(r => r.getBoundingClientRect().right <= 390)"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("portal-phone-outcome.png"), FullPage = true });
    }

    private static Task Live(IPage page) => page.Locator("main[data-live='on']").WaitForAsync();

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.First.WaitForAsync();
        await Assertions.Expect(locator.First).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
