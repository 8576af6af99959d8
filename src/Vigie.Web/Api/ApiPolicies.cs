using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver;
using Vigie.Station.Engine;
using Vigie.Station.Simulator;
using Vigie.Web.Portal;
using Vigie.Web.Staff;

namespace Vigie.Web.Api;

/// <summary>A staff member in one of <paramref name="Roles"/>; with <paramref name="SecondFactor"/>, signed in with it.</summary>
internal sealed record StaffRequirement(IReadOnlyList<string> Roles, bool SecondFactor) : IAuthorizationRequirement;

/// <summary>
/// Staff, or the subscriber whose site the route names (any subscriber on a route without a site: their lists are
/// narrowed). With <paramref name="Administration"/>, staff must be administrators signed in with a second factor.
/// </summary>
internal sealed record SiteMemberRequirement(bool Administration) : IAuthorizationRequirement;

/// <summary>The subscriber whose site the route names, and no one else (staff neither).</summary>
internal sealed record SiteOwnerRequirement : IAuthorizationRequirement;

/// <summary>A virtual remote's holder: the request carries a remote's token as bearer (RC-2).</summary>
internal sealed record RemoteHolderRequirement : IAuthorizationRequirement;

/// <summary>The simulators' routes: staff, or whoever holds the run's simulator credential (`vigie phone`).</summary>
internal sealed record SimulatorRequirement : IAuthorizationRequirement;

/// <summary>A subscriber asked about a site that is not theirs: answered exactly as an unknown site (404), nothing leaks.</summary>
internal sealed class NotTheirSite(IAuthorizationHandler handler, string siteId) : AuthorizationFailureReason(handler, $"no site {siteId}")
{
    public string SiteId { get; } = siteId;
}

/// <summary>
/// The /api/v1 policies, one per audience (<see cref="ApiAudience"/>) and route marking: each is requirements met by the
/// handlers below. Where a requirement admits several kinds of caller (staff or site owner), each kind has its own
/// handler, and any one that succeeds meets it.
/// </summary>
internal static class ApiPolicies
{
    public const string Staff = "api.staff";
    public const string Administrator = "api.administrator";
    public const string SiteMember = "api.site-member";
    public const string SiteMemberAdministration = "api.site-member.administration";
    public const string Subscriber = "api.subscriber";
    public const string RemoteHolder = "api.remote-holder";
    public const string Simulator = "api.simulator";

    public static void AddApiPolicies(IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff, policy => policy.AddRequirements(new StaffRequirement(StaffRoles.All, SecondFactor: false)))
            .AddPolicy(Administrator, policy => policy.AddRequirements(new StaffRequirement([StaffRoles.Administrator], SecondFactor: true)))
            .AddPolicy(SiteMember, policy => policy.AddRequirements(new SiteMemberRequirement(Administration: false)))
            .AddPolicy(SiteMemberAdministration, policy => policy.AddRequirements(new SiteMemberRequirement(Administration: true)))
            .AddPolicy(Subscriber, policy => policy.AddRequirements(new SiteOwnerRequirement()))
            .AddPolicy(RemoteHolder, policy => policy.AddRequirements(new RemoteHolderRequirement()))
            .AddPolicy(Simulator, policy => policy.AddRequirements(new SimulatorRequirement()));
        services.AddSingleton<IAuthorizationHandler, StaffHandler>();
        services.AddSingleton<IAuthorizationHandler, SiteOwnerHandler>();
        services.AddSingleton<IAuthorizationHandler, RemoteHolderHandler>();
        services.AddSingleton<IAuthorizationHandler, SimulatorCredentialHandler>();
    }

    /// <summary>The policy of a route's audience; <paramref name="administration"/> when staff callers must administer.</summary>
    public static string? Of(ApiAudience audience, bool administration) => audience switch
    {
        ApiAudience.Staff => administration ? Administrator : Staff,
        ApiAudience.Administrator => Administrator,
        ApiAudience.SiteMember => administration ? SiteMemberAdministration : SiteMember,
        ApiAudience.Subscriber => Subscriber,
        ApiAudience.RemoteHolder => RemoteHolder,
        ApiAudience.Simulator => Simulator,
        _ => null,
    };

    /// <summary>The bearer token the request carries, if any.</summary>
    public static string? BearerOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public static bool IsStaff(System.Security.Claims.ClaimsPrincipal user) => StaffRoles.All.Any(user.IsInRole);
}

/// <summary>Staff: the role the requirement names, and the second factor when it asks for one ("amr" = "mfa").</summary>
internal sealed class StaffHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var user = context.User;
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var met = requirement switch
            {
                StaffRequirement staff => Is(user, staff.Roles, staff.SecondFactor),
                SiteMemberRequirement { Administration: true } => Is(user, [StaffRoles.Administrator], secondFactor: true),
                SiteMemberRequirement or SimulatorRequirement => Is(user, StaffRoles.All, secondFactor: false),
                _ => false,
            };
            if (met)
            {
                context.Succeed(requirement);
            }
        }
        return Task.CompletedTask;
    }

    private static bool Is(System.Security.Claims.ClaimsPrincipal user, IReadOnlyList<string> roles, bool secondFactor) =>
        user.Identity?.IsAuthenticated == true && roles.Any(user.IsInRole) && (!secondFactor || StaffRoles.SignedInWithSecondFactor(user));
}

/// <summary>The subscriber whose site the route's {siteId} is; another subscriber's site fails as <see cref="NotTheirSite"/>.</summary>
internal sealed class SiteOwnerHandler(StationDesk desk) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        var subscriber = PortalDesk.SubscriberOf(context.User);
        if (subscriber is null || ApiPolicies.IsStaff(context.User))
        {
            return;
        }
        var siteId = context.Resource is HttpContext http && http.Request.RouteValues.TryGetValue("siteId", out var value) ? value as string : null;
        foreach (var requirement in context.PendingRequirements.Where(r => r is SiteMemberRequirement or SiteOwnerRequirement).ToList())
        {
            if (siteId is null)
            {
                context.Succeed(requirement); // a list: narrowed to the subscriber's own sites by the route
            }
            else if (await desk.SiteAsync(siteId) is { } status && status.SubscriberId == subscriber)
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new NotTheirSite(this, siteId));
            }
        }
    }
}

/// <summary>
/// A virtual remote's token as bearer. Whether it still works is the site's to say: a revoked or expired remote is
/// refused there, and the attempt recorded (RC-3), so the route sees it.
/// </summary>
internal sealed class RemoteHolderHandler : IAuthorizationHandler
{
    public const string RemotePrefix = "vr1.";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is HttpContext http && ApiPolicies.BearerOf(http) is { } token && token.StartsWith(RemotePrefix, StringComparison.Ordinal)
            && token.Length > RemotePrefix.Length)
        {
            foreach (var requirement in context.PendingRequirements.OfType<RemoteHolderRequirement>().ToList())
            {
                context.Succeed(requirement);
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>The run's simulator credential (DATA/simulator.token) as bearer, when the station runs its simulators.</summary>
internal sealed class SimulatorCredentialHandler(IServiceProvider services) : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is HttpContext http && services.GetService<SimulatorCredential>() is { } credential
            && credential.Matches(ApiPolicies.BearerOf(http)))
        {
            foreach (var requirement in context.PendingRequirements.OfType<SimulatorRequirement>().ToList())
            {
                context.Succeed(requirement);
            }
        }
        return Task.CompletedTask;
    }
}
