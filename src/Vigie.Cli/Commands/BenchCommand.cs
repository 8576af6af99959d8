using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie bench receiver`: starts a real `vigie serve` child process on loopback and measures it from outside:
/// durable ACKs per second under closed-loop load (TCP panels + UDP senders), ACK latency at a fixed rate,
/// and the station's resident memory holding many idle panel connections.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var tcpPanels = new Option<int>("--tcp-panels") { Description = "Concurrent TCP panels.", DefaultValueFactory = _ => 100 };
        var udpPanels = new Option<int>("--udp-panels") { Description = "Concurrent UDP senders.", DefaultValueFactory = _ => 0 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each measured phase.", DefaultValueFactory = _ => 15 };
        var rate = new Option<int>("--rate") { Description = "Signals per second for the latency phase.", DefaultValueFactory = _ => 5000 };
        var idle = new Option<int>("--idle-connections") { Description = "Idle TCP connections for the memory phase.", DefaultValueFactory = _ => 10_000 };
        var synchronous = new Option<string>("--synchronous") { Description = "Journal durability (FULL: fsync every commit).", DefaultValueFactory = _ => "FULL" };
        var aes = new Option<bool>("--aes") { Description = "Every panel encrypts with its own AES-128 key (the station decrypts and answers encrypted ACKs)." };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of unmeasured load first (the JIT's tiers and SQLite's caches settle).", DefaultValueFactory = _ => 3 };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Run the station on this PostgreSQL database (Host=…;Port=…;Username=…;Database=…) instead of its embedded SQLite files; serve creates its tables.",
        };
        var compare = new Option<bool>("--compare") { Description = "With --postgres: run on the embedded store first, then on PostgreSQL, and print both figure sets side by side." };
        var receiver = new Command("receiver", "Load a real station process and print ACK/s, ACK latency p50/p99 and resident memory.")
        {
            tcpPanels, udpPanels, seconds, rate, idle, synchronous, aes, warmup, postgres, compare,
        };
        receiver.SetAction(async (parse, cancellation) =>
        {
            LeanLoadGenerator();
            var settings = new ReceiverBenchSettings(
                parse.GetValue(tcpPanels), parse.GetValue(udpPanels), TimeSpan.FromSeconds(parse.GetValue(seconds)),
                parse.GetValue(rate), parse.GetValue(idle), parse.GetValue(synchronous)!, parse.GetValue(aes), TimeSpan.FromSeconds(parse.GetValue(warmup)));
            var database = string.IsNullOrWhiteSpace(parse.GetValue(postgres)) ? null : parse.GetValue(postgres);
            if (parse.GetValue(compare) && database is null)
            {
                Console.Error.WriteLine("error: --compare needs --postgres (the database to compare the embedded store with)");
                return 2;
            }
            var first = await RunReceiverBench(settings, parse.GetValue(compare) ? null : database, cancellation);
            if (!parse.GetValue(compare))
            {
                return 0;
            }
            PrintSideBySide(settings, first, await RunReceiverBench(settings, database, cancellation));
            return 0;
        });
        return new Command("bench", "Measure the station.") { receiver, EngineBench.Create(), SupervisionBench.Create(), FuzzBench.Create(), FailoverBench.Create() };
    }

    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private static string? _stationInlineCompletions;

    /// <summary>
    /// The panels' socket continuations run on the socket engine's thread instead of hopping to the thread pool: the
    /// load generator shares the station's two cores, and each hop it saves is CPU left to the station (15 against
    /// 23 µs of generator CPU per ACK). Read once, at the process's first socket operation, so it is set before any;
    /// the station child keeps the setting this shell gave (<see cref="_stationInlineCompletions"/>).
    /// </summary>
    private static void LeanLoadGenerator()
    {
        _stationInlineCompletions = Environment.GetEnvironmentVariable(InlineCompletions) ?? "";
        Environment.SetEnvironmentVariable(InlineCompletions, "1");
    }

    private sealed record ReceiverBenchSettings(int TcpPanels, int UdpPanels, TimeSpan Phase, int Rate, int IdleConnections, string Synchronous, bool Aes, TimeSpan Warmup);

    /// <summary>What one run measured, for the side-by-side table.</summary>
    private sealed record ReceiverFigures(double AcksPerSecond, double P50, double P99, long Unanswered, double CpuMsPer1000,
        double PacedPerSecond, double PacedP50, double PacedP99, long PacedUnanswered, double BusyMb, double IdleMb);

    private static void PrintSideBySide(ReceiverBenchSettings settings, ReceiverFigures embedded, ReceiverFigures shared)
    {
        Console.WriteLine($"{"side by side",-30}{$"embedded SQLite ({settings.Synchronous})",-29}PostgreSQL");
        Row("durable ACKs/s", $"{embedded.AcksPerSecond:F0}", $"{shared.AcksPerSecond:F0}");
        Row("ACK p50 / p99 ms", $"{embedded.P50:F2} / {embedded.P99:F2}", $"{shared.P50:F2} / {shared.P99:F2}");
        Row("ms CPU per 1,000 ACKs", $"{embedded.CpuMsPer1000:F0}", $"{shared.CpuMsPer1000:F0}");
        Row($"{settings.Rate}/s paced p50 / p99 ms", $"{embedded.PacedP50:F2} / {embedded.PacedP99:F2}", $"{shared.PacedP50:F2} / {shared.PacedP99:F2}");
        Row("resident MB busy / idle", $"{embedded.BusyMb:F0} / {embedded.IdleMb:F0}", $"{shared.BusyMb:F0} / {shared.IdleMb:F0}");
        Row("unanswered", $"{embedded.Unanswered + embedded.PacedUnanswered}", $"{shared.Unanswered + shared.PacedUnanswered}");

        static void Row(string what, string left, string right) => Console.WriteLine($"  {what,-28}{left,-29}{right}");
    }

    /// <summary>The bench's panels' AES-128 key (ASCII form, 16 characters): only loopback traffic carries it.</summary>
    private const string BenchKey = "0123456789ABCDEF";

    /// <param name="postgres">The station's database, or null for its embedded SQLite files.</param>
    private static async Task<ReceiverFigures> RunReceiverBench(ReceiverBenchSettings settings, string? postgres, CancellationToken cancellation)
    {
        var (tcpPanels, udpPanels, phase, rate, idleConnections, synchronous, _, _) = settings;
        var data = Path.Combine(Path.GetTempPath(), "vigie-bench", Guid.NewGuid().ToString("N"));
        // The station's local files (settings, key ring); with PostgreSQL nothing else creates the folder.
        Directory.CreateDirectory(data);
        var tcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var udpPort = Loopback.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var accounts = Enumerable.Range(0, Math.Max(tcpPanels + udpPanels, 1)).Select(i => (100000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        // As `vigie accounts import` would: into the registry the station reads (its SQLite file, or the shared database).
        var registry = ReceiverStores.Accounts(data, postgres, TimeProvider.System);
        registry.UpsertMany([.. accounts.Select(a => new AccountRecord { Account = a, Key = settings.Aes ? BenchKey : null })]);
        if (registry is IAsyncDisposable opened)
        {
            await opened.DisposeAsync();
        }
        // Every panel and idle connection comes from 127.0.0.1: lift the per-address cap above them.
        var perAddress = tcpPanels + idleConnections + 100;
        File.WriteAllText(Path.Combine(data, "vigie.json"),
            $$"""{ "Receiver": { "JournalSynchronous": "{{synchronous}}", "MaxTcpConnectionsPerAddress": {{perAddress}} } }""");

        var store = postgres is null ? $"journal synchronous={synchronous}" : $"journal PostgreSQL {Where(postgres)} (synchronous_commit on)";
        Console.WriteLine($"vigie bench receiver: {Environment.ProcessorCount} cores, {store}, {(settings.Aes ? "AES-128" : "plain")} frames, data {data}");
        List<string> arguments = ["serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", tcpPort.ToString(CultureInfo.InvariantCulture),
            "--dc09-udp", udpPort.ToString(CultureInfo.InvariantCulture), "--http", "-1", "--quiet"];
        if (postgres is not null)
        {
            // A silo of its own cluster on loopback ports, so a station left by an earlier run is never waited for.
            arguments.AddRange(["--silo-port", Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp).ToString(CultureInfo.InvariantCulture),
                "--gateway-port", Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp).ToString(CultureInfo.InvariantCulture),
                "--silo-address", "127.0.0.1", "--cluster-id", "bench-" + Guid.NewGuid().ToString("N")[..12]]);
        }
        // The connection string (it may hold a password) goes by the child's environment, which other users cannot read,
        // not on its command line: serve reads it as Receiver:Postgres, what --postgres sets. Empty: the embedded store,
        // even when this shell has a database set.
        using var station = SelfProcess.Start(new Dictionary<string, string> { ["VIGIE_Receiver__Postgres"] = postgres ?? "", [InlineCompletions] = _stationInlineCompletions ?? "" }, [.. arguments]);
        try
        {
            await Loopback.WaitForTcpPort(tcpPort, TimeSpan.FromSeconds(60), cancellation);
            var address = IPAddress.Loopback;
            var panels = new List<SimulatedPanel>();
            for (var i = 0; i < tcpPanels + udpPanels; i++)
            {
                var udp = i >= tcpPanels;
                panels.Add(new SimulatedPanel(new PanelProfile { Account = accounts[i], Key = settings.Aes ? Dc09Key.Parse(BenchKey, Dc09KeyFormat.Ascii) : null }, new IPEndPoint(address, udp ? udpPort : tcpPort),
                    udp ? PanelTransport.Udp : PanelTransport.Tcp)
                { ReplyTimeout = TimeSpan.FromSeconds(10) });
            }
            await Task.WhenAll(panels.Select(p => p.ConnectAsync(cancellation)));

            // Warm-up: JIT and SQLite caches, not measured.
            Console.WriteLine($"… {panels.Count} panels connected; warming up {settings.Warmup.TotalSeconds:F0} s, then {phase.TotalSeconds:F0} s of closed-loop load");
            await ClosedLoop(panels, settings.Warmup, cancellation);
            var stationCpu = CpuSeconds(station.Id);
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var closed = await ClosedLoop(panels, phase, cancellation);
            stationCpu = CpuSeconds(station.Id) - stationCpu;
            ownCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownCpu;
            var cpuPer1000 = stationCpu * 1000 / Math.Max(closed.Acked, 1) * 1000;
            Console.WriteLine($"throughput  {tcpPanels} TCP panels + {udpPanels} UDP senders, closed loop, {phase.TotalSeconds:F0} s:");
            Console.WriteLine($"            {closed.Acked / phase.TotalSeconds:F0} durable ACKs/s   ACK latency p50 {closed.P(50):F2} ms  p99 {closed.P(99):F2} ms   unanswered {closed.Unanswered}");
            Console.WriteLine($"            station CPU {stationCpu / phase.TotalSeconds * 100:F0}% of one core ({cpuPer1000:F0} ms per 1,000 ACKs), load generator {ownCpu / phase.TotalSeconds * 100:F0}%");

            Console.WriteLine($"… {rate} signals/s paced for {phase.TotalSeconds:F0} s");
            var paced = await Paced(panels.Take(Math.Max(tcpPanels, 1)).ToList(), rate, phase, cancellation);
            Console.WriteLine($"latency     {rate} signals/s paced over {Math.Max(tcpPanels, 1)} TCP panels, {phase.TotalSeconds:F0} s:");
            Console.WriteLine($"            {paced.Acked / phase.TotalSeconds:F0} ACKs/s achieved   ACK latency p50 {paced.P(50):F2} ms  p99 {paced.P(99):F2} ms   unanswered {paced.Unanswered}");
            var busyRss = ResidentMegabytes(station.Id);
            foreach (var panel in panels)
            {
                await panel.DisposeAsync();
                panel.Profile.Key?.Dispose();
            }

            Console.WriteLine($"… opening {idleConnections} idle connections");
            using var idleKey = settings.Aes ? Dc09Key.Parse(BenchKey, Dc09KeyFormat.Ascii) : null;
            var idleSockets = await OpenIdle(address, tcpPort, idleConnections, idleKey, cancellation);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            GC.KeepAlive(idleSockets);
            var idleRss = ResidentMegabytes(station.Id);
            Console.WriteLine($"memory      resident {busyRss:F0} MB after load; {idleRss:F0} MB holding {idleSockets.Count} idle TCP connections (each sent one NULL)");
            foreach (var socket in idleSockets)
            {
                socket.Dispose();
            }
            return new ReceiverFigures(closed.Acked / phase.TotalSeconds, closed.P(50), closed.P(99), closed.Unanswered, cpuPer1000,
                paced.Acked / phase.TotalSeconds, paced.P(50), paced.P(99), paced.Unanswered, busyRss, idleRss);
        }
        finally
        {
            station.Kill(entireProcessTree: true);
            await station.WaitForExitAsync(CancellationToken.None);
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    private sealed class Sample
    {
        private readonly List<double> _latencies = [];
        private readonly Lock _gate = new();
        public long Acked;
        public long Unanswered;

        public void Add(PanelReply reply)
        {
            if (reply.Kind == ReplyKind.Ack)
            {
                Interlocked.Increment(ref Acked);
                lock (_gate)
                {
                    _latencies.Add(reply.Latency.TotalMilliseconds);
                }
            }
            else
            {
                Interlocked.Increment(ref Unanswered);
            }
        }

        public double P(double percentile)
        {
            lock (_gate)
            {
                return Percentile(_latencies, percentile);
            }
        }
    }

    /// <summary>Nearest-rank percentile (sorts the list in place); NaN when there is nothing to rank.</summary>
    internal static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        values.Sort();
        return values[(int)Math.Clamp(Math.Ceiling(percentile / 100 * values.Count) - 1, 0, values.Count - 1)];
    }

    private static async Task<Sample> ClosedLoop(List<SimulatedPanel> panels, TimeSpan length, CancellationToken cancellation)
    {
        var sample = new Sample();
        var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(panels.Select(async panel =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancellation.IsCancellationRequested)
            {
                sample.Add(await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001", cancellation));
            }
        }));
        return sample;
    }

    private static async Task<Sample> Paced(List<SimulatedPanel> panels, int rate, TimeSpan length, CancellationToken cancellation)
    {
        var sample = new Sample();
        var perPanel = TimeSpan.FromSeconds(panels.Count / (double)rate);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(panels.Select(async (panel, index) =>
        {
            var next = TimeSpan.FromTicks(perPanel.Ticks * index / panels.Count);
            while (next < length && !cancellation.IsCancellationRequested)
            {
                var wait = next - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellation);
                }
                sample.Add(await panel.SendEventAsync(Dc09Token.AdmCid, "1130 01 003", cancellation));
                next += perPanel;
            }
        }));
        return sample;
    }

    private static async Task<List<Socket>> OpenIdle(IPAddress address, int port, int count, Dc09Key? key, CancellationToken cancellation)
    {
        var sockets = new List<Socket>(count);
        var buffer = new byte[256];
        for (var i = 0; i < count; i += 500)
        {
            // A keyed account's NULL must be encrypted and stamped (a plain one is refused): stamped afresh for each
            // group, so a slow opening stays inside the timestamp window.
            var nullFrame = key is null
                ? new Dc09Message { Token = Dc09Token.Null, Sequence = 1, Account = "100000" }.Encode()
                : new Dc09Message { Token = Dc09Token.Null, Sequence = 1, Account = "100000", Timestamp = DateTime.UtcNow }.Encode(key);
            var batch = await Task.WhenAll(Enumerable.Range(i, Math.Min(500, count - i)).Select(async _ =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(address, port, cancellation);
                await socket.SendAsync(nullFrame, SocketFlags.None, cancellation);
                await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellation);
                return socket;
            }));
            sockets.AddRange(batch);
        }
        return sockets;
    }

    /// <summary>User + system CPU seconds of a process, from /proc (clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Host, port and database of a connection string: never its password.</summary>
    private static string Where(string postgres)
    {
        var where = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
        return $"{where.Host}:{where.Port}/{where.Database}";
    }

    private static double ResidentMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }
        return double.NaN;
    }

}

/// <summary>Starts this same `vigie` program as a child process (apphost or `dotnet vigie.dll`).</summary>
internal static class SelfProcess
{
    public static Process Start(params string[] arguments) => Start(null, arguments);

    /// <param name="environment">Variables set for the child only (settings it reads as VIGIE_Section__Name).</param>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Process.Start(Info(environment, arguments)) ?? throw new InvalidOperationException("could not start the station process");

    /// <summary>Starts the child with what it prints appended to <paramref name="logPath"/> (a bench's figures stay readable).</summary>
    public static Process StartLogged(IReadOnlyDictionary<string, string>? environment, string logPath, params string[] arguments)
    {
        var info = Info(environment, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var gate = new Lock();
        var process = new Process { StartInfo = info };
        void Write(string? line)
        {
            lock (gate)
            {
                if (line is null)
                {
                    return;
                }
                log.WriteLine(line);
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        if (!process.Start())
        {
            log.Dispose();
            throw new InvalidOperationException("could not start the station process");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo Info(IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        var processPath = Environment.ProcessPath!;
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            info.FileName = processPath;
            info.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }
        else
        {
            info.FileName = processPath;
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }
}
