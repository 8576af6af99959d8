using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Vigie.Web;

/// <summary>Serves Blazor's browser script from this assembly (see the project file for why it is embedded).</summary>
internal static class BlazorScript
{
    private static readonly Lazy<byte[]> Script = new(() =>
    {
        using var stream = typeof(BlazorScript).Assembly.GetManifestResourceStream("blazor.web.js")
            ?? throw new InvalidOperationException("blazor.web.js is not embedded in Vigie.Web");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly Lazy<string> Tag = new(() => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Script.Value))[..16] + "\"");

    public static void MapBlazorScript(this IEndpointRouteBuilder app) =>
        app.MapGet("/_framework/blazor.web.js", (HttpContext http) =>
        {
            if (http.Request.Headers.IfNoneMatch == Tag.Value)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            http.Response.Headers[HeaderNames.ETag] = Tag.Value;
            http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            return Results.Bytes(Script.Value, "text/javascript");
        }).AllowAnonymous();
}
