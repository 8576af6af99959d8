using Npgsql;
using NpgsqlTypes;

namespace Vigie.Receiver.Journal.Postgres;

/// <summary>
/// What one group commit does with each entry of its batch: insert it, answer it as a copy of a row already known
/// (in memory, or inserted earlier in the same batch), or only note the account's presence. Reused batch after batch
/// by the single writer loop; not thread-safe.
/// </summary>
internal sealed class BatchPlan(int capacity)
{
    private readonly List<Fate> _fates = new(capacity);
    private readonly Dictionary<string, int> _rowByCopyKey = new(capacity, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _rowByShiftedKey = new(capacity, StringComparer.Ordinal);
    private readonly List<DuplicateKey> _remembered = new(capacity);

    public List<Row> Rows { get; } = new(capacity);

    public sealed class Row(JournalEntry entry, DuplicateKey key, string copyKey, string? shiftedKey)
    {
        public JournalEntry Entry { get; } = entry;
        public DuplicateKey Key { get; } = key;
        public string CopyKey { get; } = copyKey;
        /// <summary>The key on the half-window-offset grid, for a message without a panel stamp.</summary>
        public string? ShiftedKey { get; } = shiftedKey;
        public long Id { get; set; }
        /// <summary>Another station committed this message first: the append is a duplicate of its row.</summary>
        public bool StoredElsewhere { get; set; }
    }

    private enum FateKind { PresenceOnly, Insert, CopyOfRow, CopyOfKnown }

    private readonly record struct Fate(FateKind Kind, long Target);

    public void Prepare(List<JournalEntry> batch, DuplicateIndex duplicates, TimeSpan window)
    {
        _fates.Clear();
        _rowByCopyKey.Clear();
        _rowByShiftedKey.Clear();
        _remembered.Clear();
        Rows.Clear();
        foreach (var entry in batch)
        {
            if (entry.PresenceOnly)
            {
                _fates.Add(new Fate(FateKind.PresenceOnly, 0));
                continue;
            }
            var key = new DuplicateKey(CopySpace(entry), entry.Receiver ?? "", entry.Line ?? "", entry.Sequence);
            if (duplicates.TryFindCopy(key, entry.DuplicateTime, entry.ContentHash, out var original))
            {
                // Negative: a row of this very batch, remembered before its insert gave it an id.
                _fates.Add(original > 0 ? new Fate(FateKind.CopyOfKnown, original) : new Fate(FateKind.CopyOfRow, -original - 1));
                continue;
            }
            var copyKey = PostgresSignalJournal.CopyKey(entry, window)!;
            if (_rowByCopyKey.TryGetValue(copyKey, out var earlier))
            {
                _fates.Add(new Fate(FateKind.CopyOfRow, earlier));
                continue;
            }
            var index = Rows.Count;
            var shiftedKey = PostgresSignalJournal.CopyKey(entry, window, shifted: true);
            Rows.Add(new Row(entry, key, copyKey, shiftedKey));
            _rowByCopyKey[copyKey] = index;
            if (shiftedKey is not null)
            {
                _rowByShiftedKey.TryAdd(shiftedKey, index);
            }
            duplicates.Remember(key, new DuplicateIndex.Seen(-(index + 1), entry.DuplicateTime, entry.ReceivedAt, entry.ContentHash));
            _remembered.Add(key);
            _fates.Add(new Fate(FateKind.Insert, index));
        }
    }

    private static string CopySpace(JournalEntry entry) =>
        SignalStatusNames.IsUntrusted(entry.Status) ? "\u0001" + (entry.Account ?? "") : entry.Account ?? "";

    /// <summary>One multi-row INSERT of every row, in reception order; a row another station committed (either key) is skipped.</summary>
    public NpgsqlBatchCommand InsertCommand()
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO receiver_signals(received_at, transport, remote, token, account, receiver, line, sequence, panel_time, status,
                site_ref, data, xdata, events, raw, content_hash, copy_key, copy_key_shifted)
            SELECT * FROM unnest(@received_at, @transport, @remote, @token, @account, @receiver, @line, @sequence, @panel_time, @status,
                @site_ref, @data, @xdata, @events, @raw, @content_hash, @copy_key, @copy_key_shifted)
            ON CONFLICT DO NOTHING
            RETURNING id, copy_key
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<DateTime[]>("received_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = [.. Rows.Select(r => ReceiverSchema.Millisecond(r.Entry.ReceivedAt))],
        });
        p.Add(PostgresSignalJournal.TextArray("transport", [.. Rows.Select(r => r.Entry.Transport)]));
        p.Add(PostgresSignalJournal.TextArray("remote", [.. Rows.Select(r => r.Entry.Remote)]));
        p.Add(PostgresSignalJournal.TextArray("token", [.. Rows.Select(r => r.Entry.Token)]));
        p.Add(PostgresSignalJournal.TextArray("account", [.. Rows.Select(r => r.Entry.Account)]));
        p.Add(PostgresSignalJournal.TextArray("receiver", [.. Rows.Select(r => r.Entry.Receiver)]));
        p.Add(PostgresSignalJournal.TextArray("line", [.. Rows.Select(r => r.Entry.Line)]));
        p.Add(new NpgsqlParameter<int[]>("sequence", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. Rows.Select(r => r.Entry.Sequence)] });
        p.Add(new NpgsqlParameter<DateTime?[]>("panel_time", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = [.. Rows.Select(r => r.Entry.PanelTime is { } t ? ReceiverSchema.Millisecond(t) : (DateTime?)null)],
        });
        p.Add(PostgresSignalJournal.TextArray("status", [.. Rows.Select(r => SignalStatusNames.Name(r.Entry.Status))]));
        p.Add(PostgresSignalJournal.TextArray("site_ref", [.. Rows.Select(r => r.Entry.SiteReference)]));
        p.Add(PostgresSignalJournal.TextArray("data", [.. Rows.Select(r => r.Entry.Data)]));
        p.Add(PostgresSignalJournal.TextArray("xdata", [.. Rows.Select(r => r.Entry.ExtendedData)]));
        p.Add(PostgresSignalJournal.TextArray("events", [.. Rows.Select(r => r.Entry.Events)]));
        p.Add(new NpgsqlParameter<byte[][]>("raw", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. Rows.Select(r => r.Entry.Raw)] });
        p.Add(new NpgsqlParameter<long[]>("content_hash", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. Rows.Select(r => r.Entry.ContentHash)] });
        p.Add(PostgresSignalJournal.TextArray("copy_key", [.. Rows.Select(r => r.CopyKey)]));
        p.Add(PostgresSignalJournal.TextArray("copy_key_shifted", [.. Rows.Select(r => r.ShiftedKey)]));
        return command;
    }

    public void Inserted(string copyKey, long id) => Rows[_rowByCopyKey[copyKey]].Id = id;

    /// <summary>Both keys of every row the insert skipped: rows another station committed first.</summary>
    public List<string> CopiesOfOtherRows() =>
        [.. Rows.Where(r => r.Id == 0).SelectMany(r => r.ShiftedKey is { } shifted ? [r.CopyKey, shifted] : new[] { r.CopyKey })];

    /// <summary>A stored row met one of ours on either key: ours is its copy.</summary>
    public void StoredElsewhere(string copyKey, string? shiftedKey, long id)
    {
        if (_rowByCopyKey.TryGetValue(copyKey, out var index))
        {
            Found(Rows[index], id);
        }
        if (shiftedKey is not null && _rowByShiftedKey.TryGetValue(shiftedKey, out index))
        {
            Found(Rows[index], id);
        }

        static void Found(Row row, long id)
        {
            if (row.Id == 0)
            {
                row.Id = id;
                row.StoredElsewhere = true;
            }
        }
    }

    /// <summary>Before COMMIT: every row has its id, or the batch fails rather than acknowledge something unrecorded.</summary>
    public void EnsureAllStored()
    {
        if (Rows.Find(r => r.Id == 0) is { } missing)
        {
            throw new InvalidOperationException($"journal row {missing.CopyKey} neither inserted nor found");
        }
    }

    /// <summary>A transaction cancelled and tried again: its ids are gone.</summary>
    public void ResetIds()
    {
        foreach (var row in Rows)
        {
            row.Id = 0;
            row.StoredElsewhere = false;
        }
    }

    /// <summary>The batch failed: nothing of it is a known message.</summary>
    public void Forget(DuplicateIndex duplicates)
    {
        foreach (var key in _remembered)
        {
            duplicates.Forget(key);
        }
    }

    /// <summary>After COMMIT: remembers the real ids and completes every append.</summary>
    public void Complete(List<JournalEntry> batch, DuplicateIndex duplicates, ReceiverMetrics metrics)
    {
        foreach (var row in Rows)
        {
            duplicates.Remember(row.Key, new DuplicateIndex.Seen(row.Id, row.Entry.DuplicateTime, row.Entry.ReceivedAt, row.Entry.ContentHash));
        }
        var outcomes = new List<AppendOutcome>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var fate = _fates[i];
            var outcome = fate.Kind switch
            {
                FateKind.PresenceOnly => new AppendOutcome(0, false),
                FateKind.CopyOfKnown => new AppendOutcome(fate.Target, true),
                FateKind.CopyOfRow => new AppendOutcome(Rows[(int)fate.Target].Id, true),
                _ => new AppendOutcome(Rows[(int)fate.Target].Id, Rows[(int)fate.Target].StoredElsewhere),
            };
            if (outcome.Duplicate)
            {
                metrics.Duplicate();
            }
            outcomes.Add(outcome);
        }
        CommitHandOff.Complete(batch, outcomes);
    }
}
