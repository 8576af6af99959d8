using Vigie.Receiver.Journal;

namespace Vigie.Receiver.Reception;

/// <summary>What the receiver answers to a frame.</summary>
public enum ReplyKind
{
    /// <summary>Nothing: a bad CRC (DC-09 test annex), or an overload where the panel's retry is the remedy.</summary>
    None,
    Ack,
    Nak,
    Duh,
}

/// <summary>
/// The receiver's decision about one frame, made before anything is stored: the reply (already written in
/// the caller's buffer) and the journal entry that must be committed before that reply may be sent.
/// </summary>
public readonly record struct Verdict(ReplyKind Reply, int ReplyLength, JournalEntry? Entry, string Reason)
{
    /// <summary>
    /// The input was a DC-09 frame the parser could read (whatever became of it). Only such frames keep an idle
    /// TCP connection open: noise and garbage do not.
    /// </summary>
    public bool Readable { get; init; } = true;

    public static Verdict NoReply(string reason) => new(ReplyKind.None, 0, null, reason) { Readable = false };
}
