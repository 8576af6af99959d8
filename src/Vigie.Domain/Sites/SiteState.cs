using System.Collections.Immutable;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;

namespace Vigie.Domain.Sites;

/// <summary>Arming modes (SITE-3).</summary>
public enum ArmingMode
{
    Disarmed,
    /// <summary>Night mode: only the partial zones, SOS and domestic risks (SITE-5).</summary>
    Partial,
    Total,
}

public sealed record Arming(ArmingMode Mode, Instant? Since, int? User, ArmingChannel Channel)
{
    public static Arming Initial { get; } = new(ArmingMode.Disarmed, null, null, ArmingChannel.Unknown);
}

/// <summary>An alert inside its cancellation window (ALR-2).</summary>
public sealed record PendingAlert(string AlertId, AlertKind Kind, int? Zone, Instant At, Instant EscalatesAt);

/// <summary>A booked PROTECT+ stretch of one or more 24-h periods (ALR-7).</summary>
public sealed record ProtectPlusBooking(string BookingId, Instant Start, Instant End, int Periods, bool Started, bool Ended)
{
    public bool Covers(Instant at) => at >= Start && at < End;
}

/// <summary>A site as the engine knows it, rebuilt from its stream.</summary>
public sealed record SiteState
{
    public static SiteState Empty { get; } = new();

    public SiteDefinition? Definition { get; init; }
    public Arming Arming { get; init; } = Arming.Initial;
    public ImmutableHashSet<ActivationStep> Activation { get; init; } = [];
    public bool SurveillanceActive { get; init; }
    public ImmutableList<PendingAlert> PendingAlerts { get; init; } = [];
    public ImmutableDictionary<AlertFamily, string> OpenIncidents { get; init; } = ImmutableDictionary<AlertFamily, string>.Empty;
    public ImmutableList<ProtectPlusBooking> ProtectPlus { get; init; } = [];
    public int AlertCount { get; init; }
    public int IncidentCount { get; init; }
    public int BookingCount { get; init; }
    /// <summary>Highest journal row handled: replaying the journal after a crash changes nothing (ARCHITECTURE rule 2).</summary>
    public long LastJournalId { get; init; }
    public int LastJournalIndex { get; init; }
    /// <summary>Keys of recent signals, to recognise a copy received through another path or station.</summary>
    public ImmutableQueue<(string Key, Instant At)> RecentKeys { get; init; } = [];
    public Instant? LastSignalAt { get; init; }

    public bool IsProvisioned => Definition is not null;

    public bool InProtectPlus(Instant at) => ProtectPlus.Any(b => b.Covers(at));

    /// <summary>The next instant the site has something to do (a window ends, a PROTECT+ period starts or ends).</summary>
    public Instant? NextDeadline
    {
        get
        {
            Instant? next = null;
            foreach (var alert in PendingAlerts)
            {
                next = Earliest(next, alert.EscalatesAt);
            }
            foreach (var booking in ProtectPlus)
            {
                if (!booking.Started)
                {
                    next = Earliest(next, booking.Start);
                }
                else if (!booking.Ended)
                {
                    next = Earliest(next, booking.End);
                }
            }
            return next;
        }
    }

    private static Instant Earliest(Instant? a, Instant b) => a is { } x && x < b ? x : b;

    public IEnumerable<ActivationStep> MissingActivationSteps =>
        Enum.GetValues<ActivationStep>().Where(s => !Activation.Contains(s));
}
