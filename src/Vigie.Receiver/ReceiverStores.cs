using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Journal.Postgres;

namespace Vigie.Receiver;

/// <summary>
/// The receiver's storage ports and the store behind them: the SQLite file in the data folder (the embedded default), or
/// the PostgreSQL database of <see cref="ReceiverOptions.Postgres"/> a cluster of stations shares.
/// </summary>
public static class ReceiverStores
{
    public static IServiceCollection AddReceiverStores(this IServiceCollection services, ReceiverOptions options)
    {
        if (options.Postgres is { } postgres)
        {
            services.AddSingleton<IAccountRegistry>(sp => new PostgresAccountStore(postgres, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IDataProtectionProvider>()));
            services.AddSingleton<PostgresSignalJournal>();
            services.AddSingleton<ISignalJournal>(sp => sp.GetRequiredService<PostgresSignalJournal>());
            services.AddSingleton<IJournalReader>(_ => new PostgresJournalReader(postgres));
            return services;
        }
        services.AddSingleton(sp => new AccountStore(options.DatabasePath, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddSingleton<IAccountRegistry>(sp => sp.GetRequiredService<AccountStore>());
        services.AddSingleton<SignalJournal>();
        services.AddSingleton<ISignalJournal>(sp => sp.GetRequiredService<SignalJournal>());
        services.AddSingleton<IJournalReader>(_ => new SqliteJournalReader(options.DatabasePath));
        return services;
    }

    /// <summary>The account registry outside a host (the CLI): PostgreSQL when a connection string is given, else the data folder's file.</summary>
    public static IAccountRegistry Accounts(string dataDirectory, string? postgres, TimeProvider time) =>
        postgres is null
            ? AccountStore.ForDataFolder(dataDirectory, time)
            : new PostgresAccountStore(postgres, time, StationKeyRing.Open(dataDirectory, postgres));

    /// <summary>The journal's reading side outside a host (the CLI).</summary>
    public static IJournalReader Journal(string dataDirectory, string? postgres) =>
        postgres is null ? new SqliteJournalReader(Path.Combine(dataDirectory, "vigie.db")) : new PostgresJournalReader(postgres);
}
