using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Receiver;
using Vigie.Station.Api;
using Vigie.Station.Engine;

namespace Vigie.Web.Portal;

public sealed record ArmingBody(ArmingMode? Mode = null);

public sealed record RemoteBody(string? Name = null, Instant? ExpiresAt = null);

/// <param name="Stolen">Stolen rather than lost: only a theft starts the key-replacement deadline and its reminder (INS-5).</param>
public sealed record LostDeviceBody(LostDeviceKind? Kind = null, string? Description = null, Instant? NoticedAt = null, bool Stolen = false);

/// <summary>
/// One incident for the subscriber's app: the typed outcome (kinds, names as registered, police reference) and the same
/// in sentences of the caller's language (Accept-Language, French by default).
/// </summary>
public sealed record SubscriberIncidentBody(SubscriberOutcome Outcome, string Title, string Verdict, IReadOnlyList<OutcomeLine> Steps)
{
    public static SubscriberIncidentBody Of(SubscriberOutcome outcome, IStringLocalizer<PortalText> t)
    {
        var words = t.Words(outcome);
        return new(outcome, words.Title, words.Verdict, words.Steps);
    }
}

/// <summary>A new remote's token, shown once: the link and the bearer token the holder's app uses.</summary>
public sealed record RemoteCreatedBody(string RemoteId, string Token, string Link);

/// <summary>What a remote holder sees: the one site's mode and the remote's name (RC-2).</summary>
public sealed record RemoteSiteBody(string SiteId, string RemoteName, ArmingMode Mode, ArmingMode? Pending);

/// <summary>
/// The subscribers' side of /api/v1 for the mobile app (RC-1 … RC-5): arming, virtual remotes, lost devices, arming
/// notices, insurer. The signed-in subscriber is the actor; another subscriber's site answers 404 as an unknown one.
/// A virtual remote's holder uses /api/v1/remote with the remote's token as bearer, for that one site only.
/// </summary>
public static class PortalApi
{
    public static void MapPortalApi(this IEndpointRouteBuilder app)
    {
        var sites = app.MapGroup("/api/v1/sites/{siteId}").WithMetadata(new ApiAccess(ApiAudience.Subscriber));
        sites.MapPost("/arming", async (string siteId, HttpContext http, PortalDesk desk) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            var (body, problem) = await Read<ArmingBody>(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Mode is not { } mode)
            {
                return BadRequest("mode", "mode: Total, Partial or Disarmed");
            }
            return Outcome(await desk.For(http.User).ArmAsync(siteId, mode), accepted: StatusCodes.Status202Accepted);
        }).Document<ArmingBody, CommandResult>("Arm total or partial, or disarm, through the panel (RC-1); the panel's confirmation sets the mode", StatusCodes.Status202Accepted);
        sites.MapGet("/remotes", async (string siteId, HttpContext http, PortalDesk desk) =>
            Subscriber(http) ?? (await desk.For(http.User).SiteAsync(siteId) is null
                ? NotFound(siteId)
                : Results.Json(await desk.RemotesAsync(siteId), Vigie.Domain.DomainJson.Options)))
            .Document<IReadOnlyList<VirtualRemoteView>>("The site's virtual remotes and each one's uses (RC-2)");
        sites.MapGet("/incidents", async (string siteId, int? count, HttpContext http, PortalDesk desk, IStringLocalizer<PortalText> t) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            if (count is < 1 or > MaxIncidents)
            {
                return BadRequest("count", $"count: from 1 to {MaxIncidents}");
            }
            if (await desk.For(http.User).SiteAsync(siteId) is null)
            {
                return NotFound(siteId);
            }
            var outcomes = await desk.IncidentOutcomesAsync(siteId, count ?? DefaultIncidents);
            return Results.Json(outcomes.Select(o => SubscriberIncidentBody.Of(o, t)).ToList(), Vigie.Domain.DomainJson.Options);
        }).Document<IReadOnlyList<SubscriberIncidentBody>>("The site's incidents, newest first, and how each ended: what was found, who was called, police and its reference (INS-3), in the caller's language");
        sites.MapPost("/remotes", async (string siteId, HttpContext http, PortalDesk desk) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            var (body, problem) = await Read<RemoteBody>(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            if (string.IsNullOrWhiteSpace(body!.Name))
            {
                return BadRequest("name", "name: who holds the remote (1 to 60 characters)");
            }
            var (result, remoteId, token) = await desk.For(http.User).CreateRemoteAsync(siteId, body.Name.Trim(), body.ExpiresAt);
            if (!result.Accepted || remoteId is null || token is null)
            {
                return Outcome(result);
            }
            var link = $"{http.Request.Scheme}://{http.Request.Host}/remote/{Uri.EscapeDataString(token)}";
            return Results.Json(new RemoteCreatedBody(remoteId, token, link), Vigie.Domain.DomainJson.Options, statusCode: StatusCodes.Status201Created);
        }).Document<RemoteBody, RemoteCreatedBody>("Create a virtual remote for a relative (RC-2): its token and link are returned once", StatusCodes.Status201Created);
        sites.MapDelete("/remotes/{remoteId}", async (string siteId, string remoteId, HttpContext http, PortalDesk desk) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            var reasonText = http.Request.Query["reason"].ToString();
            var reason = RevocationReason.Revoked;
            if (reasonText.Length > 0 && !Enum.TryParse(reasonText, ignoreCase: true, out reason))
            {
                return BadRequest("reason", "reason: Revoked, Lost or Stolen");
            }
            return Outcome(await desk.For(http.User).RevokeRemoteAsync(siteId, remoteId, reason, reason == RevocationReason.Revoked ? null : desk.Now));
        }).Document<CommandResult>("Revoke a virtual remote at once; ?reason=Lost|Stolen also timestamps the loss for the insurer (RC-3, INS-5)");
        sites.MapPost("/lost-devices", async (string siteId, HttpContext http, PortalDesk desk) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            var (body, problem) = await Read<LostDeviceBody>(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Kind is not { } kind)
            {
                return BadRequest("kind", "kind: Badge, Remote, Phone or Keys");
            }
            var noticed = body.NoticedAt ?? desk.Now;
            if (noticed > desk.Now)
            {
                return BadRequest("noticedAt", "noticedAt: cannot be in the future");
            }
            return Outcome(await desk.For(http.User).ReportLostDeviceAsync(siteId, kind, body.Description?.Trim() ?? "", body.Stolen, noticed));
        }).Document<LostDeviceBody, CommandResult>("Report a lost or stolen badge, remote, phone or keys: timestamped; a theft also gets the key-replacement deadline (RC-3, INS-5)");
        sites.MapPut("/arming-notices", async (string siteId, HttpContext http, PortalDesk desk) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            var (body, problem) = await Read<ArmingNoticeChoices>(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Arming is null || body.Disarming is null)
            {
                return BadRequest(body.Arming is null ? "arming" : "disarming", "arming, disarming: { email, app, sms } each");
            }
            return Outcome(await desk.For(http.User).ChangeArmingNoticesAsync(siteId, body));
        }).Document<ArmingNoticeChoices, CommandResult>("Choose email, app and/or SMS for each arm and disarm (RC-5; SMS are billed)");
        sites.MapPut("/insurer", async (string siteId, HttpContext http, PortalDesk desk) =>
        {
            if (Subscriber(http) is { } refused)
            {
                return refused;
            }
            var (body, problem) = await Read<InsurerDetails>(http.Request);
            return problem ?? Outcome(await desk.For(http.User).ChangeInsurerAsync(siteId, body));
        }).Document<InsurerDetails, CommandResult>("Set the subscriber's insurer: claims channels, assistance number, deadlines if they differ");
        sites.MapDelete("/insurer", async (string siteId, HttpContext http, PortalDesk desk) =>
            Subscriber(http) ?? Outcome(await desk.For(http.User).ChangeInsurerAsync(siteId, null)))
            .Document<CommandResult>("Forget the insurer's details");

        // The holder of a virtual remote: its token is the bearer, for that one site's arming and nothing else.
        var remote = app.MapGroup("/api/v1/remote").WithMetadata(new ApiAccess(ApiAudience.RemoteHolder));
        remote.MapGet("", async (HttpContext http, StationDesk station) =>
        {
            if (await Holder(http, station) is not { } grant)
            {
                return Unauthorized("a valid virtual remote token is required (Authorization: Bearer vr1.…)");
            }
            var status = await station.SiteAsync(grant.SiteId);
            return Results.Json(new RemoteSiteBody(grant.SiteId, grant.Name, status?.Arming ?? ArmingMode.Disarmed, status?.PendingArming?.Mode), Vigie.Domain.DomainJson.Options);
        }).Document<RemoteSiteBody>("A virtual remote's holder: the one site's arming mode (bearer: the remote's token)");
        // Presses count per remote and per address (Console:RemoteUsesPerMinute), in the rate limiter.
        remote.MapPost("/arming", async (HttpContext http, StationDesk station) =>
        {
            var token = BearerOf(http);
            if (token is null || !token.StartsWith(RemotePrefix, StringComparison.Ordinal))
            {
                return Unauthorized("a virtual remote token is required (Authorization: Bearer vr1.…)");
            }
            var (body, problem) = await Read<ArmingBody>(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Mode is not { } mode)
            {
                return BadRequest("mode", "mode: Total, Partial or Disarmed");
            }
            // A revoked or expired remote is refused by the site, which records the attempt (RC-3).
            var result = await station.UseRemoteAsync(token, mode);
            if (result.Accepted)
            {
                return Results.Json(result, Vigie.Domain.DomainJson.Options, statusCode: StatusCodes.Status202Accepted);
            }
            // Revoked, expired or unknown: forbidden; the site already in that mode: a conflict.
            return RefusalProblem.Of(result.Refusal!);
        }).Document<ArmingBody, CommandResult>("A virtual remote's holder arms or disarms its one site (RC-2); a revoked remote is refused and the attempt recorded", StatusCodes.Status202Accepted)
            .WithMetadata(new ApiAccess(ApiAudience.RemoteHolder, ApiLimit.RemoteUse));
    }

    /// <summary>What the OpenAPI document says of a route: its summary, its body, its answer and its problems.</summary>
    private static RouteHandlerBuilder Document<TBody, TResult>(this RouteHandlerBuilder route, string summary, int success = StatusCodes.Status200OK) where TBody : notnull =>
        route.Accepts<TBody>("application/json").Document<TResult>(summary, success);

    private static RouteHandlerBuilder Document<TResult>(this RouteHandlerBuilder route, string summary, int success = StatusCodes.Status200OK) =>
        route.WithSummary(summary).WithTags("subscribers").Produces<TResult>(success)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private const string RemotePrefix = "vr1.";

    /// <summary>Incidents answered by default and at most (each is read from its own stream).</summary>
    private const int DefaultIncidents = 20, MaxIncidents = 100;

    private static string? BearerOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async Task<RemoteGrant?> Holder(HttpContext http, StationDesk station) =>
        BearerOf(http) is { } token && token.StartsWith(RemotePrefix, StringComparison.Ordinal) ? await station.ResolveRemoteAsync(token) : null;

    /// <summary>Null when the caller is a signed-in subscriber; else 401 (nobody) or 403 (staff, remote holders: not theirs to do).</summary>
    private static IResult? Subscriber(HttpContext http) =>
        PortalDesk.SubscriberOf(http.User) is not null ? null
        : http.User.Identity?.IsAuthenticated == true
            ? Results.Problem(title: "forbidden", detail: "only the site's subscriber may do this", statusCode: StatusCodes.Status403Forbidden)
            : Unauthorized("sign in as the site's subscriber (Authorization: Bearer <access token>)");

    private static IResult Unauthorized(string detail) =>
        Results.Problem(title: "unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    private static IResult NotFound(string siteId) =>
        Results.Problem(title: "not found", detail: $"no site {siteId}", statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string field, string detail) =>
        Results.Problem(title: "invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>Accepted; or the refusal as a problem by its kind (404 for an unknown or someone else's site, 400 naming the field, 409).</summary>
    private static IResult Outcome(CommandResult result, int accepted = StatusCodes.Status200OK) =>
        result.Accepted
            ? Results.Json(result, Vigie.Domain.DomainJson.Options, statusCode: accepted)
            : RefusalProblem.Of(result.Refusal ?? throw new InvalidOperationException("a refused command carries its refusal"));

    private static async Task<(T? Body, IResult? Problem)> Read<T>(HttpRequest request) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Vigie.Domain.DomainJson.Options);
            return body is null ? (null, BadRequest("body", "body: empty")) : (body, null);
        }
        catch (JsonException error)
        {
            var field = error.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            if (error is Vigie.Domain.Contacts.PhoneNumberJsonException phone)
            {
                return (null, RefusalProblem.Of(phone.RefusalFor(field)));
            }
            return (null, BadRequest(field, $"{field}: {error.Message}"));
        }
        catch (Exception error) when (error is NotSupportedException or FormatException or ArgumentException or InvalidOperationException)
        {
            return (null, BadRequest("body", $"body: {error.Message}"));
        }
    }
}
