using System.Threading.Channels;

namespace Vigie.Receiver.Journal;

/// <summary>
/// Frames waiting for a journal's single writer, alarms apart: the writer takes every waiting alarm before any routine
/// frame, so an SOS queued behind a full batch of polls is in the next commit, gets the lower ids and is completed and
/// handed over first. Shared by the SQLite and the PostgreSQL journals so both keep the same order.
/// </summary>
internal sealed class PendingEntries
{
    private readonly Channel<JournalEntry> _routine = Channel.CreateUnbounded<JournalEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<JournalEntry> _alarms = Channel.CreateUnbounded<JournalEntry>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>False once the journal is closed.</summary>
    public bool TryAdd(JournalEntry entry) => (entry.Alarm ? _alarms : _routine).Writer.TryWrite(entry);

    /// <summary>Fills the batch up to <paramref name="max"/> entries: alarms first, then routine frames in arrival order.</summary>
    public void Take(List<JournalEntry> batch, int max)
    {
        while (batch.Count < max && _alarms.Reader.TryRead(out var alarm))
        {
            batch.Add(alarm);
        }
        while (batch.Count < max && _routine.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
    }

    /// <summary>
    /// Waits for the writer's next turn and fills the batch; <c>FlushPresence</c> says whether last-seen times are due
    /// in this commit (the interval passed, or the journal is closing and drains).
    /// </summary>
    public async Task<(WriterTurn Turn, bool FlushPresence)> NextTurnAsync(List<JournalEntry> batch, int max, LatestPresence presence)
    {
        var open = await WaitAsync(presence.Interval).ConfigureAwait(false);
        batch.Clear();
        Take(batch, max);
        var flushPresence = !open || presence.IntervalPassed;
        if (batch.Count == 0 && (!flushPresence || presence.IsEmpty))
        {
            return (open ? WriterTurn.Wait : WriterTurn.Stop, false);
        }
        return (WriterTurn.Commit, flushPresence);
    }

    /// <summary>True when entries are waiting (or the interval passed); false once the journal is closed and drained.</summary>
    public async Task<bool> WaitAsync(TimeSpan interval)
    {
        if (_alarms.Reader.TryPeek(out _) || _routine.Reader.TryPeek(out _))
        {
            return true;
        }
        using var wake = new CancellationTokenSource();
        if (interval > TimeSpan.Zero)
        {
            // Otherwise last-seen is written with every batch: nothing to wake up for.
            wake.CancelAfter(interval);
        }
        var alarm = WaitToRead(_alarms.Reader, wake.Token);
        var other = WaitToRead(_routine.Reader, wake.Token);
        await Task.WhenAny(alarm, other).ConfigureAwait(false);
        // Stop the other wait so it does not linger on its channel.
        await wake.CancelAsync().ConfigureAwait(false);
        // Closed only when both said so; a wait cut short (null) means "look again".
        return !(await alarm.ConfigureAwait(false) == false && await other.ConfigureAwait(false) == false);
    }

    private static async Task<bool?> WaitToRead(ChannelReader<JournalEntry> reader, CancellationToken token)
    {
        try
        {
            return await reader.WaitToReadAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>No more appends; the writer drains what is waiting.</summary>
    public void Close()
    {
        _alarms.Writer.TryComplete();
        _routine.Writer.TryComplete();
    }
}
