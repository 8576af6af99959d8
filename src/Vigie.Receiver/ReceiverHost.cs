using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;

namespace Vigie.Receiver;

/// <summary>Settings of the process that hosts the receiver (beyond <see cref="ReceiverOptions"/>).</summary>
public sealed record HostSettings
{
    /// <summary>HTTP port for health and the signal API; -1 for none.</summary>
    public int HttpPort { get; init; } = 8080;
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
    /// <summary>Replaces the system clock (tests drive the timestamp window with a fake one).</summary>
    public TimeProvider? Time { get; init; }
}

/// <summary>Builds the station process: Kestrel carrying DC-09 over TCP and the HTTP endpoints, plus the UDP listener.</summary>
public static class ReceiverHost
{
    public static WebApplication Build(ReceiverOptions options, HostSettings settings, string[]? args = null)
    {
        var app = CreateBuilder(options, settings, args).Build();
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
        // The key ring's "not encrypted at rest" notice is the key-ring setup's concern, not a warning on every start.
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
            if (settings.HttpPort >= 0)
            {
                kestrel.Listen(System.Net.IPAddress.Parse(options.BindAddress), settings.HttpPort);
            }
            // Panels keep connections open between polls; the receiver's own idle timeout governs them.
            kestrel.Limits.KeepAliveTimeout = options.IdleTimeout;
        });
        return builder;
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
