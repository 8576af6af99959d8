using NodaTime;

namespace Vigie.Storage;

/// <summary>An event to append. Type is a short name ("AlertRaised"), Data is JSON, Actor is e.g. "operator:alice", "system", "clock".</summary>
public sealed record NewEvent(string Type, string Data, string Actor, Instant At);

/// <summary>
/// An event as stored. Position is global (monotonic), Version is 1-based per stream. At is kept to the
/// millisecond. Hash is SHA-256 over the previous hash and the event's canonical line (see <see cref="EventChain"/>),
/// both as lowercase hex.
/// </summary>
public sealed record StoredEvent(long Position, string Stream, long Version, string Type, string Data, string Actor, Instant At, string PreviousHash, string Hash);

/// <summary>A change to a projection document, applied in the same transaction as the events it comes with.</summary>
public abstract record DocumentChange(string Collection, string Key);

public sealed record UpsertDocument(string Collection, string Key, string Data) : DocumentChange(Collection, Key);

public sealed record DeleteDocument(string Collection, string Key) : DocumentChange(Collection, Key);

public sealed record Document(string Collection, string Key, string Data);

/// <summary>
/// The result of recomputing a stream's chain. EventsChecked counts the rows examined, up to and including the
/// first broken one. A stream without events is intact.
/// </summary>
public sealed record ChainVerification(string Stream, long EventsChecked, bool IsIntact, long? FirstBrokenVersion, string? Problem);
