using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Vigie.Web;

/// <summary>
/// Serves the console's own browser files (Assets/: the vendored Leaflet and the map's script) from this assembly, as
/// <see cref="BlazorScript"/> does: the console runs inside `vigie` and the tests, without a static-assets manifest.
/// Only the files embedded at build time exist here; any other path is 404.
/// </summary>
internal static class ConsoleAssets
{
    public const string Prefix = "/assets/";

    private sealed record Asset(byte[] Bytes, string ContentType, string Tag);

    private static readonly Lazy<FrozenDictionary<string, Asset>> Files = new(Load);

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            if (ContentTypeOf(name) is not { } type)
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var tag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16] + "\"";
            // RecursiveDir carries the build machine's separator.
            files[name["assets/".Length..].Replace('\\', '/')] = new Asset(bytes, type, tag);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string? ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript",
        ".css" => "text/css",
        ".png" => "image/png",
        _ => null,
    };

    public static void MapConsoleAssets(this IEndpointRouteBuilder app) =>
        app.MapGet(Prefix + "{**path}", (string path, HttpContext http) =>
        {
            if (!Files.Value.TryGetValue(path, out var asset))
            {
                return Results.NotFound();
            }
            if (http.Request.Headers.IfNoneMatch == asset.Tag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            http.Response.Headers[HeaderNames.ETag] = asset.Tag;
            http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            return Results.Bytes(asset.Bytes, asset.ContentType);
        }).AllowAnonymous();
}
