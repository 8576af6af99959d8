using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver;
using Vigie.Receiver.Postgres;
using Vigie.Receiver.Security;

namespace Vigie.Cli.Commands;

/// <summary>Options shared by several commands, spelled the same everywhere (scripts rely on them).</summary>
internal static class CommonOptions
{
    /// <summary>The console's services (accounts, invitations) over the station's data folder, without starting anything.</summary>
    public static Task<int> WithConsoleServices(string data, Func<IServiceProvider, Task<int>> action) => WithConsoleServices(data, null, action);

    /// <param name="postgres">The --postgres flag's value (null: the settings' Receiver:Postgres, else SQLite files).</param>
    public static async Task<int> WithConsoleServices(string data, string? postgres, Func<IServiceProvider, Task<int>> action)
    {
        var receiver = LoadReceiverOptions(data, postgres);
        WebApplication app;
        try
        {
            app = Vigie.Web.ConsoleHost.Build(receiver, LoadStationOptions(data), LoadConsoleOptions(data),
                LoadHostSettings(data) with { HttpPort = -1, MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning });
        }
        catch (Exception refused) when (refused is Vigie.Web.Staff.DemoFolderException or PostgresSettingException)
        {
            // Accounts are not added beside the demo's, whose passwords were printed; a database that cannot be
            // reached is named by its option, without its password.
            Console.Error.WriteLine($"error: {refused.Message}");
            return 1;
        }
        await using (app)
        {
            using var scope = app.Services.CreateScope();
            return await action(scope.ServiceProvider);
        }
    }

    public static Option<string> Data() => Data("data", "Folder of the station's database (vigie.db) and settings (vigie.json).");

    /// <summary>
    /// --postgres: the cluster's shared database (Npgsql connection string); then --data holds only local files
    /// (settings, panel key files, TLS). Default: Receiver:Postgres of vigie.json or VIGIE_Receiver__Postgres.
    /// </summary>
    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "PostgreSQL database shared by the stations of a cluster (Host=…;Port=…;Username=…;Database=…); default Receiver:Postgres (VIGIE_Receiver__Postgres); without: SQLite files under --data.",
    };

    /// <summary>--data with another default (the demo's folder for the demo and the simulator).</summary>
    public static Option<string> Data(string folder, string description) => new("--data")
    {
        Description = description,
        DefaultValueFactory = _ => folder,
    };

    /// <summary>
    /// The process's web side and key ring: sections "Web" (bind, HTTPS) and "DataProtection" of vigie.json, then
    /// VIGIE_Web__X and VIGIE_DataProtection__X variables; ports and log level are the caller's.
    /// </summary>
    public static HostSettings LoadHostSettings(string data)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(Path.Combine(data, "vigie.json")), optional: true)
            .AddEnvironmentVariables("VIGIE_")
            .Build();
        var web = new WebSettings();
        configuration.GetSection(WebSettings.Section).Bind(web);
        return new HostSettings { Web = web, KeyRing = KeyRingSettings.Load(data) };
    }

    /// <summary>
    /// Receiver settings: defaults, then DATA/vigie.json ("Receiver" section), then environment variables
    /// VIGIE_Receiver__Name; command-line flags are applied by the caller last.
    /// </summary>
    public static ReceiverOptions LoadReceiverOptions(string data, string? postgres = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(Path.Combine(data, "vigie.json")), optional: true)
            .AddEnvironmentVariables("VIGIE_")
            .Build();
        var options = new ReceiverOptions();
        configuration.GetSection(ReceiverOptions.Section).Bind(options);
        options.DataDirectory = data;
        options.Postgres = postgres ?? options.Postgres;
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            options.Postgres = null;
        }
        return options;
    }

    /// <summary>The engine's figures from DATA/vigie.json section "Engine" and VIGIE_Engine__X variables; e-mail from section "Email".</summary>
    public static Vigie.Station.StationOptions LoadStationOptions(string data)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(Path.Combine(data, "vigie.json")), optional: true)
            .AddEnvironmentVariables("VIGIE_")
            .Build();
        var options = new Vigie.Station.StationOptions();
        configuration.GetSection(Vigie.Station.StationOptions.Section).Bind(options);
        configuration.GetSection(Vigie.Station.Mail.EmailOptions.Section).Bind(options.Email);
        configuration.GetSection(Vigie.Station.Cameras.CameraOptions.Section).Bind(options.Cameras);
        options.EventLogPath ??= Path.Combine(data, "events.db");
        return options;
    }

    /// <summary>The console's settings: section "Console" of vigie.json, then VIGIE_Console__… variables.</summary>
    public static Vigie.Web.ConsoleOptions LoadConsoleOptions(string data)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(Path.Combine(data, "vigie.json")), optional: true)
            .AddEnvironmentVariables("VIGIE_")
            .Build();
        var options = new Vigie.Web.ConsoleOptions();
        configuration.GetSection("Console").Bind(options);
        return options;
    }

    /// <summary>The station's HTTP address for commands that talk to a running station.</summary>
    public static Option<string> Url() => new("--url")
    {
        Description = "The running station's HTTP address.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VIGIE_URL") ?? "http://127.0.0.1:8080",
    };
}

/// <summary>One `vigie serve` per data folder: two writers on one journal would break sequence ids.</summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _lock;

    private DataFolderLock(FileStream stream) => _lock = stream;

    public static DataFolderLock Acquire(string data)
    {
        StationDataFolder.Secure(data);
        var path = Path.Combine(data, "vigie.lock");
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"another vigie station is already running on {Path.GetFullPath(data)}");
        }
    }

    public void Dispose() => _lock.Dispose();
}
