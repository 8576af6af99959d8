using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Receiver.Simulation;
using Vigie.Station.Cameras;
using Vigie.Station.Engine;
using Vigie.Station.Media;
using Vigie.Storage;

namespace Vigie.Station.Tests.Cameras;

/// <summary>
/// Issue 18 end to end on real ffmpeg: a station reading a simulated camera over RTSP, a DC-09 intrusion over TCP; when
/// its incident opens, the station cuts the camera's clip of the alarm with its pre-roll into the media store and chains
/// its SHA-256 in the incident's log.
/// </summary>
public sealed class AlarmClipTests
{
    private const string Site = "VID-1";
    private const string Incident = "VID-1-0001";

    [Fact]
    [Trait("Rule", "ALR-8")]
    public async Task An_intrusion_on_a_site_with_a_camera_stores_its_clip_with_five_seconds_of_preroll_chained_in_its_incident()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var camera = await SimulatedCamera.StartAsync(Site, 1, new SimulatedCameraSettings { RtspPort = 0 }, cancellation);
        // Silence and the ring's spare segments outlast the 32 s the test jumps the clock to open the incident.
        var cameras = new CameraOptions
        {
            PrerollSeconds = 6,
            PostrollSeconds = 1,
            SilenceSeconds = 120,
            SpareSegments = 120,
            Sources = [new CameraSource { Site = Site, Camera = 1, RtspUrl = camera.Url }],
        };
        await using var station = await EngineUnderTest.StartAsync(http: true, configure: o => o.Cameras = cameras);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") };
        // The station's clock is fake; the camera's video is real time: the clock follows it, as a real one would.
        using var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var ticker = Task.Run(async () =>
        {
            while (!ticking.IsCancellationRequested)
            {
                station.Advance(Duration.FromMilliseconds(100));
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        try
        {
            await station.ProvisionAsync(Sites.Of(Site, "6101", OfferCode.ToutInclus, speaker: true));
            await using (var panel = station.Panel("6101"))
            {
                await station.SendAsync(panel, "CL001");
            }
            var recorders = station.Services.GetRequiredService<CameraRecorders>();
            await EngineUnderTest.Until(() => Task.FromResult(recorders.Recorded(Site, 1) is { Count: > 0 } s && (s[^1].End - s[0].Start).TotalSeconds >= 9),
                "9 s of video in the camera's ring", seconds: 60);

            await using (var panel = station.Panel("6101"))
            {
                var (token, payload) = EventMix.Parse("BA002");
                Assert.Equal(Receiver.Reception.ReplyKind.Ack, (await panel.SendAsync(token, $"#6101|{payload}", [], cancellation)).Kind);
            }
            var journal = station.Services.GetRequiredService<Receiver.Journal.IJournalReader>();
            var last = journal.List().Max(s => s.Id);
            await EngineUnderTest.Until(() => Task.FromResult(station.Feed.Cursor >= last), $"engine read journal row {last}");
            station.Advance(Duration.FromSeconds(32));
            var incident = await station.IncidentAsync(Incident);

            var log = station.Services.GetRequiredService<IEventLog>();
            IReadOnlyList<MediaAttached> chained = [];
            await EngineUnderTest.Until(async () => (chained = [.. (await log.ReadStreamAsync("incident-" + Incident, ct: cancellation))
                .Select(EventCodec.DecodeIncident).OfType<MediaAttached>()]).Count > 0, "the alarm's clip chained in its incident", seconds: 60);
            Assert.True((await log.VerifyStreamAsync("incident-" + Incident, cancellation)).IsIntact);
            var attached = Assert.Single(chained);
            Assert.Equal((Domain.Media.MediaKind.Clip, "1"), (attached.Kind, attached.Camera));
            var medium = Assert.Single(await station.Services.GetRequiredService<MediaCatalogue>().OfIncidentAsync(Incident, cancellation));
            Assert.Equal((attached.Sha256, Site), (medium.Sha256, medium.SiteId));
            Assert.InRange(medium.PreRollSeconds ?? 0, 5, 6);
            var file = station.Services.GetRequiredService<MediaFiles>().PathOf(medium.Sha256);
            Assert.Equal(medium.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file, cancellation))));
            Assert.True(await ClipCutter.ProbeSecondsAsync("ffprobe", file, cancellation) >= medium.PreRollSeconds);
            Assert.Equal(incident.Brief.AlertAt, medium.CapturedAt);
            var listed = await http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{Incident}/media", cancellation);
            Assert.Equal(medium.Sha256, Assert.Single(listed.EnumerateArray()).GetProperty("sha256").GetString());
        }
        finally
        {
            await ticking.CancelAsync();
            await ticker;
        }
    }
}
