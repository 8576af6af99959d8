using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Vigie.Receiver.Journal.Postgres;

/// <summary>
/// The signal journal on the PostgreSQL database a cluster of stations shares. One writer loop per station takes every
/// pending frame, inserts them in one transaction (one multi-row INSERT), and completes their appends only after the
/// COMMIT (synchronous_commit stays on). Copies are recognised twice: in memory with the same window rule as the
/// SQLite journal (a panel's retry to this station), and by the unique copy key (the same message received by two
/// stations, a panel reporting to its primary and backup receivers): the second insert does nothing and its append
/// completes as a duplicate of the first row.
/// </summary>
internal sealed class PostgresSignalJournal : ISignalJournal
{
    /// <summary>
    /// Held shared by every writer transaction from before it takes ids until its commit; the reader takes it exclusively
    /// for an instant to wait for the transactions that might still commit ids below the ones it saw (see the reader).
    /// </summary>
    internal const long InFlightLock = 0x5669676965_4A6C; // "VigieJl"

    private const int DeadlockRetries = 3;

    private readonly ReceiverOptions _options;
    private readonly TimeProvider _time;
    private readonly ReceiverMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IPanelContacts? _contacts;
    private readonly NpgsqlDataSource _database;
    // Alarms wait apart and are taken first, as in the SQLite journal: lower ids, committed and completed first.
    private readonly PendingEntries _pending = new();
    private readonly DuplicateIndex _duplicates;
    private Task? _writer;

    public PostgresSignalJournal(ReceiverOptions options, TimeProvider time, ReceiverMetrics metrics, ILogger<PostgresSignalJournal> logger, IPanelContacts? contacts = null)
    {
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _contacts = contacts;
        _database = NpgsqlDataSource.Create(options.Postgres ?? throw new ArgumentException("no PostgreSQL connection string", nameof(options)));
        _duplicates = new DuplicateIndex(options.DuplicateWindow);
    }

    public void Start()
    {
        ReceiverSchema.Migrate(_options.Postgres!);
        var (stored, loaded) = LoadRecentForDuplicates();
        var where = new NpgsqlConnectionStringBuilder(_options.Postgres);
        ReceiverLog.JournalOpened(_logger, $"postgresql://{where.Host}:{where.Port}/{where.Database}", stored, loaded);
        _writer = Task.Run(WriteLoop);
    }

    public ValueTask<AppendOutcome> AppendAsync(JournalEntry entry)
    {
        if (!_pending.TryAdd(entry))
        {
            return ValueTask.FromException<AppendOutcome>(new InvalidOperationException("the journal is closed"));
        }
        return entry.AsValueTask();
    }

    /// <summary>
    /// The copy key: the DC-09 idempotency key, the content, and the panel's stamp, or, when it sent none, the window
    /// of the reception (<paramref name="shifted"/>: the window of a grid offset by half a window; null for a stamped
    /// message, whose stamp is the same in every copy).
    /// </summary>
    internal static string? CopyKey(JournalEntry entry, TimeSpan window, bool shifted = false)
    {
        string stamp;
        if (entry.PanelTime is { } panel)
        {
            if (shifted)
            {
                return null;
            }
            stamp = "p" + ReceiverDatabase.ToUnixMs(panel).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            var width = Math.Max(2, (long)window.TotalMilliseconds);
            var received = ReceiverDatabase.ToUnixMs(entry.ReceivedAt) + (shifted ? width / 2 : 0);
            stamp = (shifted ? "s" : "r") + (received / width).ToString(CultureInfo.InvariantCulture);
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{CopySpace(entry.Status, entry.Account ?? "")}|{entry.Receiver}|{entry.Line}|{entry.Sequence}|{entry.ContentHash}|{stamp}");
    }

    /// <summary>As in the SQLite journal: untrusted messages are copies only of one another (a forger cannot have a real message swallowed).</summary>
    private static string CopySpace(SignalStatus status, string account) =>
        SignalStatusNames.IsUntrusted(status) ? "\u0001" + account : account;

    private (long Stored, int Loaded) LoadRecentForDuplicates()
    {
        using var connection = _database.OpenConnection();
        using var count = new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) FROM receiver_signals", connection);
        var stored = (long)count.ExecuteScalar()!;
        using var command = new NpgsqlCommand("""
            SELECT id, account, receiver, line, sequence, panel_time, received_at, content_hash, status
            FROM receiver_signals WHERE received_at >= @since ORDER BY id DESC
            """, connection);
        command.Parameters.AddWithValue("since", _time.GetUtcNow().UtcDateTime - (2 * _options.DuplicateWindow));
        using var reader = command.ExecuteReader();
        var loaded = 0;
        while (reader.Read())
        {
            var key = new DuplicateKey(
                CopySpace(SignalStatusNames.Parse(reader.GetString(8)), reader.IsDBNull(1) ? "" : reader.GetString(1)),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.GetInt32(4));
            var received = reader.GetDateTime(6);
            var stamped = reader.IsDBNull(5) ? received : reader.GetDateTime(5);
            _duplicates.RememberIfNewer(key, new DuplicateIndex.Seen(reader.GetInt64(0), stamped, received, reader.GetInt64(7)));
            loaded++;
        }
        return (stored, loaded);
    }

    private async Task WriteLoop()
    {
        var batch = new List<JournalEntry>(_options.MaxCommitBatch);
        var presence = new LatestPresence(_options.PresenceFlushInterval);
        var plan = new BatchPlan(_options.MaxCommitBatch);
        NpgsqlConnection? connection = null;
        try
        {
            while (true)
            {
                var (turn, flushPresence) = await _pending.NextTurnAsync(batch, _options.MaxCommitBatch, presence).ConfigureAwait(false);
                if (turn != WriterTurn.Commit)
                {
                    if (turn == WriterTurn.Stop)
                    {
                        return;
                    }
                    continue;
                }
                var started = Stopwatch.GetTimestamp();
                foreach (var entry in batch)
                {
                    presence.Note(entry);
                }
                plan.Prepare(batch, _duplicates, _options.DuplicateWindow);
                try
                {
                    connection ??= await _database.OpenConnectionAsync().ConfigureAwait(false);
                    await CommitWithRetries(connection, plan, flushPresence ? presence.Latest : null).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    // Nothing of this batch is acknowledged; panels resend and the next batch tries again on a new connection.
                    plan.Forget(_duplicates);
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                    ReceiverLog.JournalCommitFailed(_logger, batch.Count, error);
                    foreach (var entry in batch)
                    {
                        entry.Fail(error);
                    }
                    continue;
                }
                if (flushPresence)
                {
                    presence.Flushed();
                }
                _metrics.JournalCommitted(batch.Count, Stopwatch.GetElapsedTime(started));
                plan.Complete(batch, _duplicates, _metrics);
                if (_contacts is { } contacts)
                {
                    foreach (var entry in batch)
                    {
                        // Copies count: a panel resending is a panel alive. Messages a key does not open do not.
                        if (entry.SiteReference is { } site && SignalStatusNames.IsLifeSign(entry.Status))
                        {
                            contacts.Heard(new PanelContact(site, entry.Line, entry.ReceivedAt, entry.CyclicTest));
                        }
                    }
                }
                _duplicates.Sweep(_time.GetUtcNow().UtcDateTime);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task CommitWithRetries(NpgsqlConnection connection, BatchPlan plan, IReadOnlyDictionary<DuplicateKey, JournalEntry>? presence)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Commit(connection, plan, presence).ConfigureAwait(false);
                return;
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeadlockRetries)
            {
                // Two stations inserting copies of the same messages in opposite orders: PostgreSQL cancels one; it tries again.
                plan.ResetIds();
            }
        }
    }

    private static async Task Commit(NpgsqlConnection connection, BatchPlan plan, IReadOnlyDictionary<DuplicateKey, JournalEntry>? presence)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared(@lock)");
            lockCommand.Parameters.AddWithValue("lock", InFlightLock);
            batch.BatchCommands.Add(lockCommand);
            if (plan.Rows.Count > 0)
            {
                batch.BatchCommands.Add(plan.InsertCommand());
            }
            if (presence is { Count: > 0 })
            {
                batch.BatchCommands.Add(PresenceCommand(presence));
            }
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            await reader.NextResultAsync().ConfigureAwait(false);
            if (plan.Rows.Count > 0)
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    plan.Inserted(reader.GetString(1), reader.GetInt64(0));
                }
            }
        }
        var copies = plan.CopiesOfOtherRows();
        if (copies.Count > 0)
        {
            // Rows another station committed first (the insert waited for it, then did nothing): their ids, found by
            // either key (a copy received across a window's edge meets its row on the shifted grid only).
            await using var select = new NpgsqlCommand(
                "SELECT id, copy_key, copy_key_shifted FROM receiver_signals WHERE copy_key = ANY(@keys) OR copy_key_shifted = ANY(@keys)",
                connection, transaction);
            select.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. copies] });
            await using var reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                plan.StoredElsewhere(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(0));
            }
        }
        plan.EnsureAllStored();
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand PresenceCommand(IReadOnlyDictionary<DuplicateKey, JournalEntry> presence)
    {
        // Always the same order: two stations updating the same accounts never wait on each other in a cycle.
        var rows = presence.OrderBy(p => p.Key.Account, StringComparer.Ordinal).ThenBy(p => p.Key.Receiver, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Line, StringComparer.Ordinal).ToList();
        var command = new NpgsqlBatchCommand("""
            INSERT INTO receiver_presence(account, receiver, line, last_seen, transport, remote)
            SELECT * FROM unnest(@account, @receiver, @line, @last_seen, @transport, @remote)
            ON CONFLICT (account, receiver, line) DO UPDATE SET last_seen = excluded.last_seen, transport = excluded.transport, remote = excluded.remote
            WHERE excluded.last_seen >= receiver_presence.last_seen
            """);
        command.Parameters.Add(TextArray("account", [.. rows.Select(r => r.Key.Account)]));
        command.Parameters.Add(TextArray("receiver", [.. rows.Select(r => r.Key.Receiver)]));
        command.Parameters.Add(TextArray("line", [.. rows.Select(r => r.Key.Line)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("last_seen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = [.. rows.Select(r => ReceiverSchema.Millisecond(r.Value.ReceivedAt))],
        });
        command.Parameters.Add(TextArray("transport", [.. rows.Select(r => r.Value.Transport)]));
        command.Parameters.Add(TextArray("remote", [.. rows.Select(r => r.Value.Remote)]));
        return command;
    }

    internal static NpgsqlParameter<string?[]> TextArray(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = values };

    public async ValueTask DisposeAsync()
    {
        _pending.Close();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
        await _database.DisposeAsync().ConfigureAwait(false);
    }
}
