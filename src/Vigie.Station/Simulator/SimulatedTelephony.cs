using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Station.Engine;
using Vigie.Station.Ports;

namespace Vigie.Station.Simulator;

/// <summary>Something the simulated phone network delivered: a voice message or an SMS.</summary>
public sealed record DeliveredMessage(string Channel, string To, string Text, Instant At);

/// <summary>
/// SIMULATOR — the development telephony (Engine:Telephony = "Simulator"). Automatic calls ring here until
/// someone answers them through the API or `vigie phone answer +33612345678 --dtmf 1234`, or rejects them, or
/// they time out; voice messages and SMS are kept in an outbox. No real phone is ever called.
/// </summary>
public sealed class SimulatedTelephony(CallOutcomes outcomes, StationClock clock, ILogger<SimulatedTelephony> logger) : IVoiceCalls, ISmsSender, IAppNotifications
{
    private const int OutboxSize = 1000;
    private readonly ConcurrentDictionary<string, VoiceCall> _ringing = new();
    private readonly ConcurrentQueue<DeliveredMessage> _outbox = new();

    public IReadOnlyList<VoiceCall> Ringing() => [.. _ringing.Values.OrderBy(c => c.PlacedAt)];

    public IReadOnlyList<DeliveredMessage> Outbox() => [.. _outbox];

    public Task PlaceCallAsync(VoiceCall call, CancellationToken ct)
    {
        _ringing[call.CallId] = call;
        SimulatorLog.Ringing(logger, call.To.Value, call.CalleeName, call.IncidentId);
        return Task.CompletedTask;
    }

    public Task PlayMessageAsync(PhoneNumber to, string message, CancellationToken ct)
    {
        Deliver(new DeliveredMessage("voice", to.Value, message, clock.GetCurrentInstant()));
        return Task.CompletedTask;
    }

    public Task SendSmsAsync(PhoneNumber to, string text, CancellationToken ct)
    {
        Deliver(new DeliveredMessage("sms", to.Value, text, clock.GetCurrentInstant()));
        return Task.CompletedTask;
    }

    /// <summary>SIMULATOR: the subscriber's app notification is kept with the messages, "To" naming the subscriber.</summary>
    public Task NotifyAsync(string subscriberId, string title, string text, CancellationToken ct)
    {
        Deliver(new DeliveredMessage("app", subscriberId, $"{title}: {text}", clock.GetCurrentInstant()));
        return Task.CompletedTask;
    }

    private void Deliver(DeliveredMessage message)
    {
        // The outbox is readable through the API: what it keeps holds no secret link.
        message = message with { Text = SecretLinks.Redact(message.Text) };
        _outbox.Enqueue(message);
        while (_outbox.Count > OutboxSize && _outbox.TryDequeue(out _))
        {
        }
        SimulatorLog.Delivered(logger, message.Channel, message.To, message.Text);
    }

    /// <summary>
    /// Answers the oldest call ringing at <paramref name="number"/> and types <paramref name="dtmf"/>: the
    /// confidential code, optionally followed by "#9" to ask for a security agent (ALR-6).
    /// </summary>
    public async Task<CallAnswer> AnswerAsync(PhoneNumber number, string dtmf, CancellationToken ct)
    {
        if (Take(number) is not { } call)
        {
            return new CallAnswer(false, null, $"no call is ringing at {number}");
        }
        var result = await outcomes.AnsweredAsync(call, dtmf, ct);
        return new CallAnswer(result.Accepted, call.IncidentId, result.Refusal?.Detail);
    }

    public async Task<CallAnswer> RejectAsync(PhoneNumber number, CancellationToken ct)
    {
        if (Take(number) is not { } call)
        {
            return new CallAnswer(false, null, $"no call is ringing at {number}");
        }
        var result = await outcomes.UnansweredAsync(call, ct);
        return new CallAnswer(result.Accepted, call.IncidentId, result.Refusal?.Detail);
    }

    public Task HangUpAsync(string callId, CancellationToken ct)
    {
        _ringing.TryRemove(callId, out _);
        return Task.CompletedTask;
    }

    private VoiceCall? Take(PhoneNumber number)
    {
        foreach (var call in _ringing.Values.OrderBy(c => c.PlacedAt))
        {
            if (call.To == number && _ringing.TryRemove(call.CallId, out var taken))
            {
                return taken;
            }
        }
        return null;
    }
}

public sealed record CallAnswer(bool Accepted, string? IncidentId, string? Problem);

/// <summary>
/// SIMULATOR — without an SMTP server (Email:Smtp:Host), e-mails are kept here (and logged) instead of sent. What is kept
/// holds no secret: password-reset and invitation links are withheld (<see cref="SecretLinks"/>), since the outbox is
/// readable through the API; only a real mailbox ever receives them.
/// </summary>
public sealed class SimulatedMailbox(ILogger<SimulatedMailbox> logger) : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> _sent = new();

    public IReadOnlyList<EmailMessage> Sent() => [.. _sent];

    public Task SendEmailAsync(EmailMessage message, CancellationToken ct)
    {
        message = message with { Subject = SecretLinks.Redact(message.Subject), Body = SecretLinks.Redact(message.Body) };
        _sent.Enqueue(message);
        while (_sent.Count > 1000 && _sent.TryDequeue(out _))
        {
        }
        SimulatorLog.Emailed(logger, string.Join(", ", message.To), message.Subject);
        return Task.CompletedTask;
    }
}

internal static partial class SimulatorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "[simulated phone] ringing {Number} ({Name}) for incident {IncidentId}")]
    public static partial void Ringing(ILogger logger, string number, string name, string incidentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "[simulated {Channel}] to {To}: {Text}")]
    public static partial void Delivered(ILogger logger, string channel, string to, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "[simulated email] to {To}: {Subject}")]
    public static partial void Emailed(ILogger logger, string to, string subject);
}
