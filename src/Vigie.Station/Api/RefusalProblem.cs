using Microsoft.AspNetCore.Http;
using Vigie.Domain;

namespace Vigie.Station.Api;

/// <summary>
/// The one place a domain refusal becomes an HTTP answer, for the engine's API, the portal's and the console's:
/// the kind chooses the status, and the problem body names the code (and the field for a bad value).
/// </summary>
public static class RefusalProblem
{
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.InvalidField => StatusCodes.Status400BadRequest,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a refusal kind"),
    };

    private static string TitleOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => "not found",
        RefusalKind.Forbidden => "forbidden",
        RefusalKind.InvalidField => "invalid request",
        _ => "refused",
    };

    /// <summary>A problem-details answer: status by kind; <c>code</c>, <c>field</c> and, for several wrong fields, <c>problems</c>.</summary>
    public static IResult Of(Refusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
        if (refusal.Field is { } field)
        {
            extensions["field"] = field;
        }
        if (refusal.More.Count > 0)
        {
            extensions["problems"] = refusal.Each().Select(r => new Dictionary<string, object?> { ["code"] = r.Code, ["field"] = r.Field, ["detail"] = r.Detail }).ToList();
        }
        return Results.Problem(title: TitleOf(refusal.Kind), detail: refusal.Detail, statusCode: StatusOf(refusal.Kind), extensions: extensions);
    }
}
