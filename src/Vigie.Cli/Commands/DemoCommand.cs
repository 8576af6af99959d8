using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Simulation;
using Vigie.Station;
using Vigie.Station.Engine;
using Vigie.Station.Simulator;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie demo`: the station on loopback with demo accounts and a few simulated panels, so a newcomer sees
/// signals arrive. Its folder is its own (demo-data), its passwords and panel keys are drawn per folder (<see cref="DemoFolder"/>).
/// </summary>
internal static class DemoCommand
{
    private static readonly (string Site, string Account, bool Encrypted, Dc09KeyFormat Format, PanelTransport Transport)[] DemoPanels =
    [
        ("DEMO-1", "1001", false, Dc09KeyFormat.Ascii, PanelTransport.Tcp),
        ("DEMO-2", "1002", true, Dc09KeyFormat.Ascii, PanelTransport.Tcp),
        ("DEMO-3", "1003", false, Dc09KeyFormat.Ascii, PanelTransport.Udp),
        ("DEMO-4", "1004", true, Dc09KeyFormat.Hex, PanelTransport.Udp),
        ("DEMO-5", "1005", false, Dc09KeyFormat.Ascii, PanelTransport.Tcp),
        ("DEMO-6", "1006", false, Dc09KeyFormat.Ascii, PanelTransport.Udp),
        ("DEMO-7", "1007", false, Dc09KeyFormat.Ascii, PanelTransport.Tcp),
    ];

    public static Command Create()
    {
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the demo (made and marked at the first run; `vigie serve` refuses it).");
        var tcp = new Option<int>("--dc09-tcp") { Description = "DC-09 TCP port.", DefaultValueFactory = _ => 9000 };
        var udp = new Option<int>("--dc09-udp") { Description = "DC-09 UDP port.", DefaultValueFactory = _ => 9000 };
        var http = new Option<int>("--http") { Description = "HTTP port.", DefaultValueFactory = _ => 8080 };
        var every = new Option<double>("--event-every") { Description = "Mean seconds between a demo panel's events.", DefaultValueFactory = _ => 15 };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Run the station with demo accounts and simulated panels, and show signals as they arrive.")
        {
            data, tcp, udp, http, every, duration,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = CommonOptions.LoadReceiverOptions(parse.GetValue(data)!);
            options.BindAddress = "127.0.0.1";
            options.TcpPort = parse.GetValue(tcp);
            options.UdpPort = parse.GetValue(udp);
            var httpPort = parse.GetValue(http);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (parse.GetValue(duration) > 0)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(duration)));
            }
            try
            {
                return await RunAsync(options, httpPort, TimeSpan.FromSeconds(parse.GetValue(every)), stop.Token);
            }
            catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"error: {error.Message} (another station running? try --dc09-tcp/--dc09-udp/--http or --data)");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ReceiverOptions options, int httpPort, TimeSpan eventEvery, CancellationToken cancellation)
    {
        var secrets = DemoFolder.Prepare(options.DataDirectory, [.. DemoPanels.Where(p => p.Encrypted).Select(p => (p.Account, p.Format))]);
        using var folderLock = DataFolderLock.Acquire(options.DataDirectory);
        AccountStore.ForDataFolder(options.DataDirectory, TimeProvider.System).UpsertMany(
            [.. DemoPanels.Select(p => new AccountRecord { Account = p.Account, Key = secrets.KeyOf(p.Account), KeyFormat = p.Format, SiteReference = p.Site })]);
        var engine = CommonOptions.LoadStationOptions(options.DataDirectory);
        // The demo's simulated phones and mailbox are used by hand: `vigie phone` with the run's credential, or staff.
        engine.SimulatorApi = true;
        var console = CommonOptions.LoadConsoleOptions(options.DataDirectory);
        console.ApiDocs = true;
        var host = CommonOptions.LoadHostSettings(options.DataDirectory) with { HttpPort = httpPort, MinimumLogLevel = LogLevel.Warning };
        await using var app = Vigie.Web.ConsoleHost.Build(options, engine, console, host, demo: secrets.Accounts);
        await app.StartAsync(cancellation);
        var problems = await DemoSites.ProvisionAsync(app.Services.GetRequiredService<StationDesk>(), Duration.FromDays(7));
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"demo site not provisioned: {problem}");
        }
        app.Services.GetRequiredService<ConsoleFeed>().Changed += notice =>
            Console.WriteLine($"  ▶ incident {notice.IncidentId} [{notice.Kind}, {notice.Procedure}]{(notice.Open ? "" : " closed")}: {Vigie.Station.Texts.StepText.Of(notice.LastStep)}");

        var keys = DemoPanels.Select(p => secrets.KeyOf(p.Account) is { } key ? Dc09Key.Parse(key, p.Format) : null).ToArray();
        var panels = DemoPanels.Select((p, i) => new SimulatedPanel(
            new PanelProfile { Account = p.Account, Key = keys[i] },
            new IPEndPoint(IPAddress.Loopback, p.Transport == PanelTransport.Tcp ? options.TcpPort : options.UdpPort),
            p.Transport)).ToArray();
        var fleet = new PanelFleet(panels, new FleetPlan { PollInterval = TimeSpan.FromSeconds(10), MeanEventInterval = eventEvery, Seed = Environment.TickCount });

        var dataFlag = options.DataDirectory == DemoFolder.DefaultFolder ? "" : $" --data {options.DataDirectory}";
        Console.WriteLine($"""
            Vigie station demo
              DC-09 receiver : tcp://127.0.0.1:{options.TcpPort}  udp://127.0.0.1:{options.UdpPort}
              Journal        : {Path.GetFullPath(options.DatabasePath)}
              Console        : http://127.0.0.1:{httpPort}/console   (French; EN at the top right)
              Demo folder    : {Path.GetFullPath(options.DataDirectory)}   (passwords and keys drawn for it: {DemoFolder.SecretsFile})
              Staff (demo)   : {string.Join(", ", secrets.Accounts.Staff.Select(m => $"{m.Login}/{m.Password} ({m.Role})"))}
                               supervisors and administrators enrol an authenticator app at their first sign-in
              Portal         : http://127.0.0.1:{httpPort}/portal   (subscribers' space)
              Subscribers (demo): {string.Join(", ", secrets.Accounts.Subscribers.Select(s => $"{s.Email}/{s.Password} ({s.SubscriberId})"))}
              Health         : http://127.0.0.1:{httpPort}/health
              Signals (JSON) : http://127.0.0.1:{httpPort}/api/v1/signals
              Incidents      : http://127.0.0.1:{httpPort}/api/v1/incidents
              Panels         : {string.Join(", ", DemoPanels.Select(p => $"{p.Site} (account {p.Account}, {p.Transport.ToString().ToUpperInvariant()}{(secrets.KeyOf(p.Account) is { } key ? $", AES key {key}" : "")})"))}
              API docs       : http://127.0.0.1:{httpPort}/api/docs
              Demo sites     :
            {string.Join(Environment.NewLine, DemoSites.All.Select(d => $"                {d.SiteId}  {d.Story}"))}
              Codes          : identification {DemoSites.IdentificationCode}, duress {DemoSites.DuressCode} (demo data)
              Phones         : SIMULATED — calls ring until answered with `vigie phone answer`
            In another terminal:
              dotnet run --project src/Vigie.Cli -- simulate --site DEMO-1 --event CL001{dataFlag}     (arm total)
              dotnet run --project src/Vigie.Cli -- simulate --site DEMO-1 --event BA012{dataFlag}     (intrusion: INFO Alertes after 30 s)
              dotnet run --project src/Vigie.Cli -- phone calls{dataFlag}
              dotnet run --project src/Vigie.Cli -- phone answer +33639981001 --dtmf {DemoSites.IdentificationCode}{dataFlag}
              dotnet run --project src/Vigie.Cli -- incident list --data {options.DataDirectory}
            Live journal (Ctrl+C to stop):
            """);
        var running = fleet.RunAsync(cancellation);
        var last = new JournalQuery(options.DatabasePath).List().LastOrDefault()?.Id ?? 0;
        try
        {
            await JournalCommand.Follow(new JournalQuery(options.DatabasePath), last, s =>
            {
                Console.WriteLine(JournalCommand.Line(s));
                return true;
            }, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or --duration: stop quietly.
        }
        await running;
        Console.WriteLine($"demo panels: {fleet.Counters}");
        foreach (var panel in panels)
        {
            await panel.DisposeAsync();
        }
        foreach (var key in keys)
        {
            key?.Dispose();
        }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}
