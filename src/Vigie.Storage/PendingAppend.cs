namespace Vigie.Storage;

/// <summary>
/// One call to AppendAsync waiting for the writer. The caller's cancellation counts only while the call is
/// still queued: once the writer has taken it, it completes with the commit's outcome, so a caller is never told
/// "cancelled" about events that were in fact written.
/// </summary>
internal sealed class PendingAppend
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    private readonly TaskCompletionSource<IReadOnlyList<StoredEvent>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;
    private int _state;

    public PendingAppend(string stream, long expectedVersion, NewEvent[] events, DocumentChange[] documents, CancellationToken ct)
    {
        Stream = stream;
        ExpectedVersion = expectedVersion;
        Events = events;
        Documents = documents;
        if (ct.CanBeCanceled)
        {
            _cancellation = ct.Register(static (state, token) => ((PendingAppend)state!).Abandon(token), this);
        }
    }

    public string Stream { get; }
    public long ExpectedVersion { get; }
    public NewEvent[] Events { get; }
    public DocumentChange[] Documents { get; }
    public Task<IReadOnlyList<StoredEvent>> Completion => _completion.Task;

    /// <summary>The writer claims the call; false when the caller gave up first.</summary>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
        {
            return false;
        }
        _cancellation.Unregister();
        return true;
    }

    public void Complete(IReadOnlyList<StoredEvent> stored) => _completion.TrySetResult(stored);

    public void Fail(Exception error)
    {
        _cancellation.Unregister();
        _completion.TrySetException(error);
    }

    private void Abandon(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued)
        {
            _completion.TrySetCanceled(token);
        }
    }
}
