using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Domain.Contacts;
using Vigie.Station.Ports;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>A message to send because of an event: an email, a voice message or an SMS.</summary>
public sealed record OutboxMessage(string Channel, IReadOnlyList<string> To, string Subject, string Text)
{
    public const string Email = "email";
    public const string Voice = "voice";
    public const string Sms = "sms";
    /// <summary>A notification to the subscriber's app; "To" holds the subscriber's id.</summary>
    public const string App = "app";
}

/// <summary>
/// Messages are written to the "outbox" projection in the same transaction as the event that calls for them,
/// delivered after the commit, and removed once delivered. Every delivery, the one after the commit and the ones a
/// resume makes, goes through the message's <see cref="IOutboxDeliveryGrain"/>: one activation in the whole cluster,
/// which re-reads the message from the log and sends it only if it is still there. So two living stations never
/// both send it (a station starting, or taking over from a lost one, does not repeat what another is sending), and a
/// message whose sending was cut by a crash, or failed, stays in the log and is sent by the next resume: at least
/// once, never lost (a duplicate remains possible only when the station sending it dies before its removal commits).
/// </summary>
public sealed class Outbox(IEventLog log, IGrainFactory grains, IVoiceCalls voice, IEmailSender email, ISmsSender sms, IAppNotifications app, ILogger<Outbox> logger)
{
    private const string Stream = "outbox";

    public static DocumentChange Entry(string key, OutboxMessage message) => new UpsertDocument(Collections.Outbox, key, EventCodec.Json(message));

    /// <summary>Has the message committed under <paramref name="key"/> delivered by its grain; a failure leaves it for the next resume.</summary>
    public async Task DeliverAsync(string key)
    {
        try
        {
            await grains.GetGrain<IOutboxDeliveryGrain>(key).Deliver();
        }
        catch (Exception error)
        {
            // The grain's station may be lost or slow: the message is still in the log, and the next resume sends it.
            OutboxLog.NotConfirmed(logger, key, error);
        }
    }

    /// <summary>Delivers what a stop, a crash or a failed sending left in the outbox.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var pending = await log.ListDocumentsAsync(Collections.Outbox, ct);
        if (pending.Count > 0)
        {
            OutboxLog.Resuming(logger, pending.Count);
        }
        foreach (var document in pending)
        {
            await DeliverAsync(document.Key);
        }
        return pending.Count;
    }

    /// <summary>Sends the message if it is still in the outbox, then removes it. Only its <see cref="IOutboxDeliveryGrain"/> calls this.</summary>
    internal async Task SendAsync(string key)
    {
        try
        {
            if (await log.GetDocumentAsync(Collections.Outbox, key) is not { } document)
            {
                return; // sent already, by this station or another
            }
            var message = EventCodec.Read<OutboxMessage>(document.Data)!;
            switch (message.Channel)
            {
                case OutboxMessage.Email:
                    await email.SendEmailAsync(new EmailMessage(message.To, message.Subject, message.Text), CancellationToken.None);
                    break;
                case OutboxMessage.Voice:
                    foreach (var to in message.To)
                    {
                        await voice.PlayMessageAsync(PhoneNumber.Parse(to), message.Text, CancellationToken.None);
                    }
                    break;
                case OutboxMessage.Sms:
                    foreach (var to in message.To)
                    {
                        await sms.SendSmsAsync(PhoneNumber.Parse(to), message.Text, CancellationToken.None);
                    }
                    break;
                case OutboxMessage.App:
                    foreach (var to in message.To)
                    {
                        await app.NotifyAsync(to, message.Subject, message.Text, CancellationToken.None);
                    }
                    break;
                default:
                    throw new InvalidDataException($"outbox {key}: unknown channel '{message.Channel}'");
            }
            await log.AppendAsync(Stream, 0, [], [new DeleteDocument(Collections.Outbox, key)]);
        }
        catch (Exception error)
        {
            // Kept in the outbox: the next resume sends it again.
            OutboxLog.NotSent(logger, key, error);
        }
    }
}

internal static partial class OutboxLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox {Key}: not sent, kept for the next resume")]
    public static partial void NotSent(ILogger logger, string key, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox {Key}: its delivery did not answer; it stays in the log until sent, by the next resume if need be")]
    public static partial void NotConfirmed(ILogger logger, string key, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "outbox: {Count} message(s) pending, each delivered by its one grain in the cluster")]
    public static partial void Resuming(ILogger logger, int count);
}
