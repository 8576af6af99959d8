using System.Text;
using NodaTime;
using Npgsql;

namespace Vigie.Storage;

public sealed class PostgresEventLogOptions
{
    /// <summary>Npgsql connection string of the database the stations of a cluster share.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Most appends written in one transaction.</summary>
    public int MaxCommitBatch { get; init; } = 1000;
}

/// <summary>
/// The event log on a PostgreSQL database that several stations share. Each station's writer commits its appends in
/// groups; a stream's version is checked against the database under a lock every station's writer takes, so two
/// stations appending to one stream (a failover) cannot both win, and positions are given in commit order, so a
/// reader catching up by position never skips an event that commits after one it has seen.
/// </summary>
public sealed class PostgresEventLog : IEventLog
{
    private readonly NpgsqlDataSource _source;
    private readonly PostgresLogWriter? _writer;
    private int _disposed;

    private PostgresEventLog(NpgsqlDataSource source, string location, PostgresLogWriter? writer)
    {
        _source = source;
        Location = location;
        _writer = writer;
    }

    public string Location { get; }

    public bool IsReadOnly => _writer is null;

    internal long Commits => _writer?.Commits ?? 0;

    /// <summary>Creates or upgrades the log's tables (module "log" in <c>vigie_schema</c>); idempotent.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        await using var source = NpgsqlDataSource.Create(connectionString);
        await PostgresLogSchema.MigrateAsync(source, ct).ConfigureAwait(false);
    }

    /// <summary>Opens the log for writing: creates or upgrades its tables, then starts the writer.</summary>
    public static PostgresEventLog Open(PostgresEventLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ConnectionString, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCommitBatch, 1, nameof(options));
        var source = NpgsqlDataSource.Create(options.ConnectionString);
        try
        {
            PostgresLogSchema.Migrate(source);
            return new PostgresEventLog(source, Describe(options.ConnectionString), new PostgresLogWriter(source, options.MaxCommitBatch));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing log for reading only, as a CLI does while stations run: its sessions are read-only in the
    /// database too, and appends throw <see cref="InvalidOperationException"/>.
    /// </summary>
    public static async Task<PostgresEventLog> OpenReadOnlyAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        var location = Describe(connectionString);
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            await PostgresLogSchema.CheckAsync(source, location, ct).ConfigureAwait(false);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new PostgresEventLog(source, location, null);
    }

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string stream, long expectedVersion, IReadOnlyList<NewEvent> events, IReadOnlyList<DocumentChange>? documents = null, CancellationToken ct = default) =>
        AppendArguments.Queue(_writer is { } writer ? writer.TryQueue : null, Location, Volatile.Read(ref _disposed) != 0, this,
            stream, expectedVersion, events, documents, ct);

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromVersion = 1, CancellationToken ct = default)
    {
        AppendArguments.CheckStream(stream);
        return QueryEvents($"{SelectEvents} WHERE stream = @stream AND version >= @from ORDER BY version", parameters =>
        {
            parameters.AddWithValue("stream", stream);
            parameters.AddWithValue("from", fromVersion);
        }, ct);
    }

    public async Task<long> StreamVersionAsync(string stream, CancellationToken ct = default)
    {
        AppendArguments.CheckStream(stream);
        await using var command = _source.CreateCommand("SELECT COALESCE(MAX(version), 0) FROM log_events WHERE stream = @stream");
        command.Parameters.AddWithValue("stream", stream);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await using var command = _source.CreateCommand("SELECT DISTINCT stream FROM log_events WHERE stream LIKE @pattern ORDER BY stream");
        command.Parameters.AddWithValue("pattern", StartsWith(prefix));
        var streams = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            streams.Add(reader.GetString(0));
        }
        return streams;
    }

    /// <summary>
    /// Safe beside writers in other processes: every writer draws its positions while holding the append lock until
    /// its commit is visible, so once a reader sees a position, every lower position that will ever exist is
    /// already visible too (or was rolled back, leaving a gap).
    /// </summary>
    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(string prefix, long afterPosition, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryEvents($"{SelectEvents} WHERE position > @after AND stream LIKE @pattern ORDER BY position LIMIT @limit", parameters =>
        {
            parameters.AddWithValue("after", afterPosition);
            parameters.AddWithValue("pattern", StartsWith(prefix));
            parameters.AddWithValue("limit", limit);
        }, ct);
    }

    public async Task<Document?> GetDocumentAsync(string collection, string key, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(collection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var command = _source.CreateCommand("SELECT data FROM log_documents WHERE collection = @collection AND key = @key");
        command.Parameters.AddWithValue("collection", collection);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is string data ? new Document(collection, key, data) : null;
    }

    public async Task<IReadOnlyList<Document>> ListDocumentsAsync(string collection, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(collection);
        await using var command = _source.CreateCommand("SELECT key, data FROM log_documents WHERE collection = @collection ORDER BY key");
        command.Parameters.AddWithValue("collection", collection);
        var documents = new List<Document>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            documents.Add(new Document(collection, reader.GetString(0), reader.GetString(1)));
        }
        return documents;
    }

    public async Task<ChainVerification> VerifyStreamAsync(string stream, CancellationToken ct = default)
    {
        AppendArguments.CheckStream(stream);
        await using var command = _source.CreateCommand("SELECT version, type, data, actor, at, prev_hash, hash FROM log_events WHERE stream = @stream ORDER BY version");
        command.Parameters.AddWithValue("stream", stream);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var check = new ChainCheck(stream);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)
            && check.Next(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Instant.FromDateTimeUtc(reader.GetDateTime(4)), reader.GetString(5), reader.GetString(6)))
        {
        }
        return check.Result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            // Drains: appends already queued are committed before the connections close.
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private const string SelectEvents = "SELECT position, stream, version, type, data, actor, at, prev_hash, hash FROM log_events";

    private async Task<IReadOnlyList<StoredEvent>> QueryEvents(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(sql);
        bind(command.Parameters);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                Instant.FromDateTimeUtc(reader.GetDateTime(6)),
                reader.GetString(7),
                reader.GetString(8)));
        }
        return events;
    }

    /// <summary>A LIKE pattern matching names that start with the prefix, taken literally (LIKE is case-sensitive here).</summary>
    private static string StartsWith(string prefix)
    {
        var pattern = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            if (c is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }
            pattern.Append(c);
        }
        return pattern.Append('%').ToString();
    }

    /// <summary>Host, port and database, for messages: never the password.</summary>
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
