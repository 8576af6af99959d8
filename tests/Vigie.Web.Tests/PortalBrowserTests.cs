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
        await Expect(page.Locator("#instructions-errors"), "Contact 1\u202F: « 0612 » n'est pas un numéro valide");
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
    private static Task Live(IPage page) => page.Locator("main[data-live='on']").WaitForAsync();

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.First.WaitForAsync();
        await Assertions.Expect(locator.First).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
