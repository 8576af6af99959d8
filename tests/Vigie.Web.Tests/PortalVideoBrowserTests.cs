using Microsoft.Playwright;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The subscriber's video settings page in headless Chromium: privacy mode (VID-8) and the detection schedule (VID-11).</summary>
[Collection(HeavyTests.Name)]
public sealed class PortalVideoBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-V1";
    private const string Email = "lea.video@example.fr";

    [Fact]
    [Trait("Rule", "VID-8")]
    [Trait("Rule", "VID-11")]
    public async Task A_subscriber_turns_privacy_mode_on_and_sets_detection_windows_and_a_bad_window_changes_nothing()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4801", OfferCode.ProVideo) with { Cameras = [new Camera("cam-1", "Jardin", Exterior: true)] });
        await console.AddSubscriberAsync(Email, "SUB-" + Site);
        var page = await chromium.PageAsync(console.BaseUrl);
        await page.GotoAsync("/portal");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#login", Email);
        await page.FillAsync("#password", ConsoleUnderTest.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/portal", new PageWaitForURLOptions { Timeout = Chromium.FirstPageTimeout });
        await page.GotoAsync($"/portal/sites/{Site}/video");
        await page.Locator("main[data-live='on']").WaitForAsync(new LocatorWaitForOptions { Timeout = Chromium.FirstPageTimeout });

        await page.CheckAsync("#privacy-on");
        await page.ClickAsync("#save-privacy");
        await Expect(page.Locator("#privacy-message"), "Mode intimité enregistré");
        Assert.True((await console.Station.SiteAsync(Site)).PrivacyMode);

        // A window ending before it starts: refused in French, naming the window; neither the windows nor the switch change.
        await page.CheckAsync("#detection-on");
        await page.ClickAsync("#window-add");
        await page.SelectOptionAsync("#window-day-0", "Tuesday");
        await page.FillAsync("#window-from-0", "22:00");
        await page.FillAsync("#window-to-0", "06:00");
        await page.ClickAsync("#save-detection");
        await Expect(page.Locator("#detection-errors"), "n’est pas après");
        var unchanged = await console.Station.SiteAsync(Site);
        Assert.Null(unchanged.DetectionSchedule);
        Assert.False(unchanged.ActivityDetection);

        await page.FillAsync("#window-from-0", "08:00");
        await page.FillAsync("#window-to-0", "19:00");
        await page.ClickAsync("#window-add");
        await page.SelectOptionAsync("#window-day-1", "Saturday");
        await page.FillAsync("#window-from-1", "20:00");
        await page.FillAsync("#window-to-1", "00:00");
        await page.ClickAsync("#save-detection");
        await Expect(page.Locator("#detection-saved"), "Plages enregistrées");
        var saved = await console.Station.SiteAsync(Site);
        Assert.True(saved.ActivityDetection);
        Assert.Equal(["Tuesday 08:00-19:00", "Saturday 20:00-00:00"],
            saved.DetectionSchedule!.Windows.Select(w => $"{w.Day} {w.From:HH:mm}-{w.To:HH:mm}"));
        Assert.Equal("samedi", await page.EvalOnSelectorAsync<string>("#window-day-1", "s => s.options[s.selectedIndex].text"));
    }

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.First.WaitForAsync();
        await Assertions.Expect(locator.First).ToContainTextAsync(text, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }
}
