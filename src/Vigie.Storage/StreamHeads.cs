using NodaTime;

namespace Vigie.Storage;

/// <summary>Where a stream stands: its version and the hash its next event chains from.</summary>
internal readonly record struct StreamHead(long Version, string Hash)
{
    public static readonly StreamHead Empty = new(0, EventChain.GenesisHash);

    /// <summary>The append's events, versioned and chained after this head; their positions are the store's to give.</summary>
    public StoredEvent[] Chain(PendingAppend append)
    {
        var stored = new StoredEvent[append.Events.Length];
        var version = Version;
        var previous = Hash;
        for (var i = 0; i < stored.Length; i++)
        {
            var e = append.Events[i];
            version++;
            // Stored to the millisecond: what the caller gets back is what a read returns and what was hashed.
            var at = Instant.FromUnixTimeMilliseconds(e.At.ToUnixTimeMilliseconds());
            var hash = EventChain.ComputeHash(previous, append.Stream, version, e.Type, e.Actor, at, e.Data);
            stored[i] = new StoredEvent(0, append.Stream, version, e.Type, e.Data, e.Actor, at, previous, hash);
            previous = hash;
        }
        return stored;
    }
}

/// <summary>
/// The heads of recently written streams, so an append need not read its stream's last row. Two generations
/// bound the memory without per-entry bookkeeping: when the recent one is full it becomes the older one and the
/// previous older one is dropped; a stream found in the older one moves back to the recent one. Owned by the
/// writer thread: not thread-safe.
/// </summary>
internal sealed class StreamHeads(int capacity)
{
    private readonly int _generationSize = Math.Max(1, capacity / 2);
    private Dictionary<string, StreamHead> _recent = new(StringComparer.Ordinal);
    private Dictionary<string, StreamHead> _older = new(StringComparer.Ordinal);

    public int Count => _recent.Count + _older.Count;

    public bool TryGet(string stream, out StreamHead head)
    {
        if (_recent.TryGetValue(stream, out head))
        {
            return true;
        }
        if (_older.Remove(stream, out head))
        {
            Set(stream, head);
            return true;
        }
        return false;
    }

    public void Set(string stream, StreamHead head)
    {
        _older.Remove(stream);
        if (_recent.Count >= _generationSize && !_recent.ContainsKey(stream))
        {
            _older = _recent;
            _recent = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
        }
        _recent[stream] = head;
    }

    public void Forget(string stream)
    {
        _recent.Remove(stream);
        _older.Remove(stream);
    }
}
