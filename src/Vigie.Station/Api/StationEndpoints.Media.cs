using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Receiver;
using Vigie.Station.Engine;
using Vigie.Station.Media;
using Vigie.Station.Ports;

namespace Vigie.Station.Api;

/// <summary>A judicial requisition as received: the issuing court or officer, its reference and date (GDP-4).</summary>
public sealed record RequisitionRequest(string? Authority = null, string? Reference = null, NodaTime.LocalDate? IssuedOn = null, string? By = null);

/// <summary>Who creates a camera's credentials (the caller the web layer authenticated wins); the body may be left out.</summary>
public sealed record DeviceRequest(string? By = null);

/// <summary>A device's credentials, shown once at creation (only the secret's SHA-256 is kept).</summary>
public sealed record DeviceCreated(string DeviceId, string Secret, string SiteId, string Camera);

/// <summary>A requisition recorded in the incident's log, and the media it lets go.</summary>
public sealed record RequisitionRecordedView(int Number, IReadOnlyList<MediaRecord> Media);

public static partial class StationEndpoints
{
    private static void MapMedia(RouteGroupBuilder api)
    {
        api.MapPost("/media", async (HttpContext http, MediaCatalogue catalogue, MediaIntake intake, MediaSettings settings) =>
        {
            // Wrong or missing credentials get nothing that helps guessing: no detail, whichever part was wrong.
            if (DeviceSecrets.FromAuthorization(http.Request.Headers.Authorization) is not { } credentials
                || await catalogue.DeviceAsync(credentials.DeviceId) is not { } device
                || !DeviceSecrets.Matches(device, credentials.Secret))
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"vigie-media\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }
            var tooLarge = Refusal.Invalid("body", RefusalCodes.MediaTooLarge, $"body: larger than {settings.MaxUploadBytes} bytes", settings.MaxUploadBytes);
            if (http.Request.ContentLength > settings.MaxUploadBytes)
            {
                return RefusalProblem.Of(tooLarge);
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                // One byte past the limit reaches the store, which then refuses with its own problem (not Kestrel's bare 413).
                limit.MaxRequestBodySize = settings.MaxUploadBytes + 1;
            }
            var query = http.Request.Query;
            var (header, refusal) = MediaUpload.Read(query["kind"], http.Request.ContentType, query["capturedAt"], query["preRoll"],
                query.ContainsKey("name") ? query["name"].ToString() : null, settings.MaxPreRollSeconds);
            if (refusal is not null)
            {
                return RefusalProblem.Of(refusal);
            }
            var outcome = await intake.UploadAsync(device, header!, http.Request.Body, http.RequestAborted);
            return outcome.Refusal is { } refused ? RefusalProblem.Of(refused)
                : Results.Json(outcome.Medium, DomainJson.Options, statusCode: outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        })
            .Access(ApiAudience.Device, "A camera's or image detector's photo or clip (HTTP Basic: device id and secret; ?kind=photo|clip&capturedAt=&preRoll=&name=)");

        api.MapPost("/sites/{siteId}/cameras/{cameraId}/devices", async (string siteId, string cameraId, HttpRequest request, StationDesk desk, MediaCatalogue catalogue,
            IStaffAuditTrail audit) =>
        {
            if (!MediaUpload.IsCamera(cameraId))
            {
                return RefusalProblem.Of(MediaUpload.CameraRefusal());
            }
            if (await desk.SiteAsync(siteId) is null)
            {
                return NotFound($"no site {siteId}");
            }
            var named = request.Query["by"].ToString();
            if (request.ContentLength > 0)
            {
                var (body, problem) = await Read<DeviceRequest>(request);
                if (problem is not null)
                {
                    return problem;
                }
                named = body!.By ?? named;
            }
            var by = Caller(request, named);
            var (deviceId, secret) = DeviceSecrets.Create();
            await catalogue.AddDeviceAsync(new MediaDevice(deviceId, siteId, cameraId, DeviceSecrets.Hash(secret), desk.Now, by.ToString()));
            await audit.RecordAsync(by.ToString(), "media-device", $"{siteId}/{cameraId}", deviceId);
            return Results.Json(new DeviceCreated(deviceId, secret, siteId, cameraId), DomainJson.Options, statusCode: StatusCodes.Status201Created);
        })
            .Access(ApiAudience.Administrator, "Credentials for a camera to upload its photos and clips; the secret is shown this once")
            .Accepts<DeviceRequest>("application/json");

        api.MapGet("/incidents/{incidentId}/media", async (string incidentId, StationDesk desk, MediaCatalogue catalogue) =>
            await desk.IncidentExistsAsync(incidentId)
                ? Results.Json(await catalogue.OfIncidentAsync(incidentId), DomainJson.Options)
                : NotFound($"no incident {incidentId}"))
            .Access(ApiAudience.Staff, "The incident's photos and clips, with their SHA-256 (ALR-8)");

        api.MapPost("/incidents/{incidentId}/requisitions", async (string incidentId, HttpRequest request, StationDesk desk, MediaCatalogue catalogue, IGrainFactory grains) =>
        {
            if (!await desk.IncidentExistsAsync(incidentId))
            {
                return NotFound($"no incident {incidentId}");
            }
            var (body, problem) = await Read<RequisitionRequest>(request);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.IssuedOn is not { } issuedOn)
            {
                return RefusalProblem.Of(Refusal.Invalid("issuedOn", RefusalCodes.MediaRequisitionDateMissing, "issuedOn: the date the requisition was issued (2026-12-03)"));
            }
            var result = await desk.IncidentCommandAsync(incidentId, new RecordRequisition(body.Authority ?? "", body.Reference ?? "", issuedOn, Caller(request, body.By), desk.Now));
            if (!result.Accepted)
            {
                return Refused(result);
            }
            var state = await grains.GetGrain<IIncidentGrain>(incidentId).State();
            return Results.Json(new RequisitionRecordedView(state!.Requisitions, await catalogue.OfIncidentAsync(incidentId)), DomainJson.Options,
                statusCode: StatusCodes.Status201Created);
        })
            .Access(ApiAudience.Administrator, "Record a judicial requisition for the incident's media in its log (GDP-4)")
            .Accepts<RequisitionRequest>("application/json");

        api.MapGet("/incidents/{incidentId}/requisitions/{number}/media/{mediaId}", async (string incidentId, int number, string mediaId, HttpRequest request,
            StationDesk desk, MediaCatalogue catalogue, MediaFiles files, IGrainFactory grains, IStaffAuditTrail audit) =>
        {
            if (!await desk.IncidentExistsAsync(incidentId))
            {
                return NotFound($"no incident {incidentId}");
            }
            var state = await grains.GetGrain<IIncidentGrain>(incidentId).State();
            if (number < 1 || state is null || state.Requisitions < number)
            {
                return RefusalProblem.Of(Refusal.Conflict(RefusalCodes.MediaNoRequisition, $"no judicial requisition {number} is recorded for incident {incidentId} (GDP-4)", number));
            }
            if (await catalogue.FindAsync(mediaId) is not { } medium || medium.IncidentId != incidentId || !files.Exists(medium.Sha256))
            {
                return RefusalProblem.Of(Refusal.NotFound(RefusalCodes.MediaNotFound, $"no photo or clip {mediaId} in incident {incidentId}"));
            }
            var by = Caller(request, request.Query["by"]);
            await audit.RecordAsync(by.ToString(), "media-handover", $"{incidentId}/{mediaId}", $"requisition {number}");
            request.HttpContext.Response.Headers["X-Content-SHA256"] = medium.Sha256;
            request.HttpContext.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(medium.Sha256))}:";
            return Results.File(files.PathOf(medium.Sha256), medium.ContentType, $"{incidentId}-{medium.Id}{Extension(medium.ContentType)}");
        })
            .Access(ApiAudience.Administrator, "Hand a photo or clip over under a recorded judicial requisition (GDP-4); carries its SHA-256");
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "video/mp4" => ".mp4",
        _ => "",
    };
}
