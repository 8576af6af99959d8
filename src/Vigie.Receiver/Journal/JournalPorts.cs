using Vigie.Protocols.Events;

namespace Vigie.Receiver.Journal;

/// <summary>
/// The writing side of the signal journal: an append completes only once its entry is committed, or recognised as
/// a copy of a committed one, so a connection acknowledges a frame only when the station can no longer lose it.
/// </summary>
public interface ISignalJournal : IAsyncDisposable
{
    /// <summary>Opens the store and starts the writer; appends before this wait in the queue.</summary>
    void Start();

    /// <summary>Queues the entry; completes after its COMMIT (or as a duplicate of a committed row).</summary>
    ValueTask<AppendOutcome> AppendAsync(JournalEntry entry);
}

/// <summary>
/// The reading side: what the CLI, the console and the API list, and the engine's feed, which gets decoded signals
/// after its cursor and never sees tables or payload formats.
/// </summary>
public interface IJournalReader
{
    /// <summary>Stored signals after an id, oldest first (the contract of `vigie journal list`).</summary>
    IReadOnlyList<StoredSignal> List(string? account = null, long afterId = 0, int limit = int.MaxValue);

    /// <summary>Last time each account was heard from.</summary>
    IReadOnlyList<PresenceRow> Presence();

    /// <summary>The highest id stored so far (0 when the journal is empty): how far a reader has to go to have read everything.</summary>
    Task<long> LastIdAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> journal rows after <paramref name="cursor"/>, the accepted ones decoded. No row is
    /// ever returned after one with a higher id: a cursor moved to <see cref="SignalPage.Last"/> skips nothing.
    /// </summary>
    Task<SignalPage> ReadAfterAsync(long cursor, int limit, CancellationToken cancellationToken);
}

/// <summary>An account's last sign of life on one receiver and line.</summary>
public readonly record struct PresenceRow(string Account, string Receiver, string Line, DateTime LastSeen, string Transport);

/// <summary>
/// One page of the journal for the engine. <see cref="Last"/> is the highest id read (rows the engine does not act on
/// — link tests, unknown accounts, refused or unreadable messages — are read and passed over), <see cref="Read"/> how
/// many rows that was.
/// </summary>
public sealed record SignalPage(long Last, int Read, IReadOnlyList<JournalSignal> Signals)
{
    public static SignalPage Empty(long cursor) => new(cursor, 0, []);
}

/// <summary>An accepted signal of a known site, its payload decoded.</summary>
/// <param name="Id">Its position in the journal.</param>
/// <param name="SiteReference">The site the account belongs to.</param>
/// <param name="ReceivedAt">The receiver's time of reception (UTC).</param>
/// <param name="Events">The decoded events (empty when <paramref name="Error"/> is set).</param>
/// <param name="Error">Why the payload could not be decoded, when it could not.</param>
public sealed record JournalSignal(
    long Id,
    string SiteReference,
    string Account,
    string Receiver,
    string Line,
    int Sequence,
    long ContentHash,
    DateTime ReceivedAt,
    IReadOnlyList<AlarmEvent> Events,
    string? Error)
{
    /// <summary>
    /// The message's idempotency key (account, receiver, line, sequence, content): the same for every copy of it,
    /// whichever station or path stored it, so the engine acts on it once.
    /// </summary>
    /// <summary>The message's extended data blocks as received ("[Vclip-17][X…]"), or null: field V names a clip (issue 18).</summary>
    public string? ExtendedData { get; init; }

    public string IdempotencyKey => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Account}|{Receiver}|{Line}|{Sequence}|{ContentHash}");
}
