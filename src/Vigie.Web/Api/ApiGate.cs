using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain;
using Vigie.Receiver;
using Vigie.Station.Api;
using Vigie.Web.Portal;
using Vigie.Web.Staff;

namespace Vigie.Web.Api;

/// <summary>
/// Enforces each /api/v1 route's <see cref="ApiAccess"/> through the authorization policies of <see cref="ApiPolicies"/>:
/// deny by default (a route without one is refused), 401 for nobody, 403 for the wrong audience (audited), 404 for
/// another subscriber's site exactly as for an unknown one. A bearer token (the mobile app) or the sign-in cookie (the
/// pages) identify the caller; the caller becomes the actor of what the route does, and a subscriber's lists are
/// narrowed to their sites. Rate limits come after (<see cref="ApiLimits"/>), so they count the callers let in.
/// </summary>
internal static class ApiGate
{
    private const string Prefix = "/api/v1";

    public static void UseApiGate(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments(Prefix) || http.GetEndpoint() is not { } endpoint)
        {
            await next(http);
            return;
        }
        var access = endpoint.Metadata.GetMetadata<ApiAccess>();
        var administration = endpoint.Metadata.GetMetadata<StaffAdministration>() is not null;
        if (access is null || (access.Audience is not (ApiAudience.Anonymous or ApiAudience.Device) && ApiPolicies.Of(access.Audience, administration) is null))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "this route is not open to anyone", audit: true);
            return;
        }
        // A camera is no user: its route checks the device's own credentials (and answers 401 without detail).
        if (access.Audience is ApiAudience.Anonymous or ApiAudience.Device)
        {
            await next(http);
            return;
        }
        var user = await CallerAsync(http);
        if (user is not null)
        {
            http.User = user;
        }
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        var decision = await authorization.AuthorizeAsync(user ?? new ClaimsPrincipal(new ClaimsIdentity()), http, ApiPolicies.Of(access.Audience, administration)!);
        if (!decision.Succeeded)
        {
            if (decision.Failure?.FailureReasons.OfType<NotTheirSite>().FirstOrDefault() is { } notTheirs)
            {
                // Someone else's site answers exactly as an unknown one: its existence does not leak.
                await Problem(http, StatusCodes.Status404NotFound, "not found", $"no site {notTheirs.SiteId}");
            }
            else if (access.Audience == ApiAudience.RemoteHolder)
            {
                await RefuseAsync(http, StatusCodes.Status401Unauthorized, "a virtual remote token is required (Authorization: Bearer vr1.…)", audit: false);
            }
            else if (user is null)
            {
                await RefuseAsync(http, StatusCodes.Status401Unauthorized, "sign in: Authorization: Bearer <access token from POST /api/v1/auth/token>", audit: false);
            }
            else
            {
                await RefuseAsync(http, StatusCodes.Status403Forbidden, $"this route is for {Describe(access.Audience, administration)}", audit: true, user);
            }
            return;
        }
        if (user is not null && access.Audience != ApiAudience.RemoteHolder)
        {
            var staff = ApiPolicies.IsStaff(user);
            if (staff)
            {
                http.Items[ApiAccess.ActorItem] = StaffRoles.ActorOf(user);
            }
            else if (PortalDesk.SubscriberOf(user) is { } subscriber)
            {
                http.Items[ApiAccess.ActorItem] = Actor.Subscriber(subscriber);
                http.Items[ApiAccess.SubscriberItem] = subscriber;
            }
        }
        await next(http);
    });

    /// <summary>
    /// The bearer token's user when the request carries one (a remote's token or the simulator's credential is not an
    /// identity), else the sign-in cookie's.
    /// </summary>
    private static async Task<ClaimsPrincipal?> CallerAsync(HttpContext http)
    {
        if (ApiPolicies.BearerOf(http) is { } bearer)
        {
            if (bearer.StartsWith(RemoteHolderHandler.RemotePrefix, StringComparison.Ordinal)
                || bearer.StartsWith(Station.Simulator.SimulatorCredential.Prefix, StringComparison.Ordinal))
            {
                return null;
            }
            var result = await http.AuthenticateAsync(IdentityConstants.BearerScheme);
            return result.Succeeded ? result.Principal : null;
        }
        return http.User.Identity?.IsAuthenticated == true ? http.User : null;
    }

    private static async Task RefuseAsync(HttpContext http, int status, string detail, bool audit, ClaimsPrincipal? user = null)
    {
        if (audit)
        {
            var who = user?.Identity?.Name ?? "anonymous";
            await http.RequestServices.GetRequiredService<StaffAudit>()
                .RecordAsync(who, new AuditEntry("api", $"{http.Request.Method} {http.Request.Path}", false, detail));
        }
        await Problem(http, status, status == StatusCodes.Status401Unauthorized ? "unauthorized" : "forbidden", detail);
    }

    internal static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(http);

    private static string Describe(ApiAudience audience, bool administration) => (audience, administration) switch
    {
        (ApiAudience.Staff, false) => "the station's staff",
        (ApiAudience.Staff or ApiAudience.Administrator, _) => "administrators signed in with a second factor",
        (ApiAudience.SiteMember, false) => "the station's staff and the site's subscriber",
        (ApiAudience.SiteMember, true) => "the site's subscriber and administrators signed in with a second factor",
        (ApiAudience.Subscriber, _) => "the site's subscriber",
        (ApiAudience.Simulator, _) => "the station's staff (the simulated phones and mailbox)",
        _ => audience.ToString(),
    };
}
