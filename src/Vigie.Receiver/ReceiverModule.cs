using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Listeners;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver;

/// <summary>The receiver's whole public surface for a host: AddVigieReceiver and ListenDc09.</summary>
public static class ReceiverModule
{
    public static IServiceCollection AddVigieReceiver(this IServiceCollection services, ReceiverOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReceiverMetrics>();
        services.AddStationKeyRing(options.DataDirectory, options.Postgres);
        services.AddSingleton(sp => new AccountStore(options.DatabasePath, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()));
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<AccountWatcher>();
        services.AddSingleton<SignalJournal>();
        services.AddSingleton<RefusalLedger>();
        services.AddSingleton<ConnectionLimits>();
        services.AddSingleton<FrameReception>();
        services.AddSingleton<Dc09UdpListener>();
        services.AddSingleton<Dc09ConnectionHandler>();
        services.AddSingleton<ReceiverReadiness>();
        services.AddHostedService<ReceiverService>();
        return services;
    }

    /// <summary>Puts the DC-09 TCP listener on Kestrel, beside the HTTP endpoints.</summary>
    public static void ListenDc09(this KestrelServerOptions kestrel, ReceiverOptions options)
    {
        if (options.TcpPort < 0)
        {
            return;
        }
        kestrel.Listen(IPAddress.Parse(options.BindAddress), options.TcpPort, listen =>
        {
            listen.Protocols = HttpProtocols.None;
            listen.UseConnectionHandler<Dc09ConnectionHandler>();
        });
    }
}

/// <summary>Starts the journal, the account registry and the UDP listener before Kestrel accepts panels; stops them after.</summary>
internal sealed class ReceiverService(
    ReceiverOptions options,
    SignalJournal journal,
    AccountWatcher watcher,
    AccountStore accounts,
    Dc09UdpListener udp,
    ReceiverReadiness readiness,
    ILogger<ReceiverService> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _watching;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        journal.Start();
        var protectedNow = accounts.ProtectPlaintextKeys();
        if (protectedNow > 0)
        {
            ReceiverLog.KeysProtected(logger, protectedNow);
        }
        watcher.LoadNow();
        _watching = watcher.RunAsync(_stopping.Token);
        if (options.UdpPort >= 0)
        {
            udp.Start();
        }
        if (options.TcpPort >= 0)
        {
            ReceiverLog.Listening(logger, "TCP", $"{options.BindAddress}:{options.TcpPort}");
        }
        readiness.MarkReady();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_watching is not null)
            {
                await _watching.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }
        await udp.DisposeAsync().ConfigureAwait(false);
        await journal.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}

/// <summary>
/// Opens the door once the journal and the accounts are loaded. Kestrel may accept a panel's connection before
/// this service has started; that connection waits here, so its first frame is never judged against an empty
/// account registry (and stored as unknown-account).
/// </summary>
public sealed class ReceiverReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public void MarkReady() => _ready.TrySetResult();
}
