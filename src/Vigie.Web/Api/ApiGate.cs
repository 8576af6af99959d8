using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain;
using Vigie.Receiver;
using Vigie.Station.Engine;
using Vigie.Web.Portal;
using Vigie.Web.Staff;

namespace Vigie.Web.Api;

/// <summary>
/// Enforces each /api/v1 route's <see cref="ApiAccess"/>: deny by default (a route without one is refused), 401 for
/// nobody, 403 for the wrong audience (audited), 404 for another subscriber's site exactly as for an unknown one. A
/// bearer token (the mobile app) or the sign-in cookie (the pages) identify the caller; the caller becomes the
/// actor of what the route does, and a subscriber's lists are narrowed to their sites. Rate limits apply here too.
/// </summary>
public static class ApiGate
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
        if (access is null)
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "this route is not open to anyone", audit: true);
            return;
        }
        if (access.Limit is ApiLimit.Login or ApiLimit.RemoteUse && !await WithinLimitAsync(http, access.Limit))
        {
            return;
        }
        if (access.Audience is ApiAudience.Anonymous or ApiAudience.Simulator or ApiAudience.RemoteHolder)
        {
            await next(http);
            return;
        }
        var user = await CallerAsync(http);
        if (user is null)
        {
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "sign in: Authorization: Bearer <access token from POST /api/v1/auth/token>", audit: false);
            return;
        }
        http.User = user;
        var staff = StaffRoles.All.Any(user.IsInRole);
        var subscriber = PortalDesk.SubscriberOf(user);
        var allowed = access.Audience switch
        {
            ApiAudience.Staff => staff,
            ApiAudience.Administrator => user.IsInRole(StaffRoles.Administrator),
            ApiAudience.SiteMember => staff || subscriber is not null,
            ApiAudience.Subscriber => subscriber is not null,
            _ => false,
        };
        if (!allowed)
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, $"this route is for {Describe(access.Audience)}", audit: true, user);
            return;
        }
        if (!staff && subscriber is not null && http.Request.RouteValues.TryGetValue("siteId", out var site) && site is string siteId
            && !await OwnsAsync(http, subscriber, siteId))
        {
            // Someone else's site answers exactly as an unknown one: its existence does not leak.
            await Problem(http, StatusCodes.Status404NotFound, "not found", $"no site {siteId}");
            return;
        }
        if (access.Limit == ApiLimit.CodeChange && !await WithinLimitAsync(http, access.Limit))
        {
            return;
        }
        http.Items[ApiAccess.ActorItem] = staff ? StaffRoles.ActorOf(user) : Actor.Subscriber(subscriber!);
        if (!staff && subscriber is not null)
        {
            http.Items[ApiAccess.SubscriberItem] = subscriber;
        }
        await next(http);
    });

    /// <summary>Counts the request; answers 429 with Retry-After when the limit is reached.</summary>
    private static async Task<bool> WithinLimitAsync(HttpContext http, ApiLimit limit)
    {
        var limits = http.RequestServices.GetRequiredService<ApiLimits>();
        if (await limits.TryAsync(limit, http))
        {
            return true;
        }
        http.Response.Headers.RetryAfter = limits.RetryAfterSeconds(limit).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problem(http, StatusCodes.Status429TooManyRequests, "too many requests", $"too many {Describe(limit)}: wait and try again");
        return false;
    }

    /// <summary>The bearer token's user when the request carries one (a remote's token is not an identity), else the sign-in cookie's.</summary>
    private static async Task<ClaimsPrincipal?> CallerAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var result = await http.AuthenticateAsync(IdentityConstants.BearerScheme);
            return result.Succeeded ? result.Principal : null;
        }
        return http.User.Identity?.IsAuthenticated == true ? http.User : null;
    }

    private static async Task<bool> OwnsAsync(HttpContext http, string subscriber, string siteId) =>
        await http.RequestServices.GetRequiredService<StationDesk>().SiteAsync(siteId) is { } status && status.SubscriberId == subscriber;

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

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(http);

    private static string Describe(ApiAudience audience) => audience switch
    {
        ApiAudience.Staff => "the station's staff",
        ApiAudience.Administrator => "administrators",
        ApiAudience.SiteMember => "the station's staff and the site's subscriber",
        ApiAudience.Subscriber => "the site's subscriber",
        _ => audience.ToString(),
    };

    private static string Describe(ApiLimit limit) => limit switch
    {
        ApiLimit.Login => "sign-in attempts",
        ApiLimit.CodeChange => "code changes",
        ApiLimit.RemoteUse => "presses of this remote",
        _ => "requests",
    };
}
