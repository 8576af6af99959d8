using Microsoft.Extensions.Logging;

namespace Vigie.Station.Engine;

internal static partial class EngineLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "waking {Stream} at its deadline failed")]
    public static partial void WakeFailed(ILogger logger, string stream, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "signal {JournalId} for site {SiteId} not handled: {Reason}")]
    public static partial void SignalRefused(ILogger logger, long journalId, string siteId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "signal {JournalId}: payload not readable ({Error})")]
    public static partial void PayloadUnreadable(ILogger logger, long journalId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "journal feed: batch after {Cursor} failed; retrying")]
    public static partial void FeedFailed(ILogger logger, long cursor, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "journal feed: cursor {Cursor} not saved; a restart reads the rows after the last saved one again")]
    public static partial void CursorNotSaved(ILogger logger, long cursor, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "engine started: journal cursor {Cursor}, {Deadlines} deadlines re-armed")]
    public static partial void Started(ILogger logger, long cursor, int deadlines);

    [LoggerMessage(Level = LogLevel.Error, Message = "effect of {Event} on {Stream} failed")]
    public static partial void EffectFailed(ILogger logger, string @event, string stream, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "incident {IncidentId} opened at {SiteId}: {Kind}, {Procedure}")]
    public static partial void IncidentOpened(ILogger logger, string incidentId, string siteId, string kind, string procedure);
}
