using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Vigie.Receiver;

/// <summary>Who may call an /api/v1 route (ARCHITECTURE rule 7). The web layer enforces it; a route without one is refused.</summary>
public enum ApiAudience
{
    /// <summary>Anyone: signing in.</summary>
    Anonymous,
    /// <summary>The station's staff: operators, supervisors, administrators.</summary>
    Staff,
    /// <summary>Administrators only.</summary>
    Administrator,
    /// <summary>Staff, or the subscriber whose site <c>{siteId}</c> is (another subscriber's site answers 404, as an unknown one).</summary>
    SiteMember,
    /// <summary>The site's subscriber only (arming, remotes, notices, insurer): staff are refused.</summary>
    Subscriber,
    /// <summary>A virtual remote's holder: the route checks the remote's token itself.</summary>
    RemoteHolder,
    /// <summary>A camera or image detector: the route checks the device's own credentials (HTTP Basic) and answers 401 without detail.</summary>
    Device,
    /// <summary>The simulated phones and mailbox: only with Engine:SimulatorApi, for staff or the run's simulator credential.</summary>
    Simulator,
}

/// <summary>Which rate limit a route counts against (login tries, code changes, remote presses).</summary>
public enum ApiLimit
{
    None,
    Login,
    CodeChange,
    RemoteUse,
}

/// <summary>Endpoint metadata: the route's audience and rate limit.</summary>
public sealed record ApiAccess(ApiAudience Audience, ApiLimit Limit = ApiLimit.None)
{
    /// <summary>HttpContext item: the actor the web layer authenticated (<c>Vigie.Domain.Actor</c>); routes use it instead of a "by" field.</summary>
    public const string ActorItem = "vigie.api.actor";

    /// <summary>HttpContext item: the signed-in subscriber's id; lists are narrowed to their sites.</summary>
    public const string SubscriberItem = "vigie.api.subscriber";

    /// <summary>The subscriber the web layer authenticated for this request, if any.</summary>
    public static string? SubscriberOf(HttpContext http) => http.Items.TryGetValue(SubscriberItem, out var id) ? id as string : null;
}

public static class ApiAccessExtensions
{
    /// <summary>Declares who may call the route and documents it (summary and the problems it may answer).</summary>
    public static TBuilder Access<TBuilder>(this TBuilder route, ApiAudience audience, string summary, ApiLimit limit = ApiLimit.None)
        where TBuilder : IEndpointConventionBuilder
    {
        route.WithMetadata(new ApiAccess(audience, limit));
        route.WithSummary(summary);
        // Every route may answer these problems (details naming the field for 400); documented once here.
        int[] problems = audience == ApiAudience.Anonymous
            ? [StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests]
            : [StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
               StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests];
        // A success is JSON (a route may declare its exact type after this).
        route.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(void), ["application/json"]));
        foreach (var status in problems)
        {
            route.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        }
        route.WithTags(audience switch
        {
            ApiAudience.Anonymous => "sign-in",
            ApiAudience.Staff or ApiAudience.Administrator => "station",
            ApiAudience.SiteMember => "sites",
            ApiAudience.Subscriber => "subscribers",
            ApiAudience.RemoteHolder => "virtual remotes",
            ApiAudience.Device => "cameras",
            ApiAudience.Simulator => "simulator",
        });
        return route;
    }
}
