using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace Vigie.Web.Api;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto, believed only from the reverse proxies named in Console:TrustedProxies (an
/// address, or a network such as 10.0.0.0/8). None by default: then the headers are ignored, as anyone can send them,
/// and the client's address (rate limits, audit) is the connection's.
/// </summary>
internal static class TrustedProxies
{
    /// <summary>The entries that are neither an address nor a network, each with the reason.</summary>
    public static IEnumerable<string> Invalid(IEnumerable<string> entries) =>
        entries.Where(e => !IPAddress.TryParse(e, out _) && !System.Net.IPNetwork.TryParse(e, out _))
            .Select(e => $"Console:TrustedProxies '{e}': an IP address (203.0.113.7) or a network (10.0.0.0/8)");

    public static void AddTrustedProxies(IServiceCollection services, IReadOnlyList<string> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback: only what the station's settings name is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
            }
        });
    }

    /// <summary>First in the pipeline, so every later step sees the client's address; nothing when no proxy is trusted.</summary>
    public static void UseTrustedProxies(WebApplication app, IReadOnlyList<string> entries)
    {
        if (entries.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }
}
