using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The incident screen's map: Leaflet with tiles from the station's tile server, or the coordinates and links without one.</summary>
[Collection(HeavyTests.Name)]
public sealed class SiteMapBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const double Latitude = 48.8566, Longitude = 2.3522;

    /// <summary>A site with coordinates (MAP-1) and one without (MAP-2), each with a smoke alarm open.</summary>
    private static async Task<ConsoleUnderTest> StationAsync(Action<ConsoleOptions>? configure = null)
    {
        var console = await ConsoleUnderTest.StartAsync(configure);
        await console.Station.ProvisionAsync(Sites.Of("MAP-1", "6001", OfferCode.ToutInclus, speaker: true) with { Latitude = Latitude, Longitude = Longitude });
        await console.Station.ProvisionAsync(Sites.Of("MAP-2", "6002", OfferCode.ToutInclus, speaker: true));
        foreach (var (account, incident) in new[] { ("6001", "MAP-1-0001"), ("6002", "MAP-2-0001") })
        {
            await using var panel = console.Station.Panel(account);
            await console.Station.SendAsync(panel, "FA004");
            await console.Station.IncidentAsync(incident);
        }
        return console;
    }

    [Fact]
    public async Task With_a_tile_server_the_incident_screen_maps_a_site_with_coordinates_and_nothing_for_a_site_without()
    {
        await using var tiles = await TileServer.StartAsync();
        await using var console = await StationAsync(options =>
        {
            options.MapTiles = tiles.Url + "/tiles/{z}/{x}/{y}.png";
            options.MapAttribution = "Tuiles de test";
        });
        var page = await chromium.PageAsync(console.BaseUrl);
        await Chromium.LoginAsync(page, "alice");

        await page.GotoAsync("/console/incidents/MAP-1-0001");
        await page.WaitForSelectorAsync("#site-map .leaflet-tile-loaded", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.WaitForSelectorAsync("#site-map .leaflet-marker-icon");
        Assert.Contains("Tuiles de test", await page.TextContentAsync("#site-map .leaflet-control-attribution"));
        Assert.Contains(tiles.Requests, path => path.StartsWith("/tiles/17/", StringComparison.Ordinal));
        Assert.Contains("lat. 48,85660", await page.TextContentAsync("#site-coordinates"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("console-incident-map.png"), FullPage = true });

        await page.GotoAsync("/console/incidents/MAP-2-0001");
        await page.WaitForSelectorAsync("main[data-live=on] #actions");
        Assert.Equal(0, await page.Locator("#site-location").CountAsync());
        Assert.Equal(0, await page.Locator("#site-map, #site-coordinates").CountAsync());
    }

    [Fact]
    public async Task Without_a_tile_server_the_incident_screen_gives_the_coordinates_and_links_and_asks_no_server()
    {
        await using var console = await StationAsync();
        var page = await chromium.PageAsync(console.BaseUrl);
        var outside = new ConcurrentBag<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(console.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("ws://127.0.0.1", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        await Chromium.LoginAsync(page, "alice");

        await page.GotoAsync("/console/incidents/MAP-1-0001");
        await page.WaitForSelectorAsync("main[data-live=on] #site-coordinates");
        var coordinates = await page.TextContentAsync("#site-coordinates");
        Assert.Contains("lat. 48,85660", coordinates);
        Assert.Contains("long. 2,35220", coordinates);
        Assert.Equal("geo:48.8566,2.3522", await page.GetAttributeAsync("#site-geo", "href"));
        Assert.StartsWith("https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522", await page.GetAttributeAsync("#site-osm", "href"));
        Assert.Equal(0, await page.Locator("#site-map").CountAsync());

        await page.GotoAsync("/console/incidents/MAP-2-0001");
        await page.WaitForSelectorAsync("main[data-live=on] #actions");
        Assert.Equal(0, await page.Locator("#site-location").CountAsync());
        Assert.Empty(outside);
    }

    /// <summary>A tile server on loopback: every tile is the same small PNG; the paths asked are kept.</summary>
    private sealed class TileServer : IAsyncDisposable
    {
        private static readonly byte[] Png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

        private readonly WebApplication _app;

        private TileServer(WebApplication app) => _app = app;

        public ConcurrentBag<string> Requests { get; } = [];

        public string Url => _app.Urls.First();

        public static async Task<TileServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new TileServer(app);
            app.MapGet("/tiles/{z:int}/{x:int}/{y}", (HttpContext http) =>
            {
                server.Requests.Add(http.Request.Path.Value!);
                return Results.Bytes(Png, "image/png");
            });
            await app.StartAsync();
            return server;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
