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

    [LoggerMessage(4, LogLevel.Warning, "Frame from {Remote} over {Transport} refused ({Reason}), reply {Reply}")]
    public static partial void FrameRefused(ILogger logger, string remote, string transport, string reason, string reply);

    [LoggerMessage(5, LogLevel.Warning, "Account {Account} unknown: {Token} seq {Sequence} from {Remote} stored as unknown-account")]
    public static partial void UnknownAccount(ILogger logger, string account, string token, int sequence, string remote);

    [LoggerMessage(6, LogLevel.Warning, "Encrypted message from account {Account} unreadable ({Reason}): seq {Sequence} from {Remote} stored raw, answered DUH")]
    public static partial void Undecryptable(ILogger logger, string account, string reason, int sequence, string remote);

    [LoggerMessage(7, LogLevel.Warning, "Message from account {Account} stamped {PanelTime:O}, receiver time {ReceiverTime:O}: outside the window, NAK with receiver time")]
    public static partial void OutsideWindow(ILogger logger, string account, DateTime panelTime, DateTime receiverTime);

    [LoggerMessage(8, LogLevel.Information, "Connection {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string remote, string reason);

    [LoggerMessage(9, LogLevel.Information, "Account registry reloaded: {Count} accounts (version {Version})")]
    public static partial void AccountsReloaded(ILogger logger, int count, long version);

    [LoggerMessage(10, LogLevel.Error, "Unexpected error handling a frame from {Remote}; connection closed, other panels unaffected")]
    public static partial void FrameHandlingFailed(ILogger logger, string remote, Exception error);

    [LoggerMessage(11, LogLevel.Warning, "UDP overload: {InFlight} datagrams in flight, datagram from {Remote} dropped unanswered")]
    public static partial void UdpOverload(ILogger logger, int inFlight, string remote);

    [LoggerMessage(13, LogLevel.Warning, "Journal checkpoint failed; the WAL grows until the next one succeeds")]
    public static partial void CheckpointFailed(ILogger logger, Exception error);

    [LoggerMessage(12, LogLevel.Warning, "Account {Account}: payload of seq {Sequence} could not be decoded ({Error}); stored and acknowledged")]
    public static partial void PayloadUnreadable(ILogger logger, string account, int sequence, string error);
}
