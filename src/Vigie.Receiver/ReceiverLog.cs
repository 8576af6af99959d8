using Microsoft.Extensions.Logging;

namespace Vigie.Receiver;

/// <summary>The receiver's log lines, compiled once ([LoggerMessage]): structured fields, no formatting on the hot path.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(1, LogLevel.Information, "Journal {Path} opened: {Signals} signals stored, {Recent} recent ones loaded for duplicate detection")]
    public static partial void JournalOpened(ILogger logger, string path, long signals, int recent);

    [LoggerMessage(2, LogLevel.Error, "Journal commit of {Count} frames failed; none acknowledged, panels will resend")]
    public static partial void JournalCommitFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(3, LogLevel.Information, "DC-09 {Transport} listener on {Endpoint}")]
    public static partial void Listening(ILogger logger, string transport, string endpoint);

    [LoggerMessage(4, LogLevel.Warning, "Frame from {Remote} over {Transport} refused or untrusted ({Reason}), account {Account}, reply {Reply}; {Suppressed} more from this address went unlogged (one line per {Interval} per address)")]
    public static partial void FrameRefused(ILogger logger, string remote, string transport, string reason, string account, string reply, long suppressed, TimeSpan interval);

    [LoggerMessage(5, LogLevel.Warning, "Handling a {Transport} frame from {Remote} failed; answered NAK, the listener carries on")]
    public static partial void FrameFault(ILogger logger, string transport, string remote, Exception error);

    [LoggerMessage(6, LogLevel.Warning, "TCP connection from {Remote} refused: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(8, LogLevel.Information, "Connection {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string remote, string reason);

    [LoggerMessage(9, LogLevel.Information, "Account registry reloaded: {Count} accounts (version {Version})")]
    public static partial void AccountsReloaded(ILogger logger, int count, long version);

    [LoggerMessage(10, LogLevel.Error, "Unexpected error handling a frame from {Remote}; connection closed, other panels unaffected")]
    public static partial void FrameHandlingFailed(ILogger logger, string remote, Exception error);

    [LoggerMessage(11, LogLevel.Warning, "UDP overload: {InFlight} datagrams in flight, datagram from {Remote} dropped unanswered")]
    public static partial void UdpOverload(ILogger logger, int inFlight, string remote);

    [LoggerMessage(14, LogLevel.Information, "{Count} panel keys stored in clear by an older version are now encrypted with the station's key ring")]
    public static partial void KeysProtected(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Warning, "Journal checkpoint failed; the WAL grows until the next one succeeds")]
    public static partial void CheckpointFailed(ILogger logger, Exception error);

    [LoggerMessage(12, LogLevel.Warning, "Account {Account}: payload of seq {Sequence} could not be decoded ({Error}); stored and acknowledged")]
    public static partial void PayloadUnreadable(ILogger logger, string account, int sequence, string error);
}
