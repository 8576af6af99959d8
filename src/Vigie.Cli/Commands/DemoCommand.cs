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

    /// <summary>Quiet: a cyclic test now and then per panel, so the journal moves without raising anything.</summary>
    private const double QuietEventSeconds = 120;

    /// <summary>Busy: the random everyday mix, about one event every 2 s over the seven panels.</summary>
    private const double BusyEventSeconds = 15;

    public static Command Create()
    {
        var data = CommonOptions.Data(DemoFolder.DefaultFolder, "Folder of the demo (made and marked at the first run; `vigie serve` refuses it).");
        var tcp = new Option<int>("--dc09-tcp") { Description = "DC-09 TCP port.", DefaultValueFactory = _ => 9000 };
        var udp = new Option<int>("--dc09-udp") { Description = "DC-09 UDP port.", DefaultValueFactory = _ => 9000 };
        var http = new Option<int>("--http") { Description = "HTTP port.", DefaultValueFactory = _ => 8080 };
        var busy = new Option<bool>("--busy") { Description = "Random alarms, faults and arming from every panel (incidents of their own); default: quiet, only polls and cyclic tests." };
        var every = new Option<double?>("--event-every")
        {
            Description = $"Mean seconds between a demo panel's events (0: none); default {QuietEventSeconds} quiet (cyclic tests), {BusyEventSeconds} with --busy.",
        };
        var poll = new Option<double>("--poll-every") { Description = "Seconds between a demo panel's NULL link tests (0: none).", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Run the station with demo accounts and simulated panels, and show signals as they arrive.")
        {
            data, tcp, udp, http, busy, every, poll, duration,
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
                var isBusy = parse.GetValue(busy);
                var traffic = new DemoTraffic(isBusy,
                    TimeSpan.FromSeconds(parse.GetValue(every) ?? (isBusy ? BusyEventSeconds : QuietEventSeconds)),
                    TimeSpan.FromSeconds(parse.GetValue(poll)));
                if (traffic.EventEvery < TimeSpan.Zero || traffic.PollEvery < TimeSpan.Zero)
                {
                    Console.Error.WriteLine("error: --event-every and --poll-every: a number of seconds, 0 or more");
                    return 1;
                }
                return await RunAsync(options, httpPort, traffic, stop.Token);
            }
            catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"error: {error.Message} (another station running? try --dc09-tcp/--dc09-udp/--http or --data)");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ReceiverOptions options, int httpPort, DemoTraffic traffic, CancellationToken cancellation)
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
        var fleet = new PanelFleet(panels, new FleetPlan
        {
            PollInterval = traffic.PollEvery,
            MeanEventInterval = traffic.EventEvery,
            Events = traffic.Busy ? EventMix.Everyday : EventMix.Quiet,
            Seed = Environment.TickCount,
        });

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
              Signals (JSON) : http://127.0.0.1:{httpPort}/console/api/signals   (signed in to the console as an operator)
              Incidents      : http://127.0.0.1:{httpPort}/console   (the queue; the API's /api/v1/… routes take a bearer token)
              Panels         : {string.Join(", ", DemoPanels.Select(p => $"{p.Site} (account {p.Account}, {p.Transport.ToString().ToUpperInvariant()}{(secrets.KeyOf(p.Account) is { } key ? $", AES key {key}" : "")})"))}
              API docs       : http://127.0.0.1:{httpPort}/api/docs
              Demo sites     :
            {string.Join(Environment.NewLine, DemoSites.All.Select(d => $"                {d.SiteId}  {d.Story}"))}
              Codes          : identification {DemoSites.IdentificationCode}, duress {DemoSites.DuressCode} (demo data)
              Phones         : SIMULATED — calls ring until answered with `vigie phone answer`
              Traffic        : {traffic.Describe()}
            In another terminal, from the repository's root:
              ./vigie simulate --site DEMO-1 --event CL001{dataFlag}     (arm total)
              ./vigie simulate --site DEMO-1 --event BA012{dataFlag}     (intrusion: INFO Alertes after 30 s)
              ./vigie phone calls --wait 60{dataFlag}
              ./vigie phone answer +33639981001 --dtmf {DemoSites.IdentificationCode}{dataFlag}
              ./vigie incident list --data {options.DataDirectory}
            Live journal (Ctrl+C to stop):
            """);
        var running = fleet.RunAsync(cancellation);
        var last = new JournalQuery(options.DatabasePath).List().LastOrDefault()?.Id ?? 0;
        try
        {
            await JournalCommand.Follow(ReceiverStores.Journal(options.DataDirectory, null), last, s =>
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

/// <summary>What the demo's panels send besides what a person types: quiet (polls and cyclic tests) or busy (random alarms).</summary>
internal sealed record DemoTraffic(bool Busy, TimeSpan EventEvery, TimeSpan PollEvery)
{
    public string Describe()
    {
        var polls = PollEvery > TimeSpan.Zero ? $"a NULL poll every {PollEvery.TotalSeconds:0.#} s" : "no polls";
        var events = EventEvery <= TimeSpan.Zero ? "no events"
            : Busy ? $"random alarms, faults and arming about every {EventEvery.TotalSeconds:0.#} s per panel (--busy: incidents of their own)"
            : $"a cyclic test about every {EventEvery.TotalSeconds:0.#} s per panel, which raises nothing (--busy for random alarms)";
        return $"{polls}, {events}";
    }
}
