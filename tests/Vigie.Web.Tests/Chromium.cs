using Microsoft.Playwright;

namespace Vigie.Web.Tests;

/// <summary>Debian's Chromium driven by Playwright, headless; one per test class (the browser download of Playwright is not used).</summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A fresh browser profile (its own cookies): one per person at the console.</summary>
    public async Task<IPage> PageAsync(string baseUrl, string locale = "fr-FR", (int Width, int Height)? viewport = null)
    {
        var (width, height) = viewport ?? (1400, 1000);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = height } });
        // Generous: the whole suite runs in parallel on two cores.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// How long the first page of a fresh station may take: it builds its pages and circuit, and CI machines have been seen
    /// to stall for minutes. Only a page that never comes fails.
    /// </summary>
    public const float FirstPageTimeout = 360_000;

    /// <summary>Signs in through the login page (and the second factor when asked).</summary>
    public static async Task LoginAsync(IPage page, string login, string? authenticatorKey = null)
    {
        await page.GotoAsync("/console");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", ConsoleUnderTest.Password);
        await page.ClickAsync("button[type=submit]");
        if (authenticatorKey is not null)
        {
            await page.WaitForURLAsync("**/account/second-factor**");
            await page.FillAsync("#code", Totp.Code(authenticatorKey, DateTimeOffset.UtcNow));
            await page.ClickAsync("button[type=submit]");
        }
        // The first sign-in of a fresh station builds its pages and circuit: the slowest step on a loaded machine.
        await page.WaitForURLAsync("**/console", new PageWaitForURLOptions { Timeout = Chromium.FirstPageTimeout });
        // The live queue is ready once the circuit has rendered it: before that the page is only prerendered, and an
        // alarm raised then would reach the queue by its periodic refresh, without the notice that beeps.
        await page.WaitForSelectorAsync("main[data-live=on]", new PageWaitForSelectorOptions { Timeout = Chromium.FirstPageTimeout });
        await page.WaitForSelectorAsync("#queue");
    }

    /// <summary>Where screenshots go: docs/ when VIGIE_SCREENSHOTS names the repository root, else a temp folder.</summary>
    public static string ScreenshotPath(string name)
    {
        var root = Environment.GetEnvironmentVariable("VIGIE_SCREENSHOTS");
        var folder = root is null ? Path.Combine(Path.GetTempPath(), "vigie-screenshots") : Path.Combine(root, "docs");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}

/// <summary>
/// The browser tests and the API's load tests (hundreds of requests) take turns: on two cores, a browser waiting for
/// its first page while the load test runs timed out.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyTests
{
    public const string Name = "browser and load";
}
