using System.Text;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Vigie.Storage;

/// <summary>
/// An append-only log of events grouped in streams, each stream hash-chained, with projection documents
/// changed in the same transaction as the events they follow from. Payloads are opaque JSON strings.
/// One writer thread commits appends in groups; reads use their own read-only connections beside it.
/// </summary>
public sealed class EventLog : IEventLog
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

    public string Location => DatabasePath;

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

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string stream, long expectedVersion, IReadOnlyList<NewEvent> events, IReadOnlyList<DocumentChange>? documents = null, CancellationToken ct = default) =>
        AppendArguments.Queue(_writer is { } writer ? writer.TryQueue : null, DatabasePath, Volatile.Read(ref _disposed) != 0, this,
            stream, expectedVersion, events, documents, ct);

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

    public Task<ChainVerification> VerifyStreamAsync(string stream, CancellationToken ct = default)
    {
        CheckStream(stream);
        return Query(async (connection, ct) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, type, data, actor, at_ms, prev_hash, hash FROM events WHERE stream = $stream ORDER BY version";
            command.Parameters.AddWithValue("$stream", stream);
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var check = new ChainCheck(stream);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)
                && check.Next(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Instant.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5), reader.GetString(6)))
            {
            }
            return check.Result;
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

    private static void CheckStream(string stream) => AppendArguments.CheckStream(stream);
}
