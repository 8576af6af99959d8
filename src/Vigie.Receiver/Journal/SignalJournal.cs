using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Vigie.Receiver.Journal;

/// <summary>
/// The durable journal of received signals. One writer thread takes every pending frame, writes them in one
/// transaction (group commit), and only then completes their appends, so a connection acknowledges a frame
/// only once it is on disk. Duplicates are recognised here, in the single writer, so two copies arriving at
/// once on two connections are still recorded once.
/// </summary>
public sealed class SignalJournal : ISignalJournal
{
    private readonly ReceiverOptions _options;
    private readonly TimeProvider _time;
    private readonly ReceiverMetrics _metrics;
    private readonly ILogger _logger;
    // Alarms wait apart and are taken first (see PendingEntries).
    private readonly PendingEntries _pending = new();
    private readonly DuplicateIndex _duplicates;
    private SqliteConnection? _connection;
    private Task? _writer;
    private Task? _checkpoints;
    private int _bulkCheckpointDone;
    private readonly CancellationTokenSource _closing = new();
    private long _nextId;
    private readonly IPanelContacts? _contacts;

    public SignalJournal(ReceiverOptions options, TimeProvider time, ReceiverMetrics metrics, ILogger<SignalJournal> logger, IPanelContacts? contacts = null)
    {
        _contacts = contacts;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _duplicates = new DuplicateIndex(options.DuplicateWindow);
    }

    public void Start()
    {
        _connection = ReceiverDatabase.Open(_options.DatabasePath, _options.JournalSynchronous);
        // Checkpoints move WAL pages into the database file. A side connection copies the bulk of them once a
        // second without stopping the writer; the writer then finishes each round itself (only the pages written
        // during that pass are left), which lets the next transaction restart the WAL from its beginning. Without that
        // last step the WAL never restarts under continuous load and grows without bound (1.6 GB in 25 s of
        // bench load before this was fixed), and writes to fresh WAL pages cost the kernel page zeroing.
        ReceiverDatabase.Execute(_connection, "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;");
        _checkpoints = Task.Run(CheckpointLoop);
        _nextId = Convert.ToInt64(ReceiverDatabase.Scalar(_connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM signals"), System.Globalization.CultureInfo.InvariantCulture);
        var loaded = LoadRecentForDuplicates(_connection);
        ReceiverLog.JournalOpened(_logger, _options.DatabasePath, _nextId - 1, loaded);
        // A thread of its own, blocking on SQLite and on the queue: on a pool thread the synchronous inserts would
        // hold one of the few workers the network needs (a 2-core machine starts with 2).
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writer = done.Task;
        new Thread(() =>
        {
            try
            {
                WriteLoop();
                done.SetResult();
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        })
        { IsBackground = true, Name = "vigie-journal-writer" }.Start();
    }

    /// <summary>Queues the entry; the returned task completes once it is committed (or recognised as a duplicate of a committed one).</summary>
    public ValueTask<AppendOutcome> AppendAsync(JournalEntry entry)
    {
        if (!_pending.TryAdd(entry))
        {
            return ValueTask.FromException<AppendOutcome>(new InvalidOperationException("the journal is closed"));
        }
        return entry.AsValueTask();
    }

    private int LoadRecentForDuplicates(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // Newest first, stopping at the first row older than the horizon: ids follow reception order, so no time index is needed.
        command.CommandText = "SELECT id, account, receiver, line, sequence, panel_time, received_at, content_hash, status FROM signals ORDER BY id DESC";
        var since = _time.GetUtcNow().UtcDateTime - (2 * _options.DuplicateWindow);
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            if (ReceiverDatabase.FromUnixMs(reader.GetInt64(6)) < since)
            {
                break;
            }
            var key = new DuplicateKey(
                CopySpace(SignalStatusNames.Parse(reader.GetString(8)), reader.IsDBNull(1) ? "" : reader.GetString(1)),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.GetInt32(4));
            var received = ReceiverDatabase.FromUnixMs(reader.GetInt64(6));
            var stamped = reader.IsDBNull(5) ? received : ReceiverDatabase.FromUnixMs(reader.GetInt64(5));
            _duplicates.RememberIfNewer(key, new DuplicateIndex.Seen(reader.GetInt64(0), stamped, received, reader.GetInt64(7)));
            count++;
        }
        return count;
    }

    private void WriteLoop()
    {
        var connection = _connection!;
        var batch = new List<JournalEntry>(_options.MaxCommitBatch);
        using var insert = new SqliteSignalInsert(connection);
        using var presence = connection.CreateCommand();
        presence.CommandText = """
            INSERT INTO presence(account, receiver, line, last_seen, transport, remote) VALUES ($account, $receiver, $line, $last_seen, $transport, $remote)
            ON CONFLICT(account, receiver, line) DO UPDATE SET last_seen = excluded.last_seen, transport = excluded.transport, remote = excluded.remote
            WHERE excluded.last_seen >= presence.last_seen
            """;
        var pAccount = presence.Parameters.Add("$account", SqliteType.Text);
        var pReceiver = presence.Parameters.Add("$receiver", SqliteType.Text);
        var pLine = presence.Parameters.Add("$line", SqliteType.Text);
        var pLastSeen = presence.Parameters.Add("$last_seen", SqliteType.Integer);
        var pTransport = presence.Parameters.Add("$transport", SqliteType.Text);
        var pRemote = presence.Parameters.Add("$remote", SqliteType.Text);
        var lastSeen = new LatestPresence(_options.PresenceFlushInterval);
        var outcomes = new List<AppendOutcome>(_options.MaxCommitBatch);
        var remembered = new List<DuplicateKey>();

        while (true)
        {
            var (turn, flushPresence) = _pending.NextTurnAsync(batch, _options.MaxCommitBatch, lastSeen).GetAwaiter().GetResult();
            if (turn != WriterTurn.Commit)
            {
                if (turn == WriterTurn.Stop)
                {
                    return;
                }
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            outcomes.Clear();
            remembered.Clear();
            var firstId = _nextId;
            try
            {
                using var transaction = connection.BeginTransaction();
                presence.Transaction = transaction;
                foreach (var entry in batch)
                {
                    lastSeen.Note(entry);
                    if (entry.PresenceOnly)
                    {
                        outcomes.Add(new AppendOutcome(0, false));
                        continue;
                    }
                    var key = new DuplicateKey(CopySpace(entry.Status, entry.Account ?? ""), entry.Receiver ?? "", entry.Line ?? "", entry.Sequence);
                    if (_duplicates.TryFindCopy(key, entry.DuplicateTime, entry.ContentHash, out var original))
                    {
                        outcomes.Add(new AppendOutcome(original, true));
                        continue;
                    }
                    var id = _nextId++;
                    insert.Insert(id, entry);
                    _duplicates.Remember(key, new DuplicateIndex.Seen(id, entry.DuplicateTime, entry.ReceivedAt, entry.ContentHash));
                    remembered.Add(key);
                    outcomes.Add(new AppendOutcome(id, false));
                }
                foreach (var (key, entry) in flushPresence ? lastSeen.Latest : ReadOnlyDictionary<DuplicateKey, JournalEntry>.Empty)
                {
                    pAccount.Value = key.Account;
                    pReceiver.Value = key.Receiver;
                    pLine.Value = key.Line;
                    pLastSeen.Value = ReceiverDatabase.ToUnixMs(entry.ReceivedAt);
                    pTransport.Value = entry.Transport;
                    pRemote.Value = (object?)entry.Remote ?? DBNull.Value;
                    presence.ExecuteNonQuery();
                }
                transaction.Commit();
                if (flushPresence)
                {
                    lastSeen.Flushed();
                }
            }
            catch (Exception error)
            {
                // Whatever went wrong, the writer must live on: nothing of this batch is acknowledged,
                // panels resend, and the next batch tries again.
                _nextId = firstId;
                foreach (var key in remembered)
                {
                    _duplicates.Forget(key);
                }
                ReceiverLog.JournalCommitFailed(_logger, batch.Count, error);
                foreach (var entry in batch)
                {
                    entry.Fail(error);
                }
                continue;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.JournalCommitted(batch.Count, elapsed);
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Duplicate)
                {
                    _metrics.Duplicate();
                }
            }
            CommitHandOff.Complete(batch, outcomes);
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
            if (Interlocked.Exchange(ref _bulkCheckpointDone, 0) == 1)
            {
                FinishCheckpoint(connection);
            }
        }
    }

    /// <summary>
    /// Untrusted messages (unknown account, unreadable, refused plain) are copies only of one another: were they
    /// copies of trusted ones, a forger sending a plain message ahead of the panel's encrypted one (same sequence,
    /// same data) would have the real message taken for a copy and never reach the station.
    /// </summary>
    private static string CopySpace(SignalStatus status, string account) =>
        SignalStatusNames.IsUntrusted(status) ? "\u0001" + account : account;

    private void FinishCheckpoint(SqliteConnection connection)
    {
        try
        {
            ReceiverDatabase.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (SqliteException error)
        {
            ReceiverLog.CheckpointFailed(_logger, error);
        }
    }

    private async Task CheckpointLoop()
    {
        using var connection = ReceiverDatabase.Open(_options.DatabasePath, _options.JournalSynchronous);
        using var timer = new PeriodicTimer(_options.CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                try
                {
                    ReceiverDatabase.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                    // The writer finishes right after, when only the pages written during this pass are left.
                    Volatile.Write(ref _bulkCheckpointDone, 1);
                }
                catch (SqliteException error)
                {
                    ReceiverLog.CheckpointFailed(_logger, error);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
        // Leave a small WAL behind: the next start reads less.
        ReceiverDatabase.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Close();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_checkpoints is not null)
        {
            await _checkpoints.ConfigureAwait(false);
            _checkpoints = null;
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
