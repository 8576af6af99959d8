using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Security;

namespace Vigie.Receiver;

/// <summary>Settings of the process that hosts the receiver (beyond <see cref="ReceiverOptions"/>).</summary>
public sealed record HostSettings
{
    /// <summary>HTTP port for health and the signal API; -1 for none.</summary>
    public int HttpPort { get; init; } = 8080;
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
    /// <summary>Replaces the system clock (tests drive the timestamp window with a fake one).</summary>
    public TimeProvider? Time { get; init; }
    /// <summary>The web side's bind address and HTTPS (section "Web").</summary>
    public WebSettings Web { get; init; } = new();
    /// <summary>How the data-protection key ring is protected at rest (section "DataProtection").</summary>
    public KeyRingSettings KeyRing { get; init; } = new();
}

/// <summary>Builds the station process: Kestrel carrying DC-09 over TCP and the HTTP endpoints, plus the UDP listener.</summary>
public static class ReceiverHost
{
    public static WebApplication Build(ReceiverOptions options, HostSettings settings, string[]? args = null)
    {
        var app = CreateBuilder(options, settings, args).Build();
        UseTransportSecurity(app, settings);
        MapEndpoints(app, options);
        return app;
    }

    /// <summary>The host builder with the receiver in it, for a host that adds more (the station engine).</summary>
    public static WebApplicationBuilder CreateBuilder(ReceiverOptions options, HostSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Orleans' placement retries log every attempt at information through Polly: noise on every start.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        if (settings.Web.Validate() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("invalid web settings: " + string.Join("; ", errors));
        }
        StationDataFolder.Secure(options.DataDirectory);
        // First, so that this registration (key ring protected at rest) is the one every module shares.
        StationDataProtection.Add(builder.Services, options.DataDirectory, settings.KeyRing, options.Postgres);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddVigieReceiver(options);
        if (settings.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }
        // DC-09 handling never blocks (the journal has its own thread), so it may run inline on the socket's
        // I/O thread, saving two thread hops per frame (on 2 cores the gain is within the bench's run-to-run noise).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.InlineSocketScheduling);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenDc09(options);
            ListenWeb(kestrel, options, settings);
            // Panels keep connections open between polls; the receiver's own idle timeout governs them.
            kestrel.Limits.KeepAliveTimeout = options.IdleTimeout;
        });
        if (settings.Web.Https)
        {
            AddTransportSecurity(builder.Services, settings.Web);
        }
        return builder;
    }

    private static void ListenWeb(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, ReceiverOptions options, HostSettings settings)
    {
        var web = System.Net.IPAddress.Parse(settings.Web.Bind is { Length: > 0 } bind ? bind : options.BindAddress);
        if (settings.HttpPort >= 0)
        {
            kestrel.Listen(web, settings.HttpPort);
        }
        if (settings.Web.Https)
        {
            var certificate = StationDataProtection.LoadCertificate(settings.Web.CertificatePath!, settings.Web.CertificateKeyPath,
                settings.Web.CertificatePassword, "Web:CertificatePath");
            kestrel.Listen(web, settings.Web.HttpsPort, listen => listen.UseHttps(certificate));
        }
    }

    private static void AddTransportSecurity(IServiceCollection services, WebSettings web)
    {
        services.AddHttpsRedirection(redirect => redirect.HttpsPort = web.HttpsPort);
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(web.HstsDays);
            // The operator chose HTTPS: loopback and local names get HSTS too (the default leaves them out for development).
            hsts.ExcludedHosts.Clear();
        });
        // Every cookie (staff sign-in, antiforgery, language) is sent over HTTPS only.
        services.Configure<CookiePolicyOptions>(cookies => cookies.Secure = CookieSecurePolicy.Always);
    }

    /// <summary>With HTTPS on: HTTP redirects to HTTPS, HSTS, Secure cookies; first in the pipeline. Nothing without a certificate.</summary>
    public static void UseTransportSecurity(WebApplication app, HostSettings settings)
    {
        if (!settings.Web.Https)
        {
            return;
        }
        app.UseHsts();
        app.UseHttpsRedirection();
        app.UseCookiePolicy();
    }

    public static void MapEndpoints(WebApplication app, ReceiverOptions options)
    {
        app.MapGet("/health", (AccountDirectory accounts, ReceiverMetrics metrics) => Results.Json(new
        {
            status = "ok",
            accounts = accounts.Count,
            acknowledged = metrics.Acknowledged,
        }));
        app.MapGet("/api/v1/signals", (long? after, string? account, int? limit) =>
        {
            var query = new JournalQuery(options.DatabasePath);
            var signals = query.List(account, after ?? 0, Math.Clamp(limit ?? 100, 1, 1000));
            return Results.Text($"[{string.Join(",", signals.Select(s => s.ToJson()))}]", "application/json");
        })
            .Access(ApiAudience.Staff, "The receiver's journal of signals (after an id, for an account)");
    }
}
