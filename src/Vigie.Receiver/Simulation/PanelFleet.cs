using Vigie.Protocols.Dc09;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Simulation;

/// <summary>How a fleet of simulated panels behaves: NULL polling at a fixed interval, random events in between.</summary>
public sealed record FleetPlan
{
    /// <summary>Interval between NULL link tests; zero for none.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Mean interval between random events of one panel (exponential); zero for none.</summary>
    public TimeSpan MeanEventInterval { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>The events picked from at random.</summary>
    public IReadOnlyList<(Dc09Token Token, string Payload)> Events { get; init; } = EventMix.Everyday;
    public int Seed { get; init; } = 1;
}

/// <summary>What the fleet's panels saw, updated live.</summary>
public sealed class FleetCounters
{
    private long _sent;
    private long _acked;
    private long _naks;
    private long _duhs;
    private long _unanswered;

    public long Sent => Interlocked.Read(ref _sent);
    public long Acked => Interlocked.Read(ref _acked);
    public long Naks => Interlocked.Read(ref _naks);
    public long Duhs => Interlocked.Read(ref _duhs);
    public long Unanswered => Interlocked.Read(ref _unanswered);

    public void Count(PanelReply reply)
    {
        Interlocked.Increment(ref _sent);
        switch (reply.Kind)
        {
            case ReplyKind.Ack: Interlocked.Increment(ref _acked); break;
            case ReplyKind.Nak: Interlocked.Increment(ref _naks); break;
            case ReplyKind.Duh: Interlocked.Increment(ref _duhs); break;
            case ReplyKind.None: Interlocked.Increment(ref _unanswered); break;
        }
    }

    public override string ToString() => $"sent {Sent}, acknowledged {Acked}, NAK {Naks}, DUH {Duhs}, unanswered {Unanswered}";
}

/// <summary>Runs panels concurrently, each on its own schedule, until cancelled.</summary>
public sealed class PanelFleet(IReadOnlyList<IAlarmPanel> panels, FleetPlan plan)
{
    public FleetCounters Counters { get; } = new();

    /// <summary>Called after every message with the panel, what was sent and the answer (e.g. to print or to check later).</summary>
    public Action<IAlarmPanel, Dc09Token, string, PanelReply>? OnReply { get; init; }

    public Task RunAsync(CancellationToken cancellation) =>
        Task.WhenAll(panels.Select((panel, index) => RunPanelAsync(panel, new Random(plan.Seed + index), cancellation)));

    private async Task RunPanelAsync(IAlarmPanel panel, Random random, CancellationToken cancellation)
    {
        var start = DateTime.UtcNow;
        var nextPoll = plan.PollInterval > TimeSpan.Zero ? start + (plan.PollInterval * random.NextDouble()) : DateTime.MaxValue;
        var nextEvent = plan.MeanEventInterval > TimeSpan.Zero ? start + Exponential(random) : DateTime.MaxValue;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var due = nextPoll < nextEvent ? nextPoll : nextEvent;
                if (due == DateTime.MaxValue)
                {
                    return;
                }
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellation).ConfigureAwait(false);
                }
                Dc09Token token;
                string payload;
                if (nextEvent <= nextPoll)
                {
                    (token, payload) = EventMix.Pick(plan.Events, random);
                    nextEvent += Exponential(random);
                }
                else
                {
                    (token, payload) = (Dc09Token.Null, "");
                    nextPoll += plan.PollInterval;
                }
                var reply = token == Dc09Token.Null
                    ? await panel.SendLinkTestAsync(cancellation).ConfigureAwait(false)
                    : await panel.SendEventAsync(token, payload, cancellation).ConfigureAwait(false);
                Counters.Count(reply);
                OnReply?.Invoke(panel, token, payload, reply);
            }
        }
        catch (OperationCanceledException)
        {
            // The fleet was stopped.
        }
    }

    private TimeSpan Exponential(Random random) => plan.MeanEventInterval * -Math.Log(1 - random.NextDouble());
}
