using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Vigie.Web;

/// <summary>
/// The site's icon, embedded like Blazor's script (the console has no static-files folder of its host): the SVG that
/// pages name, and the .ico that browsers ask for by themselves. Open to anyone, like the sign-in page that shows it.
/// </summary>
internal static class Favicon
{
    private static readonly (string Path, string Resource, string ContentType)[] Icons =
    [
        ("/favicon.svg", "favicon.svg", "image/svg+xml"),
        ("/favicon.ico", "favicon.ico", "image/x-icon"),
    ];

    public static void MapFavicon(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Icons)
        {
            var bytes = new Lazy<byte[]>(() => Read(resource));
            app.MapGet(path, (HttpContext http) =>
            {
                // An icon changes with a release, not within a day.
                http.Response.Headers[HeaderNames.CacheControl] = "public, max-age=86400";
                return Results.Bytes(bytes.Value, contentType);
            }).AllowAnonymous();
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(Favicon).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in Vigie.Web");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
