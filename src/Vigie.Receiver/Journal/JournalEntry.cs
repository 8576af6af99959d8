using System.Threading.Tasks.Sources;

namespace Vigie.Receiver.Journal;

/// <summary>
/// One received frame on its way to the journal. It is also the awaitable the connection waits on until
/// the batch holding it is committed, so a frame costs one object: the record that gets stored.
/// </summary>
public sealed class JournalEntry : IValueTaskSource<AppendOutcome>
{
    private ManualResetValueTaskSourceCore<AppendOutcome> _completion = new() { RunContinuationsAsynchronously = true };

    public required DateTime ReceivedAt { get; init; }
    public required string Transport { get; init; }
    public string? Remote { get; init; }
    public required string Token { get; init; }
    public string? Account { get; init; }
    public string? Receiver { get; init; }
    public string? Line { get; init; }
    public required int Sequence { get; init; }
    /// <summary>The panel's timestamp converted to UTC, when it sent one.</summary>
    public DateTime? PanelTime { get; init; }
    public required SignalStatus Status { get; init; }
    public string? SiteReference { get; init; }
    /// <summary>Data field in clear ("#1234|Nri1/BA012"); null when it could not be read.</summary>
    public string? Data { get; init; }
    public string? ExtendedData { get; init; }
    /// <summary>Decoded events as a JSON array, or the decoding error.</summary>
    public string? Events { get; init; }
    public required byte[] Raw { get; init; }
    /// <summary>Hash of the clear content: two copies of one message have the same, a new message with a reused sequence does not.</summary>
    public required long ContentHash { get; init; }
    /// <summary>It carries a periodic or manual test (SUP-1's cyclic test).</summary>
    public bool CyclicTest { get; init; }
    /// <summary>It carries a new alarm (<see cref="Vigie.Protocols.Events.AlarmEvent.IsAlarm"/>): committed and handed ahead of routine signals.</summary>
    public bool Alarm { get; init; }
    /// <summary>Only refresh the account's last-seen time (a NULL link test), no signal row.</summary>
    public bool PresenceOnly { get; init; }

    internal DateTime DuplicateTime => PanelTime ?? ReceivedAt;

    internal ValueTask<AppendOutcome> AsValueTask() => new(this, _completion.Version);

    /// <summary>Completes it with its continuation run on this thread: <see cref="CommitHandOff"/> calls it off the writer's.</summary>
    internal void Complete(AppendOutcome outcome)
    {
        _completion.RunContinuationsAsynchronously = false;
        _completion.SetResult(outcome);
    }

    internal void Fail(Exception error) => _completion.SetException(error);

    AppendOutcome IValueTaskSource<AppendOutcome>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<AppendOutcome>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<AppendOutcome>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}

/// <summary>The committed signal's id; a duplicate carries the id of the copy stored first.</summary>
public readonly record struct AppendOutcome(long SignalId, bool Duplicate);
