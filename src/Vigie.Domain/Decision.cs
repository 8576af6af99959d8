namespace Vigie.Domain;

/// <summary>
/// What the domain decides for a command: the events to append (possibly none, e.g. a duplicate), or a refusal
/// with its reason. A refused command changes nothing (never half-applied); its events, if any, only record
/// the refusal itself for the audit trail.
/// </summary>
public sealed record Decision<TEvent>
{
    private Decision(IReadOnlyList<TEvent> events, Refusal? refusal)
    {
        Events = events;
        Refusal = refusal;
    }

    public IReadOnlyList<TEvent> Events { get; }

    /// <summary>Why the command was refused (kind, code, field, values); null when accepted.</summary>
    public Refusal? Refusal { get; }

    public bool IsRefused => Refusal is not null;

    public static Decision<TEvent> Accept(params IReadOnlyList<TEvent> events) => new(events, null);

    public static Decision<TEvent> Refuse(Refusal reason) => new([], reason);

    /// <summary>Refused, with events that record the refusal (and change no state).</summary>
    public static Decision<TEvent> RefuseAndRecord(Refusal reason, params IReadOnlyList<TEvent> record) => new(record, reason);

    public static Decision<TEvent> Nothing { get; } = new([], null);
}
