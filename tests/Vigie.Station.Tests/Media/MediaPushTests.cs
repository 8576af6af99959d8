using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Receiver.Simulation;
using Vigie.Station.Engine;
using Vigie.Station.Media;
using Vigie.Storage;

namespace Vigie.Station.Tests.Media;

/// <summary>
/// Media arriving by push (issue 18 point 2a) at a whole station over real HTTP on 127.0.0.1: a camera's credentials,
/// its uploads checked and kept under their SHA-256, linked to the alarm's incident and chained in its log, a DC-09
/// signal's field V naming its clip, the freeze for a claim and the hand-over under a judicial requisition.
/// </summary>
public sealed class MediaPushTests
{
    private const string Site = "MED-1";
    private const string Incident = "MED-1-0001";

    private sealed record Camera(string DeviceId, string Secret);

    private static async Task<(EngineUnderTest Station, HttpClient Http)> StartAsync(Action<StationOptions>? configure = null, string? postgres = null)
    {
        var station = await EngineUnderTest.StartAsync(http: true, configure: configure, postgres: postgres);
        await station.ProvisionAsync(Sites.Of(Site, "6101", OfferCode.ToutInclus, speaker: true));
        await using (var panel = station.Panel("6101"))
        {
            await station.SendAsync(panel, "CL001");
        }
        return (station, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") });
    }

    private static async Task<Camera> CameraAsync(HttpClient http, string camera = "CAM-1")
    {
        using var created = await http.PostAsync($"/api/v1/sites/{Site}/cameras/{camera}/devices?by=supervisor:sam", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return new Camera(body.GetProperty("deviceId").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient http, Camera? camera, byte[] bytes, string contentType, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/media?" + query) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (camera is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{camera.DeviceId}:{camera.Secret}")));
        }
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task IntrusionAsync(EngineUnderTest station, string zone, params string[] extendedData)
    {
        await using var panel = station.Panel("6101");
        var (token, payload) = EventMix.Parse("BA" + zone);
        var journal = station.Services.GetRequiredService<Receiver.Journal.IJournalReader>();
        Assert.Equal(Receiver.Reception.ReplyKind.Ack, (await panel.SendAsync(token, $"#6101|{payload}", extendedData, TestContext.Current.CancellationToken)).Kind);
        var last = journal.List().Max(s => s.Id);
        await EngineUnderTest.Until(() => Task.FromResult(station.Feed.Cursor >= last), $"engine read journal row {last}");
    }

    private static async Task<IReadOnlyList<MediaAttached>> ChainedMediaAsync(EngineUnderTest station, string incidentId = Incident)
    {
        var log = station.Services.GetRequiredService<IEventLog>();
        Assert.True((await log.VerifyStreamAsync("incident-" + incidentId, TestContext.Current.CancellationToken)).IsIntact);
        return [.. (await log.ReadStreamAsync("incident-" + incidentId, ct: TestContext.Current.CancellationToken)).Select(EventCodec.DecodeIncident).OfType<MediaAttached>()];
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static IReadOnlyList<string> KeptFiles(EngineUnderTest station)
    {
        var root = Path.Combine(station.Receiver.DataDirectory, "media");
        return Directory.Exists(root)
            ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.Contains("incoming", StringComparison.Ordinal))]
            : [];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_photo_pushed_during_an_open_alarm_is_kept_once_and_its_SHA_256_is_chained_in_the_incident(bool onPostgres)
    {
        var (station, http) = await StartAsync(postgres: onPostgres ? await Vigie.Tests.PostgresServer.NewDatabaseAsync("media") : null);
        await using var _ = station;
        using var __ = http;
        var camera = await CameraAsync(http);
        await IntrusionAsync(station, "002");
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync(Incident);
        var photo = MediaStoreUnderTest.Jpeg(7);

        using var first = await UploadAsync(http, camera, photo, "image/jpeg", "kind=photo&capturedAt=2026-11-23T09:00:31Z");
        using var again = await UploadAsync(http, camera, photo, "image/jpeg", "kind=photo");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var stored = await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(Sha256(photo), stored.GetProperty("sha256").GetString());
        Assert.Equal(Incident, stored.GetProperty("incidentId").GetString());
        Assert.Equal(stored.GetProperty("id").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString());
        var chained = Assert.Single(await ChainedMediaAsync(station));
        Assert.Equal((Sha256(photo), Domain.Media.MediaKind.Photo, "CAM-1"), (chained.Sha256, chained.Kind, chained.Camera));
        Assert.Equal(Sha256(photo), Path.GetFileName(Assert.Single(KeptFiles(station))));
        var listed = await http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{Incident}/media", TestContext.Current.CancellationToken);
        Assert.Equal(Sha256(photo), Assert.Single(listed.EnumerateArray()).GetProperty("sha256").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_clip_named_by_the_signal_field_V_joins_the_signal_incident_whether_it_arrives_before_or_after_it(bool onPostgres)
    {
        var (station, http) = await StartAsync(postgres: onPostgres ? await Vigie.Tests.PostgresServer.NewDatabaseAsync("media") : null);
        await using var _ = station;
        using var __ = http;
        var camera = await CameraAsync(http);
        var before = MediaStoreUnderTest.Mp4(1);
        var after = MediaStoreUnderTest.Mp4(2);
        var unrelated = MediaStoreUnderTest.Mp4(3);

        // The clip first, then its alarm, whose incident opens after the cancellation window.
        using (var uploaded = await UploadAsync(http, camera, before, "video/mp4", "kind=clip&preRoll=5&name=clip-before"))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        await IntrusionAsync(station, "002", "Vclip-before");
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync(Incident);
        await EngineUnderTest.Until(async () => (await ChainedMediaAsync(station)).Count == 1, "the clip sent first is chained");

        // Another detection of the same alarm names its clip, which arrives after the signal.
        await IntrusionAsync(station, "003", "Vclip-after");
        using (var uploaded = await UploadAsync(http, camera, after, "video/mp4", "kind=clip&preRoll=8&name=clip-after"))
        {
            Assert.Equal(Incident, (await uploaded.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("incidentId").GetString());
        }
        // A clip no signal named stays out of the incident.
        using (var uploaded = await UploadAsync(http, camera, unrelated, "video/mp4", "kind=clip&name=clip-other"))
        {
            Assert.Equal(JsonValueKind.Null, (await uploaded.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("incidentId").ValueKind);
        }

        var chained = await ChainedMediaAsync(station);
        Assert.Equal([Sha256(before), Sha256(after)], chained.Select(m => m.Sha256));
        var media = station.Services.GetRequiredService<MediaCatalogue>();
        Assert.Equal(8, (await media.NamedAsync(Site, "clip-after", TestContext.Current.CancellationToken)).Single().PreRollSeconds);
    }

    [Fact]
    public async Task Bad_credentials_get_a_bare_401_and_a_bad_upload_a_400_naming_its_field_with_nothing_kept()
    {
        var (station, http) = await StartAsync(engine => engine.MediaMaxUploadBytes = 4096);
        await using var _ = station;
        using var __ = http;
        var camera = await CameraAsync(http);
        var photo = MediaStoreUnderTest.Jpeg(1, size: 1024);

        foreach (var wrong in new Camera?[] { null, camera with { Secret = camera.Secret + "x" }, camera with { DeviceId = "cam-000000000000" } })
        {
            using var refused = await UploadAsync(http, wrong, photo, "image/jpeg", "kind=photo");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Empty(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        var bad = new (byte[] Bytes, string Type, string Query, string Field, string Code)[]
        {
            (photo, "image/jpeg", "kind=film", "kind", "media.kind-invalid"),
            (photo, "application/pdf", "kind=photo", "contentType", "media.content-type-refused"),
            (photo, "image/png", "kind=photo", "body", "media.content-mismatch"),
            ([], "image/jpeg", "kind=photo", "body", "media.empty"),
            (MediaStoreUnderTest.Jpeg(2, size: 5000), "image/jpeg", "kind=photo", "body", "media.too-large"),
            (photo, "image/jpeg", "kind=photo&preRoll=5", "preRoll", "media.pre-roll-invalid"),
            (photo, "image/jpeg", "kind=photo&capturedAt=yesterday", "capturedAt", "media.captured-at-invalid"),
            (photo, "image/jpeg", "kind=photo&name=../etc", "name", "media.name-invalid"),
        };
        foreach (var (bytes, type, query, field, code) in bad)
        {
            using var refused = await UploadAsync(http, camera, bytes, type, query);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal((field, code), (problem.GetProperty("field").GetString(), problem.GetProperty("code").GetString()));
        }

        Assert.Empty(KeptFiles(station));
        Assert.Empty(await station.Services.GetRequiredService<MediaCatalogue>().UnattachedAsync(Site, Instant.MinValue, TestContext.Current.CancellationToken));
        // The secret is shown once: nothing the station keeps or answers holds it.
        var device = await station.Services.GetRequiredService<MediaCatalogue>().DeviceAsync(camera.DeviceId, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(camera.Secret, device!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "GDP-4")]
    public async Task Media_go_to_a_third_party_only_under_a_judicial_requisition_recorded_in_the_incident_log()
    {
        var (station, http) = await StartAsync();
        await using var _ = station;
        using var __ = http;
        var camera = await CameraAsync(http);
        await IntrusionAsync(station, "002");
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync(Incident);
        var clip = MediaStoreUnderTest.Mp4(4);
        using var uploaded = await UploadAsync(http, camera, clip, "video/mp4", "kind=clip&preRoll=5");
        var mediaId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();

        using (var refused = await http.GetAsync($"/api/v1/incidents/{Incident}/requisitions/1/media/{mediaId}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("media.no-requisition", (await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString());
        }
        using (var incomplete = await http.PostAsJsonAsync($"/api/v1/incidents/{Incident}/requisitions", new { reference = "PV 2026/118", issuedOn = "2026-11-23", by = "supervisor:sam" },
            TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
            Assert.Equal("authority", (await incomplete.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("field").GetString());
        }
        using (var recorded = await http.PostAsJsonAsync($"/api/v1/incidents/{Incident}/requisitions",
            new { authority = "Tribunal judiciaire de Lyon", reference = "PV 2026/118", issuedOn = "2026-11-23", by = "supervisor:sam" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            var body = await recorded.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal(1, body.GetProperty("number").GetInt32());
            Assert.Equal(mediaId, Assert.Single(body.GetProperty("media").EnumerateArray()).GetProperty("id").GetString());
        }
        using var handed = await http.GetAsync($"/api/v1/incidents/{Incident}/requisitions/1/media/{mediaId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        Assert.Equal(clip, await handed.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Sha256(clip), handed.Headers.GetValues("X-Content-SHA256").Single());
        var log = station.Services.GetRequiredService<IEventLog>();
        var stored = await log.ReadStreamAsync("incident-" + Incident, ct: TestContext.Current.CancellationToken);
        var requisition = Assert.Single(stored, e => e.Type == nameof(RequisitionRecorded));
        Assert.Equal("supervisor:sam", requisition.Actor);
        var recordedEvent = (RequisitionRecorded)EventCodec.DecodeIncident(requisition);
        Assert.Equal(("Tribunal judiciaire de Lyon", "PV 2026/118", new LocalDate(2026, 11, 23)), (recordedEvent.Authority, recordedEvent.Reference, recordedEvent.IssuedOn));
        Assert.True((await log.VerifyStreamAsync("incident-" + Incident, TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    [Trait("Rule", "INS-9")]
    [Trait("Rule", "VID-7")]
    [Trait("Rule", "GDP-1")]
    public async Task Evidence_frozen_by_staff_for_a_claim_survives_the_purge_at_31_days_and_the_rest_is_destroyed()
    {
        var (station, http) = await StartAsync();
        await using var _ = station;
        using var __ = http;
        var camera = await CameraAsync(http);
        var loose = MediaStoreUnderTest.Jpeg(10);
        using (await UploadAsync(http, camera, loose, "image/jpeg", "kind=photo"))
        {
        }
        station.Advance(Duration.FromMinutes(10));
        await IntrusionAsync(station, "002");
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync(Incident);
        var evidence = MediaStoreUnderTest.Jpeg(11);
        using (await UploadAsync(http, camera, evidence, "image/jpeg", "kind=photo"))
        {
        }

        using var frozen = await http.PostAsJsonAsync($"/api/v1/incidents/{Incident}/commands", new { type = "FreezeEvidence", claimReference = "SIN-2026-0042", by = "supervisor:sam" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
        var purge = station.Services.GetRequiredService<MediaPurge>();
        var media = station.Services.GetRequiredService<MediaCatalogue>();
        await EngineUnderTest.Until(async () => (await media.OfIncidentAsync(Incident)).All(m => m.Frozen), "the incident's media frozen");

        station.Advance(Duration.FromDays(29));
        Assert.Equal(0, await purge.PurgeAsync(TestContext.Current.CancellationToken));
        station.Advance(Duration.FromDays(2));
        Assert.Equal(1, await purge.PurgeAsync(TestContext.Current.CancellationToken));

        Assert.Equal([Sha256(evidence)], KeptFiles(station).Select(Path.GetFileName));
        Assert.Equal(Sha256(evidence), Assert.Single(await media.OfIncidentAsync(Incident, TestContext.Current.CancellationToken)).Sha256);
        var log = station.Services.GetRequiredService<IEventLog>();
        Assert.Contains(await log.ReadStreamAsync("incident-" + Incident, ct: TestContext.Current.CancellationToken),
            e => e.Type == nameof(EvidenceFrozen) && e.Actor == "supervisor:sam");
    }
}
