namespace Vigie.Protocols.Events;

/// <summary>
/// Outcome of decoding one payload. On error, <see cref="Events"/> is empty (no partial result) and
/// <see cref="Error"/> says what was wrong; the decoders never throw on bad input.
/// </summary>
public sealed record PayloadDecodeResult(IReadOnlyList<AlarmEvent> Events, string? Error)
{
    public bool Succeeded => Error is null;

    internal static PayloadDecodeResult Empty { get; } = new([], null);

    internal static PayloadDecodeResult Fail(string error) => new([], error);
}
