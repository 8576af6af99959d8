using Microsoft.Extensions.Logging;
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
/// sent after the commit, and removed once sent. A message whose sending was cut by a crash is sent at the
/// next start: at least once, never lost (a rare duplicate is the lesser harm for an alert).
/// </summary>
public sealed class Outbox(IEventLog log, IVoiceCalls voice, IEmailSender email, ISmsSender sms, IAppNotifications app, ILogger<Outbox> logger)
{
    private const string Stream = "outbox";

    public static DocumentChange Entry(string key, OutboxMessage message) => new UpsertDocument(Collections.Outbox, key, EventCodec.Json(message));

    public async Task DeliverAsync(string key, OutboxMessage message)
    {
        try
        {
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
            // Kept in the outbox: the next start sends it again.
            OutboxLog.NotSent(logger, key, error);
        }
    }

    /// <summary>Sends what a stop left unsent.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var pending = await log.ListDocumentsAsync(Collections.Outbox, ct);
        foreach (var document in pending)
        {
            await DeliverAsync(document.Key, EventCodec.Read<OutboxMessage>(document.Data)!);
        }
        return pending.Count;
    }
}

internal static partial class OutboxLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox {Key}: not sent, kept for the next start")]
    public static partial void NotSent(ILogger logger, string key, Exception error);
}
