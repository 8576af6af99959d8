using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NodaTime;
using Vigie.Domain;
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
    /// Answers the call ringing at <paramref name="number"/> and types <paramref name="dtmf"/>: the confidential code,
    /// optionally followed by "#9" to ask for a security agent (ALR-6).
    /// </summary>
    public Task<CallAnswer> AnswerAsync(PhoneNumber number, string dtmf, CancellationToken ct) => AnswerAsync(CallChoice.At(number), dtmf, ct);

    /// <summary>Answers the call chosen by its id, or by its number when only one rings there, and types <paramref name="dtmf"/>.</summary>
    public async Task<CallAnswer> AnswerAsync(CallChoice which, string dtmf, CancellationToken ct)
    {
        var (call, refusal) = Take(which);
        if (call is null)
        {
            return CallAnswer.NotTaken(refusal!);
        }
        var result = await outcomes.AnsweredAsync(call, dtmf, ct);
        return new CallAnswer(result.Accepted, call.IncidentId, result.Refusal?.Detail) { CallId = call.CallId };
    }

    public Task<CallAnswer> RejectAsync(PhoneNumber number, CancellationToken ct) => RejectAsync(CallChoice.At(number), ct);

    /// <summary>Lets the call chosen by its id, or by its number when only one rings there, go unanswered.</summary>
    public async Task<CallAnswer> RejectAsync(CallChoice which, CancellationToken ct)
    {
        var (call, refusal) = Take(which);
        if (call is null)
        {
            return CallAnswer.NotTaken(refusal!);
        }
        var result = await outcomes.UnansweredAsync(call, ct);
        return new CallAnswer(result.Accepted, call.IncidentId, result.Refusal?.Detail) { CallId = call.CallId };
    }

    public Task HangUpAsync(string callId, CancellationToken ct)
    {
        _ringing.TryRemove(callId, out _);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The one call meant: by id, or the only one ringing at a number. Two calls may ring at one number (a subscriber
    /// who is also a contact elsewhere, two incidents at once): the number alone then names neither, and guessing the
    /// oldest would settle the wrong incident's call, so the caller is told the ids to choose from.
    /// </summary>
    private (VoiceCall? Call, Refusal? Refusal) Take(CallChoice which)
    {
        var matching = Ringing().Where(which.Matches).ToList();
        if (matching.Count > 1)
        {
            var ids = string.Join(", ", matching.Select(c => c.CallId));
            return (null, Refusal.Conflict(RefusalCodes.SimulatorCallAmbiguous,
                $"{matching.Count} calls ring at {which}: name one by its id ({ids})", which.ToString(), ids));
        }
        if (matching.Count == 1 && _ringing.TryRemove(matching[0].CallId, out var taken))
        {
            return (taken, null);
        }
        return (null, Refusal.NotFound(RefusalCodes.SimulatorCallNotRinging, $"no call is ringing {which.Describe()}", which.ToString()));
    }
}

/// <summary>Which ringing call a person means: its id (as `vigie phone calls` lists it), or the number it rings at.</summary>
public sealed record CallChoice(string? CallId, PhoneNumber? Number)
{
    public static CallChoice At(PhoneNumber number) => new(null, number);

    public static CallChoice Id(string callId) => new(callId, null);

    public bool Matches(VoiceCall call) => CallId is { } id
        ? call.CallId.Equals(id, StringComparison.OrdinalIgnoreCase)
        : call.To == Number;

    public string Describe() => CallId is { } id ? $"as call {id}" : $"at {Number}";

    public override string ToString() => CallId ?? Number?.Value ?? "";
}

/// <summary>What answering or rejecting a call did; <see cref="Refusal"/> when no single ringing call was meant.</summary>
public sealed record CallAnswer(bool Accepted, string? IncidentId, string? Problem)
{
    public string? CallId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Refusal? Refusal { get; init; }

    public static CallAnswer NotTaken(Refusal refusal) => new(false, null, refusal.Detail) { Refusal = refusal };
}

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
