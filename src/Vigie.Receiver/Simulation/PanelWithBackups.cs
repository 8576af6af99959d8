using System.Diagnostics;
using System.Net;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Simulation;

/// <summary>A panel as the fleet drives it: one receiver (<see cref="SimulatedPanel"/>) or several (<see cref="PanelWithBackups"/>).</summary>
public interface IAlarmPanel : IAsyncDisposable
{
    PanelProfile Profile { get; }

    Task<PanelReply> SendEventAsync(Dc09Token token, string payload, CancellationToken cancellation = default);

    Task<PanelReply> SendLinkTestAsync(CancellationToken cancellation = default);
}

/// <summary>How a panel with a primary and backup receivers chooses where to send (as DC-09 panels are programmed).</summary>
public sealed record ReceiverFailover
{
    /// <summary>Sends of one message to a receiver (each waits <see cref="ReplyTimeout"/>, or fails at once when refused) before the next receiver.</summary>
    public int AttemptsPerReceiver { get; init; } = 2;

    /// <summary>How long a panel waits for the ACK of one attempt.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Once on a backup, the first message after this long tries the primary again (and stays there if it answers).</summary>
    public TimeSpan ReturnToPrimaryAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Every message to every receiver at once (dual reporting); acknowledged when one receiver acknowledges.</summary>
    public bool DualReporting { get; init; }
}

/// <summary>
/// A panel with several receivers, the first the primary: each message goes to the receiver in use with the panel's
/// retries; with no answer (timeout, refused, closed) it goes, with the same sequence number, to the next receiver,
/// which becomes the one in use; after <see cref="ReceiverFailover.ReturnToPrimaryAfter"/> the primary is tried first again.
/// </summary>
public sealed class PanelWithBackups : IAlarmPanel
{
    private readonly SimulatedPanel[] _receivers;
    private readonly IReadOnlyList<IPEndPoint> _endpoints;
    private readonly ReceiverFailover _failover;
    private readonly TimeProvider _time;
    private int _sequence;
    private int _inUse;
    private DateTimeOffset _leftPrimaryAt;

    public PanelWithBackups(PanelProfile profile, IReadOnlyList<IPEndPoint> receivers, PanelTransport transport, ReceiverFailover failover, TimeProvider? time = null)
    {
        if (receivers.Count == 0)
        {
            throw new ArgumentException("a panel needs at least one receiver", nameof(receivers));
        }
        Profile = profile;
        _endpoints = receivers;
        _failover = failover;
        _time = time ?? TimeProvider.System;
        _receivers = [.. receivers.Select(r => new SimulatedPanel(profile, r, transport) { ReplyTimeout = failover.ReplyTimeout, MaxAttempts = failover.AttemptsPerReceiver })];
    }

    public PanelProfile Profile { get; }

    /// <summary>The receiver in use now (the primary unless it failed).</summary>
    public IPEndPoint ReceiverInUse => _endpoints[_inUse];

    /// <summary>The receiver that acknowledged the last message (with dual reporting, the first that did); null if none.</summary>
    public IPEndPoint? LastAcknowledgedBy { get; private set; }

    /// <summary>Every receiver that acknowledged the last message (more than one with dual reporting).</summary>
    public IReadOnlyList<IPEndPoint> LastAcknowledgedByAll { get; private set; } = [];

    public Task<PanelReply> SendEventAsync(Dc09Token token, string payload, CancellationToken cancellation = default) =>
        SendAsync(token, $"#{Profile.Account}|{payload}", cancellation);

    public Task<PanelReply> SendLinkTestAsync(CancellationToken cancellation = default) => SendAsync(Dc09Token.Null, "", cancellation);

    private async Task<PanelReply> SendAsync(Dc09Token token, string data, CancellationToken cancellation)
    {
        // One sequence number per message, whichever receiver carries it: the receivers see the same message.
        var sequence = (_sequence % 9999) + 1;
        _sequence = sequence;
        var started = Stopwatch.GetTimestamp();
        return _failover.DualReporting
            ? await SendToAllAsync(token, data, sequence, started, cancellation).ConfigureAwait(false)
            : await SendWithFailoverAsync(token, data, sequence, started, cancellation).ConfigureAwait(false);
    }

    private async Task<PanelReply> SendWithFailoverAsync(Dc09Token token, string data, int sequence, long started, CancellationToken cancellation)
    {
        if (_inUse != 0 && _time.GetUtcNow() - _leftPrimaryAt >= _failover.ReturnToPrimaryAfter)
        {
            _inUse = 0;
        }
        var attempts = 0;
        for (var tried = 0; tried < _receivers.Length; tried++)
        {
            var index = (_inUse + tried) % _receivers.Length;
            _receivers[index].SetNextSequence(sequence);
            var reply = await _receivers[index].SendAsync(token, data, [], cancellation).ConfigureAwait(false);
            attempts += reply.Attempts;
            if (reply.Kind == ReplyKind.None)
            {
                continue;
            }
            if (tried > 0 && index != 0)
            {
                // Moved to a backup: the primary is tried again ReturnToPrimaryAfter from now.
                _leftPrimaryAt = _time.GetUtcNow();
            }
            _inUse = index;
            LastAcknowledgedBy = reply.Kind == ReplyKind.Ack ? _endpoints[index] : null;
            LastAcknowledgedByAll = LastAcknowledgedBy is { } by ? [by] : [];
            return reply with { Latency = Stopwatch.GetElapsedTime(started), Attempts = attempts };
        }
        LastAcknowledgedBy = null;
        LastAcknowledgedByAll = [];
        return new PanelReply(ReplyKind.None, sequence, Stopwatch.GetElapsedTime(started), attempts);
    }

    private async Task<PanelReply> SendToAllAsync(Dc09Token token, string data, int sequence, long started, CancellationToken cancellation)
    {
        var replies = await Task.WhenAll(_receivers.Select(receiver =>
        {
            receiver.SetNextSequence(sequence);
            return receiver.SendAsync(token, data, [], cancellation);
        })).ConfigureAwait(false);
        LastAcknowledgedByAll = [.. replies.Select((r, i) => (r, i)).Where(x => x.r.Kind == ReplyKind.Ack).Select(x => _endpoints[x.i])];
        LastAcknowledgedBy = LastAcknowledgedByAll.FirstOrDefault();
        var best = replies.Any(r => r.Kind == ReplyKind.Ack) ? replies.First(r => r.Kind == ReplyKind.Ack)
            : replies.FirstOrDefault(r => r.Kind != ReplyKind.None) is { Kind: not ReplyKind.None } answered ? answered : replies[0];
        return best with { Latency = Stopwatch.GetElapsedTime(started), Attempts = replies.Sum(r => r.Attempts) };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
        }
    }
}
