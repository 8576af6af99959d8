using Microsoft.Extensions.Logging.Abstractions;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Journal.Postgres;
using Vigie.Tests;

namespace Vigie.Receiver.Tests;

/// <summary>The receiver's two stores, for tests that run against both: the SQLite file and a fresh PostgreSQL database.</summary>
public enum StoreKind { Sqlite, Postgres }

/// <summary>One store: its options (data folder, connection string), and journals, readers and registries opened on it.</summary>
internal sealed class JournalStore : IAsyncDisposable
{
    private readonly Dictionary<ISignalJournal, Once> _opened = [];

    private JournalStore(StoreKind kind, ReceiverOptions options)
    {
        Kind = kind;
        Options = options;
    }

    public StoreKind Kind { get; }
    public ReceiverOptions Options { get; }

    public static async Task<JournalStore> CreateAsync(StoreKind kind, Func<ReceiverOptions, ReceiverOptions>? configure = null)
    {
        var options = new ReceiverOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "vigie-store", Guid.NewGuid().ToString("N")),
            JournalSynchronous = "NORMAL",
            PresenceFlushInterval = TimeSpan.Zero,
            Postgres = kind == StoreKind.Postgres ? await PostgresServer.NewDatabaseAsync("journal") : null,
        };
        return new JournalStore(kind, configure?.Invoke(options) ?? options);
    }

    /// <summary>
    /// A journal (a station's writer), started unless <paramref name="start"/> is false (appends then wait in its queue
    /// until the test starts it); disposed with the store unless the test disposes it first.
    /// </summary>
    public ISignalJournal Journal(TimeProvider? time = null, IPanelContacts? contacts = null, bool start = true)
    {
        ISignalJournal journal = Kind == StoreKind.Sqlite
            ? new SignalJournal(Options, time ?? TimeProvider.System, new ReceiverMetrics(), NullLogger<SignalJournal>.Instance, contacts)
            : new PostgresSignalJournal(Options, time ?? TimeProvider.System, new ReceiverMetrics(), NullLogger<PostgresSignalJournal>.Instance, contacts);
        if (start)
        {
            journal.Start();
        }
        _opened.Add(journal, new Once(journal));
        return journal;
    }

    /// <summary>Stops a journal as a station stopping does: pending appends are committed first.</summary>
    public ValueTask CloseAsync(ISignalJournal journal) => _opened[journal].DisposeAsync();

    public IJournalReader Reader() => ReceiverStores.Journal(Options.DataDirectory, Options.Postgres);

    public IAccountRegistry Accounts() => ReceiverStores.Accounts(Options.DataDirectory, Options.Postgres, TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in _opened.Values)
        {
            await opened.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Options.DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>A journal the test may already have closed (a restart): closed once.</summary>
    private sealed class Once(IAsyncDisposable inner) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _done, 1) == 0 ? inner.DisposeAsync() : ValueTask.CompletedTask;
    }
}
