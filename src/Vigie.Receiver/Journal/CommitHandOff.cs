namespace Vigie.Receiver.Journal;

/// <summary>
/// Hands a committed batch back to its connections. Each append's continuation writes its ACK to its socket;
/// queued one work item per append (what completing each with asynchronous continuations does), a batch of 100
/// cost 100 thread-pool dispatches and kept idle workers spinning for the next one. Here the batch is cut in as
/// many slices as the machine has cores and each slice's continuations run one after the other in a single work
/// item: the writer thread itself never runs them, so the next commit is not held up by socket writes.
/// </summary>
internal static class CommitHandOff
{
    /// <summary>Below this a slice is not worth a work item of its own.</summary>
    private const int SmallestSlice = 16;

    public static void Complete(List<JournalEntry> batch, List<AppendOutcome> outcomes)
    {
        var count = batch.Count;
        if (count == 0)
        {
            return;
        }
        var slices = Math.Clamp(count / SmallestSlice, 1, Environment.ProcessorCount);
        var per = (count + slices - 1) / slices;
        // Alarms lead the batch (PendingEntries): the first slice is queued first.
        for (var start = 0; start < count; start += per)
        {
            var length = Math.Min(per, count - start);
            ThreadPool.UnsafeQueueUserWorkItem(static slice => slice.Run(),
                new Slice(batch.GetRange(start, length).ToArray(), outcomes.GetRange(start, length).ToArray()), preferLocal: false);
        }
    }

    public static void Fail(List<JournalEntry> batch, Exception error)
    {
        foreach (var entry in batch)
        {
            entry.Fail(error);
        }
    }

    private sealed class Slice(JournalEntry[] entries, AppendOutcome[] outcomes)
    {
        public void Run()
        {
            for (var i = 0; i < entries.Length; i++)
            {
                entries[i].Complete(outcomes[i]);
            }
        }
    }
}
