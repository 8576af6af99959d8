using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Station.Ports;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// Arming commands for panels, kept like the outbox: written to the "panel-commands" projection in the same
/// transaction as the request, sent after the commit, removed once handed to the panel link. Every sending goes
/// through the command's <see cref="IPanelCommandDeliveryGrain"/>, one activation in the cluster that re-reads the
/// command from the log: a panel never gets the same command from two living stations. A command a stop, a crash or a
/// failed sending left in the log is sent by the next resume (a station's start, or its takeover from a lost one),
/// unless its confirmation deadline has passed by then: arming a house an hour late would be worse than not at all
/// (the site records the request as expired) (RC-1).
/// </summary>
public sealed class PanelCommandQueue(IEventLog log, IGrainFactory grains, IPanelCommands panels, StationClock clock, ILogger<PanelCommandQueue> logger)
{
    private const string Stream = "panel-commands";

    public static DocumentChange Entry(PanelCommand command) => new UpsertDocument(Collections.PanelCommands, command.RequestId, EventCodec.Json(command));

    /// <summary>Has the command committed under <paramref name="requestId"/> sent by its grain; a failure leaves it for the next resume.</summary>
    public async Task DeliverAsync(string requestId)
    {
        try
        {
            await grains.GetGrain<IPanelCommandDeliveryGrain>(requestId).Deliver();
        }
        catch (Exception error)
        {
            // Still in the log: the next resume sends it if still in time.
            PanelCommandLog.NotConfirmed(logger, requestId, error);
        }
    }

    /// <summary>Sends what a stop, a crash or a failed sending left unsent, while still in time.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var pending = await log.ListDocumentsAsync(Collections.PanelCommands, ct);
        foreach (var document in pending)
        {
            await DeliverAsync(document.Key);
        }
        return pending.Count;
    }

    /// <summary>
    /// Sends the command if it is still in the log and still in time, drops it if its deadline has passed, then removes
    /// it. Only its <see cref="IPanelCommandDeliveryGrain"/> calls this.
    /// </summary>
    internal async Task SendAsync(string requestId)
    {
        try
        {
            if (await log.GetDocumentAsync(Collections.PanelCommands, requestId) is not { } document)
            {
                return; // handed over already, by this station or another
            }
            var command = EventCodec.Read<PanelCommand>(document.Data)!;
            if (clock.GetCurrentInstant() > command.ExpiresAt)
            {
                PanelCommandLog.Dropped(logger, command.RequestId, command.SiteId);
            }
            else
            {
                await panels.SendAsync(command, CancellationToken.None);
                PanelCommandLog.Sent(logger, command.RequestId, command.SiteId, command.Mode.ToString());
            }
            await log.AppendAsync(Stream, 0, [], [new DeleteDocument(Collections.PanelCommands, requestId)]);
        }
        catch (Exception error)
        {
            // Kept: the next resume sends it again if still in time.
            PanelCommandLog.NotSent(logger, requestId, error);
        }
    }

    /// <summary>Commands written and not yet handed over (tests and diagnostics).</summary>
    public async Task<IReadOnlyList<PanelCommand>> PendingAsync(CancellationToken ct = default) =>
        [.. (await log.ListDocumentsAsync(Collections.PanelCommands, ct)).Select(d => EventCodec.Read<PanelCommand>(d.Data)!)];
}

internal static partial class PanelCommandLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "panel command {RequestId} ({Mode}) sent to site {SiteId}")]
    public static partial void Sent(ILogger logger, string requestId, string siteId, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "panel command {RequestId}: not sent, kept for the next resume if still in time")]
    public static partial void NotSent(ILogger logger, string requestId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "panel command {RequestId}: its delivery did not answer; it stays in the log until sent or past its deadline")]
    public static partial void NotConfirmed(ILogger logger, string requestId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "panel command {RequestId} for site {SiteId}: its confirmation deadline passed before it could be sent; dropped")]
    public static partial void Dropped(ILogger logger, string requestId, string siteId);
}
