using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigie.Receiver;

namespace Vigie.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var tcp = new Option<int?>("--dc09-tcp") { Description = "DC-09 TCP port (default 9000; -1 disables)." };
        var udp = new Option<int?>("--dc09-udp") { Description = "DC-09 UDP port (default 9000; -1 disables)." };
        var http = new Option<int>("--http") { Description = "HTTP port for health and the signal API (-1 disables).", DefaultValueFactory = _ => 8080 };
        var bind = new Option<string?>("--bind") { Description = "Address of both the web side and DC-09 (default 0.0.0.0; 127.0.0.1 for a local station)." };
        var bindWeb = new Option<string?>("--bind-web") { Description = "Address of the web side (console, portal, API); default Web:Bind, else the DC-09 address." };
        var bindDc09 = new Option<string?>("--bind-dc09") { Description = "Address of the DC-09 receiver (TCP and UDP); default Receiver:BindAddress (0.0.0.0)." };
        var quiet = new Option<bool>("--quiet") { Description = "Log warnings and errors only." };
        var siloPort = new Option<int?>("--silo-port") { Description = "Port other stations of the cluster reach this one's engine at (default 11111 with a shared PostgreSQL, else a free loopback port)." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Orleans gateway port (default 30000 with a shared PostgreSQL, else a free loopback port)." };
        var clusterId = new Option<string?>("--cluster-id") { Description = "The cluster this station joins in the shared database (default vigie)." };
        var siloAddress = new Option<string?>("--silo-address") { Description = "The address other stations reach this one's engine at (default: this host's address)." };
        var command = new Command("serve", "Run the station: DC-09 receiver over TCP and UDP, the engine (sites, alerts, incidents), the API and the operators' console (/console), all under --data.")
        {
            data, postgres, tcp, udp, http, bind, bindWeb, bindDc09, quiet, siloPort, gatewayPort, clusterId, siloAddress,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var folder = parse.GetValue(data)!;
            if (DemoFolder.IsDemo(folder))
            {
                Console.Error.WriteLine($"error: {DemoFolder.ServeRefusal(folder)}");
                return 1;
            }
            var options = CommonOptions.LoadReceiverOptions(folder, parse.GetValue(postgres));
            options.TcpPort = parse.GetValue(tcp) ?? options.TcpPort;
            options.UdpPort = parse.GetValue(udp) ?? options.UdpPort;
            options.BindAddress = parse.GetValue(bindDc09) ?? parse.GetValue(bind) ?? options.BindAddress;
            var settings = CommonOptions.LoadHostSettings(folder) with
            {
                HttpPort = parse.GetValue(http),
                MinimumLogLevel = parse.GetValue(quiet) ? LogLevel.Warning : LogLevel.Information,
            };
            settings.Web.Bind = parse.GetValue(bindWeb) ?? parse.GetValue(bind) ?? settings.Web.Bind;
            var engine = CommonOptions.LoadStationOptions(folder);
            engine.SiloPort = parse.GetValue(siloPort) ?? engine.SiloPort;
            engine.GatewayPort = parse.GetValue(gatewayPort) ?? engine.GatewayPort;
            engine.ClusterId = parse.GetValue(clusterId) ?? engine.ClusterId;
            engine.SiloAddress = parse.GetValue(siloAddress) ?? engine.SiloAddress;
            return await RunAsync(options, engine, CommonOptions.LoadConsoleOptions(folder), settings, cancellation);
        });
        return command;
    }

    public static async Task<int> RunAsync(ReceiverOptions options, Vigie.Station.StationOptions engine, Vigie.Web.ConsoleOptions console, HostSettings settings, CancellationToken cancellation)
    {
        try
        {
            using var folderLock = DataFolderLock.Acquire(options.DataDirectory);
            await using var app = Vigie.Web.ConsoleHost.Build(options, engine, console, settings);
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellation);
            return 0;
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException or FormatException)
        {
            // A port in use, a second station on the same folder, a bad setting: one clear line, no stack trace.
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}
