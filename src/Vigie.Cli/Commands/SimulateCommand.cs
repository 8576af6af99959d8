using System.CommandLine;
using System.Globalization;
using System.Net;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Commands;

/// <summary>`vigie simulate`: alarm panels talking DC-09 to a station, for demos, tests and load.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Station address.", DefaultValueFactory = _ => "127.0.0.1" };
        var tcp = new Option<int>("--tcp")
        {
            Description = "Station's DC-09 TCP port (-1: no TCP panels); default VIGIE_DC09_TCP, else 9000.",
            DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("VIGIE_DC09_TCP"), CultureInfo.InvariantCulture, out var port) ? port : 9000,
        };
        var udp = new Option<int>("--udp") { Description = "Station's DC-09 UDP port (-1: no UDP panels).", DefaultValueFactory = _ => -1 };
        var panels = new Option<int>("--panels") { Description = "Number of panels (split between TCP and UDP when both are given).", DefaultValueFactory = _ => 3 };
        var firstAccount = new Option<int>("--first-account") { Description = "Account of the first panel; the next ones follow.", DefaultValueFactory = _ => 1000 };
        var key = new Option<string?>("--key") { Description = "Encrypt with this AES key (every panel)." };
        var keyFormat = new Option<string>("--key-format") { Description = "ascii or hex.", DefaultValueFactory = _ => "ascii" };
        keyFormat.AcceptOnlyFromAmong("ascii", "hex");
        var poll = new Option<double>("--poll") { Description = "Seconds between NULL link tests (0: none).", DefaultValueFactory = _ => 30 };
        var every = new Option<double>("--event-every") { Description = "Mean seconds between random events of one panel (0: none).", DefaultValueFactory = _ => 20 };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var account = new Option<string?>("--account") { Description = "With --event: the account that sends it." };
        var site = new Option<string?>("--site") { Description = "With --event: the site whose panel sends it (looked up in --data)." };
        var single = new Option<string?>("--event") { Description = "Send this one event and exit: SIA (BA012, Nri1/BA012) or Contact ID (\"1130 01 012\")." };
        var data = CommonOptions.Data(DemoFolder.DefaultFolder,
            "Folder where --site is looked up (and a demo's panel key, when --key is not given) and where --register writes; default: the demo's.");
        var register = new Option<bool>("--register") { Description = "Add the simulated accounts (and key) to the registry under --data first." };
        var receivers = new Option<string[]>("--receiver")
        {
            Description = "A receiver HOST:PORT (DC-09 TCP), repeated: the first is the primary, the next ones its backups (replaces --host/--tcp/--udp).",
        };
        var attempts = new Option<int>("--attempts") { Description = "With --receiver: sends of a message to one receiver before the next.", DefaultValueFactory = _ => 2 };
        var replyTimeout = new Option<double>("--reply-timeout") { Description = "Seconds a panel waits for an ACK.", DefaultValueFactory = _ => 5 };
        var returnAfter = new Option<double>("--return-to-primary") { Description = "With --receiver: seconds on a backup before the primary is tried again.", DefaultValueFactory = _ => 60 };
        var dual = new Option<bool>("--dual") { Description = "With --receiver: send every message to every receiver (dual reporting)." };
        var command = new Command("simulate", "Simulated panels: NULL polling plus random events over TCP and/or UDP.")
        {
            host, tcp, udp, panels, firstAccount, key, keyFormat, poll, every, duration, account, site, single, data, register,
            receivers, attempts, replyTimeout, returnAfter, dual,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                var address = IPAddress.Parse(parse.GetValue(host)!);
                var format = AccountRecord.ParseKeyFormat(parse.GetValue(keyFormat)!);
                var routes = ParseReceivers(parse.GetValue(receivers));
                var failover = new ReceiverFailover
                {
                    AttemptsPerReceiver = Math.Max(1, parse.GetValue(attempts)),
                    ReplyTimeout = TimeSpan.FromSeconds(parse.GetValue(replyTimeout)),
                    ReturnToPrimaryAfter = TimeSpan.FromSeconds(parse.GetValue(returnAfter)),
                    DualReporting = parse.GetValue(dual),
                };
                var keyText = parse.GetValue(key);
                using var dc09Key = keyText is null ? null : Dc09Key.Parse(keyText, format);
                if (parse.GetValue(single) is { } eventText)
                {
                    var acct = parse.GetValue(account) ?? AccountOfSite(parse.GetValue(data)!, parse.GetValue(site))
                        ?? throw new FormatException("--event needs --account or --site");
                    // A demo's encrypted panel speaks with the key drawn for its folder.
                    using var demoKey = keyText is null && DemoFolder.Read(parse.GetValue(data)!)?.PanelKeys.FirstOrDefault(k => k.Account == acct) is { } drawn
                        ? Dc09Key.Parse(drawn.Key, drawn.Format)
                        : null;
                    if (routes.Count > 0)
                    {
                        return await SendOneWithBackups(routes, failover, acct, dc09Key ?? demoKey, eventText, cancellation);
                    }
                    return await SendOne(address, parse.GetValue(tcp), parse.GetValue(udp), acct, dc09Key ?? demoKey, eventText, cancellation);
                }
                var accounts = Enumerable.Range(parse.GetValue(firstAccount), parse.GetValue(panels)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
                if (parse.GetValue(register))
                {
                    AccountStore.ForDataFolder(parse.GetValue(data)!, TimeProvider.System).UpsertMany(
                        [.. accounts.Select(a => new AccountRecord { Account = a, Key = keyText, KeyFormat = format, SiteReference = $"SIM-{a}" })]);
                    // A running station reloads its registry within a second (AccountReloadInterval): give it that
                    // time, or the first signals would be stored as unknown-account.
                    Console.WriteLine($"{accounts.Length} accounts registered in {parse.GetValue(data)}; waiting 2 s for the station to load them");
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
                }
                IReadOnlyList<IAlarmPanel> fleet = routes.Count > 0
                    ? [.. accounts.Select(a => new PanelWithBackups(new PanelProfile { Account = a, Key = dc09Key }, routes, PanelTransport.Tcp, failover))]
                    : BuildFleet(address, parse.GetValue(tcp), parse.GetValue(udp), accounts, dc09Key);
                var plan = new FleetPlan
                {
                    PollInterval = TimeSpan.FromSeconds(parse.GetValue(poll)),
                    MeanEventInterval = TimeSpan.FromSeconds(parse.GetValue(every)),
                };
                return await Run(fleet, plan, parse.GetValue(duration), cancellation);
            }
            catch (FormatException error)
            {
                Console.Error.WriteLine($"error: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>--receiver HOST:PORT values, in order (primary first); a clear error naming the bad one.</summary>
    public static IReadOnlyList<IPEndPoint> ParseReceivers(string[]? values)
    {
        var routes = new List<IPEndPoint>();
        foreach (var value in values ?? [])
        {
            foreach (var one in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                routes.Add(IPEndPoint.TryParse(one, out var endpoint) && endpoint.Port > 0
                    ? endpoint
                    : throw new FormatException($"--receiver {one}: expected HOST:PORT (an IP address and a TCP port)"));
            }
        }
        return routes;
    }

    private static async Task<int> SendOneWithBackups(IReadOnlyList<IPEndPoint> routes, ReceiverFailover failover, string account, Dc09Key? key, string eventText, CancellationToken cancellation)
    {
        var (token, payload) = EventMix.Parse(eventText);
        await using var panel = new PanelWithBackups(new PanelProfile { Account = account, Key = key }, routes, PanelTransport.Tcp, failover);
        var reply = await panel.SendEventAsync(token, payload, cancellation);
        var via = panel.LastAcknowledgedByAll.Count > 0 ? " via " + string.Join(" and ", panel.LastAcknowledgedByAll) : "";
        Console.WriteLine($"{account} {(token == Dc09Token.AdmCid ? "ADM-CID" : "SIA-DCS")} {payload}: {reply.Kind}{via} after {reply.Attempts} attempt(s) in {reply.Latency.TotalMilliseconds:F1} ms");
        return reply.Kind == Vigie.Receiver.Reception.ReplyKind.Ack ? 0 : 2;
    }

    private static string? AccountOfSite(string data, string? site)
    {
        if (site is null)
        {
            return null;
        }
        var (_, accounts) = AccountStore.ForDataFolder(data, TimeProvider.System).Load();
        return accounts.FirstOrDefault(a => a.SiteReference == site)?.Account
            ?? throw new FormatException($"no account is registered for site '{site}' in {data}");
    }

    public static List<SimulatedPanel> BuildFleet(IPAddress address, int tcpPort, int udpPort, IReadOnlyList<string> accounts, Dc09Key? key)
    {
        if (tcpPort < 0 && udpPort < 0)
        {
            throw new FormatException("give --tcp or --udp (a port), or both");
        }
        var panels = new List<SimulatedPanel>();
        for (var i = 0; i < accounts.Count; i++)
        {
            var useUdp = udpPort >= 0 && (tcpPort < 0 || i % 2 == 1);
            var endpoint = new IPEndPoint(address, useUdp ? udpPort : tcpPort);
            panels.Add(new SimulatedPanel(new PanelProfile { Account = accounts[i], Key = key }, endpoint, useUdp ? PanelTransport.Udp : PanelTransport.Tcp));
        }
        return panels;
    }

    private static async Task<int> SendOne(IPAddress address, int tcpPort, int udpPort, string account, Dc09Key? key, string eventText, CancellationToken cancellation)
    {
        var (token, payload) = EventMix.Parse(eventText);
        var useUdp = tcpPort < 0;
        await using var panel = new SimulatedPanel(new PanelProfile { Account = account, Key = key },
            new IPEndPoint(address, useUdp ? udpPort : tcpPort), useUdp ? PanelTransport.Udp : PanelTransport.Tcp);
        panel.SetNextSequence(Random.Shared.Next(1, 10000));
        var reply = await panel.SendEventAsync(token, payload, cancellation);
        Console.WriteLine($"{account} {(token == Dc09Token.AdmCid ? "ADM-CID" : "SIA-DCS")} {payload} seq {reply.Sequence:D4}: {reply.Kind} in {reply.Latency.TotalMilliseconds:F1} ms");
        return reply.Kind == Vigie.Receiver.Reception.ReplyKind.Ack ? 0 : 2;
    }

    private static async Task<int> Run(IReadOnlyList<IAlarmPanel> panels, FleetPlan plan, double seconds, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (seconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        var fleet = new PanelFleet(panels, plan);
        Console.WriteLine($"{panels.Count} panels running ({plan.PollInterval.TotalSeconds:F0} s polling, an event every {plan.MeanEventInterval.TotalSeconds:F0} s on average); Ctrl+C to stop");
        var running = fleet.RunAsync(stop.Token);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            Console.WriteLine($"{DateTime.Now:HH:mm:ss} {fleet.Counters}");
        }
        foreach (var panel in panels)
        {
            await panel.DisposeAsync();
        }
        return fleet.Counters.Unanswered > 0 && fleet.Counters.Acked == 0 ? 2 : 0;
    }
}
