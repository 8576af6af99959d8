using Microsoft.Extensions.Logging;
using Vigie.Station.Ports;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// Arming commands for panels, kept like the outbox: written to the "panel-commands" projection in the same
/// transaction as the request, sent after the commit, removed once handed to the panel link. A command a stop cut
/// off is sent at the next start, unless its confirmation deadline has passed by then: arming a house an hour late
/// would be worse than not at all (the site records the request as expired).
/// </summary>
public sealed class PanelCommandQueue(IEventLog log, IPanelCommands panels, StationClock clock, ILogger<PanelCommandQueue> logger)
{
    private const string Stream = "panel-commands";

    public static DocumentChange Entry(PanelCommand command) => new UpsertDocument(Collections.PanelCommands, command.RequestId, EventCodec.Json(command));

    public async Task DeliverAsync(PanelCommand command)
    {
        try
        {
            if (clock.GetCurrentInstant() > command.ExpiresAt)
            {
                PanelCommandLog.Dropped(logger, command.RequestId, command.SiteId);
            }
            else
            {
                await panels.SendAsync(command, CancellationToken.None);
                PanelCommandLog.Sent(logger, command.RequestId, command.SiteId, command.Mode.ToString());
            }
            await log.AppendAsync(Stream, 0, [], [new DeleteDocument(Collections.PanelCommands, command.RequestId)]);
        }
        catch (Exception error)
        {
            // Kept: the next start sends it again if still in time.
            PanelCommandLog.NotSent(logger, command.RequestId, command.SiteId, error);
        }
    }

    /// <summary>Sends what a stop left unsent.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var pending = await log.ListDocumentsAsync(Collections.PanelCommands, ct);
        foreach (var document in pending)
        {
            await DeliverAsync(EventCodec.Read<PanelCommand>(document.Data)!);
        }
        return pending.Count;
    }

    /// <summary>Commands written and not yet handed over (tests and diagnostics).</summary>
    public async Task<IReadOnlyList<PanelCommand>> PendingAsync(CancellationToken ct = default) =>
        [.. (await log.ListDocumentsAsync(Collections.PanelCommands, ct)).Select(d => EventCodec.Read<PanelCommand>(d.Data)!)];
}

internal static partial class PanelCommandLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "panel command {RequestId} ({Mode}) sent to site {SiteId}")]
    public static partial void Sent(ILogger logger, string requestId, string siteId, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "panel command {RequestId} for site {SiteId}: not sent, kept for the next start")]
    public static partial void NotSent(ILogger logger, string requestId, string siteId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "panel command {RequestId} for site {SiteId}: its confirmation deadline passed before it could be sent; dropped")]
    public static partial void Dropped(ILogger logger, string requestId, string siteId);
}
