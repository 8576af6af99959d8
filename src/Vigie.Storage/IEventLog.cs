namespace Vigie.Storage;

/// <summary>
/// The station's event log and its projections: streams of hash-chained events appended with an expected version,
/// and documents (collections of key → JSON) changed in the same transaction as the events they follow from.
/// Payloads are opaque strings. Implemented on a SQLite file (<see cref="EventLog"/>, the embedded default) and on
/// a PostgreSQL database a cluster of stations shares (<see cref="PostgresEventLog"/>).
/// </summary>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>Where the log is, for messages: a file path, or a PostgreSQL host and database (never a password).</summary>
    string Location { get; }

    bool IsReadOnly { get; }

    /// <summary>
    /// Appends events to one stream atomically with the document changes; events may be empty (documents only).
    /// <paramref name="expectedVersion"/> is the stream's current version as the caller knows it (0 for a new
    /// stream); when it is not, the call fails with <see cref="StreamVersionConflictException"/> and writes nothing.
    /// Completes once committed. Concurrent calls are committed together; one call failing does not fail the others.
    /// <paramref name="ct"/> counts only while the call waits for the writer: once taken, it completes with the commit.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> AppendAsync(string stream, long expectedVersion, IReadOnlyList<NewEvent> events, IReadOnlyList<DocumentChange>? documents = null, CancellationToken ct = default);

    /// <summary>The stream's events from <paramref name="fromVersion"/> on, by version.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromVersion = 1, CancellationToken ct = default);

    /// <summary>The stream's committed version; 0 when it has no events.</summary>
    Task<long> StreamVersionAsync(string stream, CancellationToken ct = default);

    /// <summary>Streams whose name starts with <paramref name="prefix"/> (case-sensitive), ordered by name (UTF-8 byte order).</summary>
    Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// Events of all streams whose name starts with <paramref name="prefix"/>, by global position, after
    /// <paramref name="afterPosition"/>, at most <paramref name="limit"/>: a reader catches up by passing the
    /// last position it saw, and never misses an event committed later with a lower position.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(string prefix, long afterPosition, int limit, CancellationToken ct = default);

    Task<Document?> GetDocumentAsync(string collection, string key, CancellationToken ct = default);

    /// <summary>The collection's documents, ordered by key (ordinal).</summary>
    Task<IReadOnlyList<Document>> ListDocumentsAsync(string collection, CancellationToken ct = default);

    /// <summary>
    /// Recomputes the stream's chain from the stored rows and says where it first breaks: a missing version (a row
    /// deleted), a previous hash that is not the hash of the row before, or a hash that does not match the row's
    /// content. The chain cannot tell that the newest events were removed, or that every hash after an edit was
    /// recomputed; that needs the last hash kept elsewhere.
    /// </summary>
    Task<ChainVerification> VerifyStreamAsync(string stream, CancellationToken ct = default);
}
