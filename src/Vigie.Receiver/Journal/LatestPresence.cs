using System.Diagnostics;

namespace Vigie.Receiver.Journal;

/// <summary>
/// Last-seen times collected in memory by a journal's writer and written at most once per flush interval, so a fleet
/// of polling panels costs one row per account per interval, not one per poll. Losing the last interval in a crash is
/// harmless: supervision gives every site a full interval after a restart. Shared by the SQLite and PostgreSQL journals.
/// </summary>
internal sealed class LatestPresence(TimeSpan interval)
{
    private readonly Dictionary<DuplicateKey, JournalEntry> _latest = [];
    private long _lastFlush = Stopwatch.GetTimestamp();

    public TimeSpan Interval => interval;

    public bool IsEmpty => _latest.Count == 0;

    public IReadOnlyDictionary<DuplicateKey, JournalEntry> Latest => _latest;

    public bool IntervalPassed => Stopwatch.GetElapsedTime(_lastFlush) >= interval;

    /// <summary>Keeps the entry's time if it is a sign of life newer than the account's last one.</summary>
    public void Note(JournalEntry entry)
    {
        // Last-seen is a sign of life: a forged or unreadable message is not one.
        if (entry.Account is null || !SignalStatusNames.IsLifeSign(entry.Status))
        {
            return;
        }
        var key = new DuplicateKey(entry.Account, entry.Receiver ?? "", entry.Line ?? "", 0);
        if (!_latest.TryGetValue(key, out var seen) || seen.ReceivedAt <= entry.ReceivedAt)
        {
            _latest[key] = entry;
        }
    }

    /// <summary>The times were committed: start a new interval.</summary>
    public void Flushed()
    {
        _latest.Clear();
        _lastFlush = Stopwatch.GetTimestamp();
    }
}

/// <summary>What a journal's writer does in one turn.</summary>
internal enum WriterTurn
{
    /// <summary>Nothing to commit yet: wait again.</summary>
    Wait,
    /// <summary>A batch, or last-seen times due, to commit.</summary>
    Commit,
    /// <summary>The journal is closed and drained.</summary>
    Stop,
}
