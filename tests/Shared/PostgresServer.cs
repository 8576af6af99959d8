using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vigie.Tests;

/// <summary>
/// A private PostgreSQL server for this test process: a temporary cluster (Debian's initdb and pg_ctl) on a free
/// loopback port, started on first use, stopped when the process ends. Each test takes a fresh database of its own,
/// so tests run in parallel without seeing each other's rows. A cluster left behind by a killed test process is
/// stopped and removed by the next run.
/// </summary>
public sealed class PostgresServer
{
    private const string Owner = "vigie";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _shared;

    private readonly string _bin;
    private readonly string _folder;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's superuser on the <c>postgres</c> database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Owner,
        Database = database,
    }.ConnectionString;

    /// <summary>The server shared by every test of this process, started on first call.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new empty database on the shared server; its Npgsql connection string.</summary>
    public static async Task<string> NewDatabaseAsync(string prefix = "t")
    {
        var server = await SharedAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return server.ConnectionString(name);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var root = Path.Combine(Path.GetTempPath(), "vigie-pg");
        Directory.CreateDirectory(root);
        RemoveOrphans(bin, root, runAs);

        var folder = Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        if (runAs is not null)
        {
            Run("chown", ["-R", $"{runAs}:", folder], null);
        }

        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", Owner, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], runAs);
        // The OS-picked port may be taken by someone else before the server binds it: then try another.
        var port = 0;
        for (var attempt = 1; port == 0; attempt++)
        {
            var candidate = FreePort();
            var options = string.Join(' ',
                $"-p {candidate}", "-c listen_addresses=127.0.0.1", $"-k {folder}", "-c max_connections=400",
                "-c shared_buffers=128MB", "-c synchronous_commit=on");
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "120", "-o", options, "start"], runAs);
                port = candidate;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
            }
        }

        var server = new PostgresServer(bin, folder, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(runAs);
        return server;
    }

    private void Stop(string? runAs)
    {
        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], runAs);
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The next run removes what is left (RemoveOrphans).
        }
    }

    /// <summary>Clusters whose test process is gone (killed before its exit handler ran).</summary>
    private static void RemoveOrphans(string bin, string root, string? runAs)
    {
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var ownerFile = Path.Combine(folder, "owner.pid");
            if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile), out var pid) && IsAlive(pid))
            {
                continue;
            }
            try
            {
                if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                {
                    Run(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"], runAs);
                }
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FindBin()
    {
        if (Environment.GetEnvironmentVariable("VIGIE_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }
        const string debian = "/usr/lib/postgresql";
        var newest = Directory.Exists(debian)
            ? Directory.EnumerateDirectories(debian)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return newest is null
            ? throw new InvalidOperationException("PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin (apt-get install postgresql, or set VIGIE_PG_BIN)")
            : Path.Combine(newest, "bin");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, IReadOnlyList<string> arguments, string? runAs)
    {
        var start = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 3 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }
}
