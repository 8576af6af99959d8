using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Vigie.Storage;

/// <summary>
/// The only writer of a log file. One thread takes every pending append, writes them in one transaction (group
/// commit) and only then completes them, so a caller's append returns once it is on disk. Version checks happen
/// here, in the single writer, against the heads it keeps, so two appends racing on one stream cannot both win.
/// </summary>
internal sealed class LogWriter : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly FileStream _writerLock;
    private readonly StreamHeads _heads;
    private readonly int _maxBatch;
    private readonly Task _done;
    private long _commits;

    private LogWriter(SqliteConnection connection, FileStream writerLock, EventLogOptions options)
    {
        _connection = connection;
        _writerLock = writerLock;
        _heads = new StreamHeads(options.StreamCacheCapacity);
        _maxBatch = options.MaxCommitBatch;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _done = done.Task;
        // A thread of its own, blocking on SQLite and on the queue: on a pool thread the synchronous writes would
        // hold one of the few workers a 2-core machine starts with.
        new Thread(() =>
        {
            try
            {
                WriteLoop();
                done.SetResult();
            }
            catch (Exception error)
            {
                // A bug, not a failed commit (those are caught per batch): nobody must wait forever.
                _pending.Writer.TryComplete(error);
                while (_pending.Reader.TryRead(out var append))
                {
                    append.Fail(new InvalidOperationException("the event log's writer stopped", error));
                }
                done.SetException(error);
            }
        })
        { IsBackground = true, Name = "vigie-event-log-writer" }.Start();
    }

    public static LogWriter Start(EventLogOptions options)
    {
        var path = options.DatabasePath;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        // The heads in memory and the chain are only right if nothing else appends: a second writer on the same
        // file (another station, a second Open) is refused rather than left to fork a stream's chain.
        FileStream writerLock;
        try
        {
            writerLock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new InvalidOperationException($"another writer has the event log {path} open", error);
        }
        try
        {
            return new LogWriter(LogDatabase.OpenForWriting(path, options.SynchronousFull), writerLock, options);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    public bool TryQueue(PendingAppend append) => _pending.Writer.TryWrite(append);

    /// <summary>Transactions committed so far: fewer than the appends when group commit works.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private void WriteLoop()
    {
        using var commands = new WriterCommands(_connection);
        var batch = new List<PendingAppend>(_maxBatch);
        var reader = _pending.Reader;
        while (reader.TryPeek(out _) || reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
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
                WriteBatch(batch, commands);
            }
        }
    }

    private void WriteBatch(List<PendingAppend> batch, WriterCommands commands)
    {
        // Heads as this transaction leaves them; they reach the cache only once it is committed.
        var staged = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
        var outcomes = new (IReadOnlyList<StoredEvent>? Stored, Exception? Error)[batch.Count];
        try
        {
            using var transaction = _connection.BeginTransaction();
            commands.Enlist(transaction);
            for (var i = 0; i < batch.Count; i++)
            {
                var append = batch[i];
                var head = Head(append.Stream, staged, commands);
                if (head.Version != append.ExpectedVersion)
                {
                    outcomes[i] = (null, new StreamVersionConflictException(append.Stream, append.ExpectedVersion, head.Version));
                    continue;
                }
                // A savepoint per call: whatever fails in one call leaves the others of the batch to commit.
                transaction.Save("append");
                try
                {
                    var (stored, newHead) = Write(append, head, commands);
                    transaction.Release("append");
                    staged[append.Stream] = newHead;
                    outcomes[i] = (stored, null);
                }
                catch (Exception error)
                {
                    transaction.Rollback("append");
                    transaction.Release("append");
                    // The head may be what was wrong (the file changed behind the writer): read it again next time.
                    staged.Remove(append.Stream);
                    _heads.Forget(append.Stream);
                    outcomes[i] = (null, error);
                }
            }
            transaction.Commit();
            Interlocked.Increment(ref _commits);
        }
        catch (Exception error)
        {
            // Nothing of this batch is written, and conflicts decided against its uncommitted appends may be
            // wrong: every call of it fails with the reason, and the writer goes on with the next batch.
            foreach (var append in batch)
            {
                append.Fail(error);
            }
            return;
        }
        foreach (var (stream, head) in staged)
        {
            _heads.Set(stream, head);
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

    private StreamHead Head(string stream, Dictionary<string, StreamHead> staged, WriterCommands commands)
    {
        if (staged.TryGetValue(stream, out var head) || _heads.TryGet(stream, out head))
        {
            return head;
        }
        // Read inside the batch's transaction, so it also sees what this batch already wrote; like the heads this
        // batch writes, it reaches the cache only with the commit.
        head = commands.ReadHead(stream);
        staged[stream] = head;
        return head;
    }

    private static (IReadOnlyList<StoredEvent> Stored, StreamHead Head) Write(PendingAppend append, StreamHead head, WriterCommands commands)
    {
        var stored = head.Chain(append);
        for (var i = 0; i < stored.Length; i++)
        {
            var e = stored[i];
            stored[i] = e with { Position = commands.InsertEvent(e.Stream, e.Version, append.Events[i], e.At, e.PreviousHash, e.Hash) };
        }
        foreach (var change in append.Documents)
        {
            commands.Apply(change);
        }
        return (stored, stored.Length > 0 ? new StreamHead(stored[^1].Version, stored[^1].Hash) : head);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        try
        {
            await _done.ConfigureAwait(false);
        }
        finally
        {
            try
            {
                // Leave a small WAL behind: the next open, and readers, have less to go through.
                LogDatabase.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException)
            {
                // A reader still open keeps the WAL; it is checkpointed next time.
            }
            await _connection.DisposeAsync().ConfigureAwait(false);
            await _writerLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The writer's statements, prepared once and reused for every batch.</summary>
    private sealed class WriterCommands : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _stream;
        private readonly SqliteParameter _version;
        private readonly SqliteParameter _type;
        private readonly SqliteParameter _data;
        private readonly SqliteParameter _actor;
        private readonly SqliteParameter _atMs;
        private readonly SqliteParameter _prevHash;
        private readonly SqliteParameter _hash;
        private readonly SqliteCommand _head;
        private readonly SqliteParameter _headStream;
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _delete;

        public WriterCommands(SqliteConnection connection)
        {
            _insert = connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO events(stream, version, type, data, actor, at_ms, prev_hash, hash)
                VALUES ($stream, $version, $type, $data, $actor, $at_ms, $prev_hash, $hash)
                RETURNING position
                """;
            _stream = _insert.Parameters.Add("$stream", SqliteType.Text);
            _version = _insert.Parameters.Add("$version", SqliteType.Integer);
            _type = _insert.Parameters.Add("$type", SqliteType.Text);
            _data = _insert.Parameters.Add("$data", SqliteType.Text);
            _actor = _insert.Parameters.Add("$actor", SqliteType.Text);
            _atMs = _insert.Parameters.Add("$at_ms", SqliteType.Integer);
            _prevHash = _insert.Parameters.Add("$prev_hash", SqliteType.Text);
            _hash = _insert.Parameters.Add("$hash", SqliteType.Text);

            _head = connection.CreateCommand();
            _head.CommandText = "SELECT version, hash FROM events WHERE stream = $stream ORDER BY version DESC LIMIT 1";
            _headStream = _head.Parameters.Add("$stream", SqliteType.Text);

            _upsert = connection.CreateCommand();
            _upsert.CommandText = """
                INSERT INTO documents(collection, key, data) VALUES ($collection, $key, $data)
                ON CONFLICT(collection, key) DO UPDATE SET data = excluded.data
                """;
            _upsert.Parameters.Add("$collection", SqliteType.Text);
            _upsert.Parameters.Add("$key", SqliteType.Text);
            _upsert.Parameters.Add("$data", SqliteType.Text);

            _delete = connection.CreateCommand();
            _delete.CommandText = "DELETE FROM documents WHERE collection = $collection AND key = $key";
            _delete.Parameters.Add("$collection", SqliteType.Text);
            _delete.Parameters.Add("$key", SqliteType.Text);
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _insert.Transaction = transaction;
            _head.Transaction = transaction;
            _upsert.Transaction = transaction;
            _delete.Transaction = transaction;
        }

        public StreamHead ReadHead(string stream)
        {
            _headStream.Value = stream;
            using var reader = _head.ExecuteReader();
            return reader.Read() ? new StreamHead(reader.GetInt64(0), reader.GetString(1)) : StreamHead.Empty;
        }

        public long InsertEvent(string stream, long version, NewEvent e, Instant at, string previousHash, string hash)
        {
            _stream.Value = stream;
            _version.Value = version;
            _type.Value = e.Type;
            _data.Value = e.Data;
            _actor.Value = e.Actor;
            _atMs.Value = at.ToUnixTimeMilliseconds();
            _prevHash.Value = previousHash;
            _hash.Value = hash;
            return (long)_insert.ExecuteScalar()!;
        }

        public void Apply(DocumentChange change)
        {
            var command = change switch
            {
                UpsertDocument upsert => Bind(_upsert, upsert, upsert.Data),
                DeleteDocument delete => Bind(_delete, delete, null),
                _ => throw new ArgumentException($"unknown document change {change.GetType().Name}", nameof(change)),
            };
            command.ExecuteNonQuery();
        }

        private static SqliteCommand Bind(SqliteCommand command, DocumentChange change, string? data)
        {
            command.Parameters["$collection"].Value = change.Collection;
            command.Parameters["$key"].Value = change.Key;
            if (data is not null)
            {
                command.Parameters["$data"].Value = data;
            }
            return command;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _head.Dispose();
            _upsert.Dispose();
            _delete.Dispose();
        }
    }
}
