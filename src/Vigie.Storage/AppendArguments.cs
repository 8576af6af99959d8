namespace Vigie.Storage;

/// <summary>What every implementation of the log refuses before anything is queued, naming the parameter.</summary>
internal static class AppendArguments
{
    /// <summary>
    /// An append as both logs take it: arguments checked and copied, then handed to the log's single writer, whose
    /// commit completes the task. <paramref name="tryQueue"/> is null for a log open read-only.
    /// </summary>
    public static Task<IReadOnlyList<StoredEvent>> Queue(
        Func<PendingAppend, bool>? tryQueue, string location, bool disposed, object log,
        string stream, long expectedVersion, IReadOnlyList<NewEvent> events, IReadOnlyList<DocumentChange>? documents, CancellationToken ct)
    {
        if (tryQueue is null)
        {
            throw new InvalidOperationException($"the event log {location} is open read-only");
        }
        ObjectDisposedException.ThrowIf(disposed, log);
        CheckStream(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var newEvents = Events(events);
        var changes = Documents(documents);
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<StoredEvent>>(ct);
        }
        var append = new PendingAppend(stream, expectedVersion, newEvents, changes, ct);
        if (!tryQueue(append))
        {
            append.TryTake();
            throw new ObjectDisposedException(log.GetType().Name, "the event log is closed");
        }
        return append.Completion;
    }

    // A line break would let two different events share a canonical line, and so a hash (see EventChain):
    // the fields before the data may not contain one.
    public static void CheckStream(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (stream.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a stream name may not contain a line break", nameof(stream));
        }
    }

    /// <summary>Checks and copies the events, so a caller changing its list after the call cannot change what gets written.</summary>
    public static NewEvent[] Events(IReadOnlyList<NewEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var copy = new NewEvent[events.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = CheckEvent(events[i]);
        }
        return copy;
    }

    public static DocumentChange[] Documents(IReadOnlyList<DocumentChange>? documents)
    {
        var copy = new DocumentChange[documents?.Count ?? 0];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = CheckChange(documents![i]);
        }
        return copy;
    }

    private static NewEvent CheckEvent(NewEvent? e)
    {
        const string parameter = "events";
        if (e is null)
        {
            throw new ArgumentException("events may not contain null", parameter);
        }
        if (string.IsNullOrEmpty(e.Type) || e.Type.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("an event's type must be a non-empty name without line breaks", parameter);
        }
        if (string.IsNullOrEmpty(e.Actor) || e.Actor.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("an event's actor must be non-empty and without line breaks", parameter);
        }
        if (e.Data is null)
        {
            throw new ArgumentException("an event's data may not be null", parameter);
        }
        return e;
    }

    private static DocumentChange CheckChange(DocumentChange? change)
    {
        const string parameter = "documents";
        if (change is null)
        {
            throw new ArgumentException("documents may not contain null", parameter);
        }
        if (string.IsNullOrEmpty(change.Collection) || string.IsNullOrEmpty(change.Key))
        {
            throw new ArgumentException("a document change needs a collection and a key", parameter);
        }
        if (change is UpsertDocument { Data: null })
        {
            throw new ArgumentException("an upserted document's data may not be null", parameter);
        }
        if (change is not (UpsertDocument or DeleteDocument))
        {
            throw new ArgumentException($"unknown document change {change.GetType().Name}", parameter);
        }
        return change;
    }
}
