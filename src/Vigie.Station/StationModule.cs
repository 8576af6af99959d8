using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Receiver;
using Vigie.Station.Api;
using Vigie.Station.Cameras;
using Vigie.Station.Engine;
using Vigie.Station.Ports;
using Vigie.Station.Simulator;
using Vigie.Station.Supervision;
using Vigie.Storage;

namespace Vigie.Station;

/// <summary>The station's public surface for a host: <see cref="AddVigieStation"/> and <see cref="StationHost.Build"/>.</summary>
public static class StationModule
{
    /// <summary>The engine in the host: an Orleans silo (alone on loopback, or one of a cluster on the shared PostgreSQL), the log, the feed, the ports.</summary>
    public static WebApplicationBuilder AddVigieStation(this WebApplicationBuilder builder, ReceiverOptions receiver, StationOptions options)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("engine configuration: " + string.Join("; ", errors));
        }
        var services = builder.Services;
        // Orleans' start-up notes (server GC, watchdog) are not the operator's business; its errors are.
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        services.AddSingleton(options);
        services.AddSingleton(options.Rules());
        services.AddSingleton(_ => options.PriceListPath is { } path
            ? OfferCatalogue.FromPriceListCsv(File.ReadAllText(path))
            : DefaultPriceList.Catalogue());
        services.AddSingleton(sp => new StationClock(sp.GetRequiredService<TimeProvider>()));
        // A cluster's stations share the log on PostgreSQL; a lone station keeps it in a file of its data folder.
        services.AddSingleton<IEventLog>(_ => receiver.Postgres is { } postgres
            ? PostgresEventLog.Open(new PostgresEventLogOptions { ConnectionString = postgres })
            : EventLog.Open(new EventLogOptions { DatabasePath = options.EventLogPath ?? Path.Combine(receiver.DataDirectory, "events.db") }));
        services.AddSingleton<Deadlines>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<Messages.MessageTexts>();
        services.AddSingleton<CallOutcomes>();
        services.AddSingleton<SimulatedTelephony>();
        services.AddSingleton<IVoiceCalls>(sp => sp.GetRequiredService<SimulatedTelephony>());
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<SimulatedTelephony>());
        services.AddSingleton<IAppNotifications>(sp => sp.GetRequiredService<SimulatedTelephony>());
        services.AddSingleton<SimulatedPanelCommands>();
        services.AddSingleton<IPanelCommands>(sp => sp.GetRequiredService<SimulatedPanelCommands>());
        services.AddSingleton<PanelCommandQueue>();
        services.AddSingleton<SimulatedMailbox>();
        if (options.SimulatorApi)
        {
            services.AddSingleton(new SimulatorCredential(receiver.DataDirectory));
            services.AddHostedService(sp => sp.GetRequiredService<SimulatorCredential>());
        }
        if (options.Email.UsesSmtp)
        {
            services.AddSingleton<IEmailSender>(new Mail.SmtpEmailSender(options.Email.Smtp));
        }
        else
        {
            services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<SimulatedMailbox>());
        }
        services.AddSingleton<ConsoleFeed>();
        services.AddSingleton<IConsoleNotifications>(sp => sp.GetRequiredService<ConsoleFeed>());
        services.AddSingleton<IBillableEvents, ChargeLog>();
        var media = options.Media(receiver.DataDirectory);
        services.AddSingleton(media);
        services.AddSingleton(new Media.MediaFiles(media.Folder));
        // Media metadata live beside the log: in the cluster's database, or a file of the data folder.
        services.AddSingleton(_ => receiver.Postgres is { } mediaDatabase
            ? Media.MediaCatalogue.OpenPostgresAsync(mediaDatabase).GetAwaiter().GetResult()
            : Media.MediaCatalogue.OpenSqlite(Path.Combine(receiver.DataDirectory, "media.db")));
        services.AddSingleton<Media.MediaIntake>();
        services.AddSingleton<Media.MediaPurge>();
        services.AddHostedService(sp => sp.GetRequiredService<Media.MediaPurge>());
        services.AddSingleton<EngineServices>();
        // A station without the console (tests, benches) logs its administrative steps; the console writes them to the staff audit.
        services.TryAddSingleton<IStaffAuditTrail, StaffAuditLog>();
        services.AddSingleton<StationDesk>();
        services.AddSingleton<Reports.IncidentReports>();
        services.AddSingleton<EngineResumption>();
        services.AddSingleton<SignalFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<SignalFeed>());
        services.AddSingleton(options.Supervision());
        services.AddSingleton<SupervisionMetrics>();
        services.AddSingleton<PanelContactsFeed>();
        services.AddSingleton<Receiver.Journal.IPanelContacts>(sp => sp.GetRequiredService<PanelContactsFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<PanelContactsFeed>());
        services.AddSingleton<SupervisionPulse>();
        services.AddHostedService(sp => sp.GetRequiredService<SupervisionPulse>());
        if (receiver.Postgres is not null)
        {
            services.AddHostedService<Cluster.StationLossRecovery>();
        }
        // Cut clips go to the media store (before AddVigieCameras, whose folder sink is only a fallback).
        services.AddSingleton<Cameras.IClipSink, Cameras.MediaStoreClipSink>();
        services.AddVigieCameras(receiver.DataDirectory, options.Cameras);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in DomainJson.Options.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }
        });
        builder.Host.UseOrleans(silo =>
        {
            Cluster.StationSilo.Configure(silo, receiver, options);
            // Domain types cross grain calls as JSON (the domain carries no Orleans attributes), and so do NodaTime's
            // (a partition's Tick(Instant) goes to another silo in a cluster).
            silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(
                isSupported: type => type.Namespace?.StartsWith("Vigie.", StringComparison.Ordinal) == true || type.Namespace == "NodaTime",
                jsonSerializerOptions: DomainJson.Options));
            // Sites and incidents idle for an hour leave memory; their state is in the log.
            silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = TimeSpan.FromHours(1));
        });
        return builder;
    }
}

/// <summary>Builds the whole station process: receiver, engine and API.</summary>
public static class StationHost
{
    public static WebApplication Build(ReceiverOptions receiver, StationOptions options, HostSettings settings, string[]? args = null)
    {
        var builder = ReceiverHost.CreateBuilder(receiver, settings, args);
        builder.AddVigieStation(receiver, options);
        var app = builder.Build();
        ReceiverHost.UseTransportSecurity(app, settings);
        ReceiverHost.MapEndpoints(app, receiver);
        app.MapStationEndpoints();
        return app;
    }
}
