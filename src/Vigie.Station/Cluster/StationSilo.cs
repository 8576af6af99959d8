using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Vigie.Receiver;
using Vigie.Receiver.Simulation;

namespace Vigie.Station.Cluster;

/// <summary>
/// How this process joins the engine: alone on loopback (the embedded default), or, when the station shares a
/// PostgreSQL database, as one silo of a cluster whose membership, reminders and grain state are in that database.
/// Orleans places each grain once in the cluster and moves it when its silo is declared dead.
/// </summary>
internal static class StationSilo
{
    public const string ServiceId = "vigie";

    /// <summary>Orleans' usual ports, so firewall rules between stations can name them.</summary>
    public const int ClusterSiloPort = 11111;
    public const int ClusterGatewayPort = 30000;

    private const string Invariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, ReceiverOptions receiver, StationOptions options)
    {
        if (receiver.Postgres is not { } postgres)
        {
            silo.UseLocalhostClustering(
                siloPort: options.SiloPort == 0 ? Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp) : options.SiloPort,
                gatewayPort: options.GatewayPort == 0 ? Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp) : options.GatewayPort,
                serviceId: ServiceId,
                clusterId: "vigie-" + Guid.NewGuid().ToString("N")[..8]);
            silo.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = IPAddress.Loopback);
            return;
        }
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new OrleansTables(postgres));
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = ServiceId;
            cluster.ClusterId = options.ClusterId;
        });
        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = Invariant;
            clustering.ConnectionString = postgres;
        });
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = Invariant;
            reminders.ConnectionString = postgres;
        });
        silo.AddAdoNetGrainStorageAsDefault(storage =>
        {
            storage.Invariant = Invariant;
            storage.ConnectionString = postgres;
        });
        var siloPort = options.SiloPort == 0 ? ClusterSiloPort : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? ClusterGatewayPort : options.GatewayPort;
        if (options.SiloAddress is { Length: > 0 } advertised)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(advertised), siloPort, gatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            // The host's own address, listening on all: other stations reach it across the network.
            silo.ConfigureEndpoints(siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
        }
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(options.ClusterProbeSeconds);
            membership.NumMissedProbesLimit = options.ClusterMissedProbes;
        });
    }

    /// <summary>Orleans' tables are created before the silo reads or writes its membership row.</summary>
    private sealed class OrleansTables(string postgres) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(OrleansTables), ServiceLifecycleStage.First, ct => OrleansSchema.MigrateAsync(postgres, ct));
    }
}
