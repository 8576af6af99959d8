using System.Threading.Channels;
using NodaTime;
using Npgsql;

namespace Vigie.Storage;

/// <summary>
/// One station's writer of the shared log. It takes every pending append, commits them in one transaction (group
/// commit, events in one multi-row insert) and only then completes them. Each transaction first takes the append
/// lock every station's writer takes and reads the heads of its streams from the database under it: the versions
/// it checks are the committed ones whichever station wrote them, and the positions it draws are in commit order.
/// </summary>
internal sealed class PostgresLogWriter : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _source;
    private readonly int _maxBatch;
    private readonly Task _done;
    private long _commits;

    public PostgresLogWriter(NpgsqlDataSource source, int maxBatch)
    {
        _source = source;
        _maxBatch = maxBatch;
        _done = Task.Run(async () =>
        {
            try
            {
                await WriteLoopAsync().ConfigureAwait(false);
            }
            catch (Exception error)
            {
                // A bug, not a failed commit (those are caught per batch): nobody must wait forever.
                _pending.Writer.TryComplete(error);
                while (_pending.Reader.TryRead(out var append))
                {
                    append.Fail(new InvalidOperationException("the event log's writer stopped", error));
                }
                throw;
            }
        });
    }

    public bool TryQueue(PendingAppend append) => _pending.Writer.TryWrite(append);

    /// <summary>Transactions committed so far: fewer than the appends when group commit works.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var append))
            {
                if (append.TryTake())
                {
                    batch.Add(append);
                }
            }
            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<PendingAppend> batch)
    {
        Outcome[] outcomes;
        try
        {
            outcomes = await CommitAsync(batch).ConfigureAwait(false);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server refused a statement, so nothing of the batch is written: each call again on its own, so
            // only the one at fault fails (and conflicts decided against the lost batch are decided again).
            foreach (var append in batch)
            {
                await WriteBatchAsync([append]).ConfigureAwait(false);
            }
            return;
        }
        catch (Exception error)
        {
            // Refused, or the connection broke (the commit's fate unknown): every call of it fails with the reason.
            foreach (var append in batch)
            {
                append.Fail(error);
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                batch[i].Fail(error);
            }
            else
            {
                batch[i].Complete(outcomes[i].Stored!);
            }
        }
    }

    private readonly record struct Outcome(StoredEvent[]? Stored, Exception? Error);

    private async Task<Outcome[]> CommitAsync(IReadOnlyList<PendingAppend> batch)
    {
        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var append = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('vigie-log-append'))", connection, transaction))
        {
            await append.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        var heads = await ReadHeadsAsync(connection, transaction, batch).ConfigureAwait(false);
        var outcomes = new Outcome[batch.Count];
        var rows = new List<StoredEvent>();
        // The last change of each document wins, as applying them one after the other would leave it.
        var documents = new Dictionary<(string Collection, string Key), DocumentChange>();
        for (var i = 0; i < batch.Count; i++)
        {
            var append = batch[i];
            var head = heads.GetValueOrDefault(append.Stream, StreamHead.Empty);
            if (head.Version != append.ExpectedVersion)
            {
                outcomes[i] = new Outcome(null, new StreamVersionConflictException(append.Stream, append.ExpectedVersion, head.Version));
                continue;
            }
            var stored = head.Chain(append);
            rows.AddRange(stored);
            if (stored.Length > 0)
            {
                heads[append.Stream] = new StreamHead(stored[^1].Version, stored[^1].Hash);
            }
            foreach (var change in append.Documents)
            {
                documents[(change.Collection, change.Key)] = change;
            }
            outcomes[i] = new Outcome(stored, null);
        }
        var positions = await InsertEventsAsync(connection, transaction, rows).ConfigureAwait(false);
        await ApplyDocumentsAsync(connection, transaction, documents.Values).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _commits);
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i].Stored is { } stored)
            {
                for (var e = 0; e < stored.Length; e++)
                {
                    stored[e] = stored[e] with { Position = positions[(stored[e].Stream, stored[e].Version)] };
                }
            }
        }
        return outcomes;
    }

    private static async Task<Dictionary<string, StreamHead>> ReadHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingAppend> batch)
    {
        await using var command = new NpgsqlCommand("""
            SELECT s.stream, e.version, e.hash
            FROM unnest(@streams::text[]) AS s(stream)
            CROSS JOIN LATERAL (
                SELECT version, hash FROM log_events WHERE log_events.stream = s.stream ORDER BY version DESC LIMIT 1) AS e
            """, connection, transaction);
        command.Parameters.AddWithValue("streams", batch.Select(a => a.Stream).Distinct(StringComparer.Ordinal).ToArray());
        var heads = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            heads[reader.GetString(0)] = new StreamHead(reader.GetInt64(1), reader.GetString(2));
        }
        return heads;
    }

    private static async Task<Dictionary<(string Stream, long Version), long>> InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<StoredEvent> rows)
    {
        var positions = new Dictionary<(string, long), long>(rows.Count);
        if (rows.Count == 0)
        {
            return positions;
        }
        // One statement for the whole batch; ordered so positions follow the order the calls were taken in.
        await using var command = new NpgsqlCommand("""
            INSERT INTO log_events(stream, version, type, data, actor, at, prev_hash, hash)
            SELECT u_stream, u_version, u_type, u_data, u_actor, u_at, u_prev_hash, u_hash
            FROM unnest(@stream::text[], @version::bigint[], @type::text[], @data::text[], @actor::text[], @at::timestamptz[], @prev_hash::text[], @hash::text[])
                WITH ORDINALITY AS u(u_stream, u_version, u_type, u_data, u_actor, u_at, u_prev_hash, u_hash, u_order)
            ORDER BY u_order
            RETURNING position, stream, version
            """, connection, transaction);
        command.Parameters.AddWithValue("stream", rows.Select(r => r.Stream).ToArray());
        command.Parameters.AddWithValue("version", rows.Select(r => r.Version).ToArray());
        command.Parameters.AddWithValue("type", rows.Select(r => r.Type).ToArray());
        command.Parameters.AddWithValue("data", rows.Select(r => r.Data).ToArray());
        command.Parameters.AddWithValue("actor", rows.Select(r => r.Actor).ToArray());
        command.Parameters.AddWithValue("at", rows.Select(r => r.At.ToDateTimeUtc()).ToArray());
        command.Parameters.AddWithValue("prev_hash", rows.Select(r => r.PreviousHash).ToArray());
        command.Parameters.AddWithValue("hash", rows.Select(r => r.Hash).ToArray());
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            positions[(reader.GetString(1), reader.GetInt64(2))] = reader.GetInt64(0);
        }
        return positions;
    }

    private static async Task ApplyDocumentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<DocumentChange> changes)
    {
        var upserts = changes.OfType<UpsertDocument>().ToArray();
        var deletes = changes.OfType<DeleteDocument>().ToArray();
        if (deletes.Length > 0)
        {
            await using var delete = new NpgsqlCommand("""
                DELETE FROM log_documents AS d USING unnest(@collection::text[], @key::text[]) AS u(collection, key)
                WHERE d.collection = u.collection AND d.key = u.key
                """, connection, transaction);
            delete.Parameters.AddWithValue("collection", deletes.Select(d => d.Collection).ToArray());
            delete.Parameters.AddWithValue("key", deletes.Select(d => d.Key).ToArray());
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        if (upserts.Length > 0)
        {
            // A document's version counts the commits that wrote it.
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO log_documents(collection, key, data, version)
                SELECT collection, key, data, 1 FROM unnest(@collection::text[], @key::text[], @data::text[]) AS u(collection, key, data)
                ON CONFLICT (collection, key) DO UPDATE SET data = excluded.data, version = log_documents.version + 1
                """, connection, transaction);
            upsert.Parameters.AddWithValue("collection", upserts.Select(d => d.Collection).ToArray());
            upsert.Parameters.AddWithValue("key", upserts.Select(d => d.Key).ToArray());
            upsert.Parameters.AddWithValue("data", upserts.Select(d => d.Data).ToArray());
            await upsert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _done.ConfigureAwait(false);
    }
}
