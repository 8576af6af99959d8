namespace Vigie.Receiver.Journal;

/// <summary>The idempotency key of a DC-09 message: account, receiver, line and sequence number.</summary>
public readonly record struct DuplicateKey(string Account, string Receiver, string Line, int Sequence);

/// <summary>
/// Recently stored messages by key, to recognise copies: a panel's retry, the same message via a second
/// receiver or path. A copy has the same key, the same clear content, and a timestamp within the window.
/// The content check keeps a panel that restarted its sequence numbers from having a new alarm swallowed.
/// Owned by the journal's single writer: not thread-safe.
/// </summary>
internal sealed class DuplicateIndex(TimeSpan window)
{
    private readonly Dictionary<DuplicateKey, Seen> _seen = [];
    private DateTime _lastSweep;

    public readonly record struct Seen(long SignalId, DateTime Stamped, DateTime Received, long ContentHash);

    public int Count => _seen.Count;

    public bool TryFindCopy(DuplicateKey key, DateTime stamped, long contentHash, out long originalId)
    {
        if (_seen.TryGetValue(key, out var seen) && seen.ContentHash == contentHash
            && (stamped - seen.Stamped).Duration() <= window)
        {
            originalId = seen.SignalId;
            return true;
        }
        originalId = 0;
        return false;
    }

    public void Remember(DuplicateKey key, Seen seen) => _seen[key] = seen;

    /// <summary>Loading newest first: keep the first (newest) copy seen for a key.</summary>
    public void RememberIfNewer(DuplicateKey key, Seen seen) => _seen.TryAdd(key, seen);

    public void Forget(DuplicateKey key) => _seen.Remove(key);

    /// <summary>Drops what is too old to be copied any more; at most a few times per window.</summary>
    public void Sweep(DateTime nowUtc)
    {
        if (nowUtc - _lastSweep < window / 4)
        {
            return;
        }
        _lastSweep = nowUtc;
        var horizon = nowUtc - (2 * window);
        foreach (var (key, seen) in _seen)
        {
            if (seen.Received < horizon)
            {
                _seen.Remove(key);
            }
        }
    }
}
