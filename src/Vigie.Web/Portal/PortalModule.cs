using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Station.Engine;

namespace Vigie.Web.Portal;

/// <summary>The portal's authorization policy names.</summary>
public static class PortalPolicies
{
    /// <summary>A signed-in subscriber (the sign-in carries their subscriber id).</summary>
    public const string Subscriber = "subscriber";
}

/// <summary>The subscribers' portal's services; its pages are in Components/Portal and served with the console's.</summary>
public static class PortalModule
{
    public static IServiceCollection AddVigiePortal(this IServiceCollection services)
    {
        services.AddSingleton<SiteRecords>();
        services.AddScoped<PortalDesk>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.Subscriber, policy => policy.RequireClaim(PortalClaims.Subscriber));
        return services;
    }
}
