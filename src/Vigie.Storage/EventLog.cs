using System.Text;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Vigie.Storage;

/// <summary>
/// An append-only log of events grouped in streams, each stream hash-chained, with projection documents
/// changed in the same transaction as the events they follow from. Payloads are opaque JSON strings.
/// One writer thread commits appends in groups; reads use their own read-only connections beside it.
/// </summary>
public sealed class EventLog : IAsyncDisposable
{
    private readonly LogWriter? _writer;
    private readonly ReadConnections _reads;
    private int _disposed;

    private EventLog(string databasePath, LogWriter? writer, ReadConnections reads)
    {
        DatabasePath = databasePath;
        _writer = writer;
        _reads = reads;
    }

    public string DatabasePath { get; }

    public bool IsReadOnly => _writer is null;

    internal long Commits => _writer?.Commits ?? 0;

    /// <summary>
    /// Opens the log for writing: creates folder, file and schema when needed and starts the writer thread.
    /// Only one writer may have a file open at a time (another gets an <see cref="InvalidOperationException"/>).
    /// </summary>
    public static EventLog Open(EventLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DatabasePath, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCommitBatch, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StreamCacheCapacity, 2, nameof(options));
        var writer = LogWriter.Start(options);
        return new EventLog(options.DatabasePath, writer, new ReadConnections(options.DatabasePath));
    }

    /// <summary>
    /// Opens an existing log for reading only, as a CLI does while the station may be running; appends throw
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    public static EventLog OpenReadOnly(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"no event log at {databasePath}", databasePath);
        }
        var reads = new ReadConnections(databasePath);
        try
        {
            var connection = reads.Rent();
            try
            {
                LogDatabase.CheckSchema(connection, databasePath);
            }
            finally
            {
                reads.Return(connection);
            }
        }
        catch
        {
            reads.Dispose();
            throw;
        }
        return new EventLog(databasePath, null, reads);
    }

    /// <summary>
    /// Appends events to one stream atomically with the document changes; events may be empty (documents only).
    /// <paramref name="expectedVersion"/> is the stream's current version as the caller knows it (0 for a new
    /// stream); when it is not, the call fails with <see cref="StreamVersionConflictException"/> and writes nothing.
    /// Completes once committed. Concurrent calls are committed together; one call failing does not fail the others.
    /// <paramref name="ct"/> counts only while the call waits for the writer: once taken, it completes with the commit.
    /// </summary>
    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string stream, long expectedVersion, IReadOnlyList<NewEvent> events, IReadOnlyList<DocumentChange>? documents = null, CancellationToken ct = default)
    {
        var writer = _writer ?? throw new InvalidOperationException($"the event log {DatabasePath} is open read-only");
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        CheckStream(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentNullException.ThrowIfNull(events);
        // Copied, so a caller changing its list after the call cannot change what gets written.
        var newEvents = new NewEvent[events.Count];
        for (var i = 0; i < newEvents.Length; i++)
        {
            newEvents[i] = CheckEvent(events[i]);
        }
        var changes = new DocumentChange[documents?.Count ?? 0];
        for (var i = 0; i < changes.Length; i++)
        {
            changes[i] = CheckChange(documents![i]);
        }
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<StoredEvent>>(ct);
        }
        var append = new PendingAppend(stream, expectedVersion, newEvents, changes, ct);
        if (!writer.TryQueue(append))
        {
            append.TryTake();
            throw new ObjectDisposedException(nameof(EventLog), "the event log is closed");
        }
        return append.Completion;
    }

    /// <summary>The stream's events from <paramref name="fromVersion"/> on, by version.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromVersion = 1, CancellationToken ct = default)
    {
        CheckStream(stream);
        return QueryEvents(
            $"{SelectEvents} WHERE stream = $stream AND version >= $from ORDER BY version",
            parameters =>
            {
                parameters.AddWithValue("$stream", stream);
                parameters.AddWithValue("$from", fromVersion);
            },
            ct);
    }

    /// <summary>The stream's committed version; 0 when it has no events.</summary>
    public Task<long> StreamVersionAsync(string stream, CancellationToken ct = default)
    {
        CheckStream(stream);
        return Query(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM events WHERE stream = $stream";
            command.Parameters.AddWithValue("$stream", stream);
            return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }, ct);
    }

    /// <summary>Streams whose name starts with <paramref name="prefix"/> (case-sensitive), ordered by name (UTF-8 byte order).</summary>
    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Query<IReadOnlyList<string>>(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT stream FROM events WHERE stream GLOB $pattern ORDER BY stream";
            command.Parameters.AddWithValue("$pattern", StartsWith(prefix));
            var streams = new List<string>();
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                streams.Add(reader.GetString(0));
            }
            return streams;
        }, ct);
    }

    /// <summary>
    /// Events of all streams whose name starts with <paramref name="prefix"/>, by global position, after
    /// <paramref name="afterPosition"/>, at most <paramref name="limit"/>: a reader catches up by passing the
    /// last position it saw.
    /// </summary>
    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(string prefix, long afterPosition, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // "+stream" keeps SQLite off the stream index: walking positions in order stops after `limit` matches,
        // where the index would gather every event of the matching streams and sort them, for each page.
        return QueryEvents(
            $"{SelectEvents} WHERE position > $after AND +stream GLOB $pattern ORDER BY position LIMIT $limit",
            parameters =>
            {
                parameters.AddWithValue("$after", afterPosition);
                parameters.AddWithValue("$pattern", StartsWith(prefix));
                parameters.AddWithValue("$limit", limit);
            },
            ct);
    }

    public Task<Document?> GetDocumentAsync(string collection, string key, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(collection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Query(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM documents WHERE collection = $collection AND key = $key";
            command.Parameters.AddWithValue("$collection", collection);
            command.Parameters.AddWithValue("$key", key);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is string data ? new Document(collection, key, data) : null;
        }, ct);
    }

    /// <summary>The collection's documents, ordered by key.</summary>
    public Task<IReadOnlyList<Document>> ListDocumentsAsync(string collection, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(collection);
        return Query<IReadOnlyList<Document>>(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT key, data FROM documents WHERE collection = $collection ORDER BY key";
            command.Parameters.AddWithValue("$collection", collection);
            var documents = new List<Document>();
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                documents.Add(new Document(collection, reader.GetString(0), reader.GetString(1)));
            }
            return documents;
        }, ct);
    }

    /// <summary>
    /// Recomputes the stream's chain from the stored rows and says where it first breaks: a missing version (a row
    /// deleted), a previous hash that is not the hash of the row before, or a hash that does not match the row's
    /// content. The chain cannot tell that the newest events were removed, or that every hash after an edit was
    /// recomputed; that needs the last hash kept elsewhere.
    /// </summary>
    public Task<ChainVerification> VerifyStreamAsync(string stream, CancellationToken ct = default)
    {
        CheckStream(stream);
        return Query(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, type, data, actor, at_ms, prev_hash, hash FROM events WHERE stream = $stream ORDER BY version";
            command.Parameters.AddWithValue("$stream", stream);
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var expected = 1L;
            var previous = EventChain.GenesisHash;
            var examined = 0L;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                examined++;
                var version = reader.GetInt64(0);
                if (version != expected)
                {
                    return Broken(expected, version > expected
                        ? $"version {expected} is missing (the next stored is {version})"
                        : $"version {version} found where {expected} was expected");
                }
                if (!string.Equals(reader.GetString(5), previous, StringComparison.Ordinal))
                {
                    return Broken(version, version == 1
                        ? "its previous hash is not the start of a chain"
                        : $"its previous hash is not the hash of version {version - 1}");
                }
                var hash = EventChain.ComputeHash(previous, stream, version, reader.GetString(1), reader.GetString(3), Instant.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(2));
                if (!string.Equals(reader.GetString(6), hash, StringComparison.Ordinal))
                {
                    return Broken(version, "its hash does not match its content");
                }
                previous = hash;
                expected++;
            }
            return new ChainVerification(stream, examined, true, null, null);

            ChainVerification Broken(long version, string problem) => new(stream, examined, false, version, $"version {version}: {problem}");
        }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            // Drains: appends already queued are written before the file is closed.
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _reads.Dispose();
        }
    }

    private const string SelectEvents = "SELECT position, stream, version, type, data, actor, at_ms, prev_hash, hash FROM events";

    private Task<IReadOnlyList<StoredEvent>> QueryEvents(string sql, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        Query<IReadOnlyList<StoredEvent>>(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            var events = new List<StoredEvent>();
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                events.Add(new StoredEvent(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    Instant.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    reader.GetString(7),
                    reader.GetString(8)));
            }
            return events;
        }, ct);

    private async Task<T> Query<T>(Func<SqliteConnection, CancellationToken, Task<T>> query, CancellationToken ct)
    {
        var connection = _reads.Rent();
        try
        {
            return await query(connection, ct).ConfigureAwait(false);
        }
        finally
        {
            _reads.Return(connection);
        }
    }

    /// <summary>A GLOB pattern matching names that start with the prefix, taken literally (GLOB is case-sensitive, unlike LIKE).</summary>
    private static string StartsWith(string prefix)
    {
        var pattern = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            if (c is '*' or '?' or '[')
            {
                pattern.Append('[').Append(c).Append(']');
            }
            else
            {
                pattern.Append(c);
            }
        }
        return pattern.Append('*').ToString();
    }

    // A line break would let two different events share a canonical line, and so a hash (see EventChain):
    // the fields before the data may not contain one.
    private static void CheckStream(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (stream.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a stream name may not contain a line break", nameof(stream));
        }
    }

    private static NewEvent CheckEvent(NewEvent? e)
    {
        const string parameter = "events";
        if (e is null)
        {
            throw new ArgumentException("events may not contain null", parameter);
        }
        if (string.IsNullOrEmpty(e.Type) || e.Type.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("an event's type must be a non-empty name without line breaks", parameter);
        }
        if (string.IsNullOrEmpty(e.Actor) || e.Actor.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("an event's actor must be non-empty and without line breaks", parameter);
        }
        if (e.Data is null)
        {
            throw new ArgumentException("an event's data may not be null", parameter);
        }
        return e;
    }

    private static DocumentChange CheckChange(DocumentChange? change)
    {
        const string parameter = "documents";
        if (change is null)
        {
            throw new ArgumentException("documents may not contain null", parameter);
        }
        if (string.IsNullOrEmpty(change.Collection) || string.IsNullOrEmpty(change.Key))
        {
            throw new ArgumentException("a document change needs a collection and a key", parameter);
        }
        if (change is UpsertDocument { Data: null })
        {
            throw new ArgumentException("an upserted document's data may not be null", parameter);
        }
        if (change is not (UpsertDocument or DeleteDocument))
        {
            throw new ArgumentException($"unknown document change {change.GetType().Name}", parameter);
        }
        return change;
    }
}
