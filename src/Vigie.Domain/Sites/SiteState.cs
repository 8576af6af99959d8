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
public sealed record PendingAlert(string AlertId, AlertKind Kind, int? Zone, Instant At, Instant EscalatesAt)
{
    /// <summary>The signals of the same alarm received in the window after this one, in order: the incident's timeline starts with them.</summary>
    public ImmutableList<ReceivedSignal> Joined { get; init; } = [];
}

/// <summary>
/// An alert a disarm cancelled, until the cancellation stands (ALR-21): a duress event before <paramref name="StandsAt"/>
/// voids the cancellation and the alert joins the SOS.
/// </summary>
public sealed record CancelledAlert(string AlertId, AlertKind Kind, int? Zone, Instant AlertAt, Instant StandsAt);

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
    /// <summary>Alerts cancelled by a disarm whose cancellation does not stand yet (ALR-21).</summary>
    public ImmutableList<CancelledAlert> RecentCancellations { get; init; } = [];
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

    // Supervision (SUP-1 … SUP-6)
    /// <summary>Current faults by key (<see cref="Supervision.FaultKeys"/>): what the portal shows.</summary>
    public ImmutableDictionary<string, SiteFault> Faults { get; init; } = ImmutableDictionary<string, SiteFault>.Empty;
    /// <summary>Past outages of paths and of the whole site, newest last, bounded.</summary>
    public ImmutableList<OutageRecord> Outages { get; init; } = [];
    public ImmutableList<PendingNotice> Notices { get; init; } = [];
    public int NoticeCount { get; init; }
    /// <summary>Activity detection on (VID-11): a pro-video link loss opens an incident (SUP-5).</summary>
    public bool ActivityDetection { get; init; }
    /// <summary>The weekly windows activity detection follows when on (VID-11); null: its switch alone.</summary>
    public Video.DetectionSchedule? DetectionSchedule { get; init; }
    /// <summary>Privacy mode (VID-8): nobody gets live view while it is on.</summary>
    public bool PrivacyMode { get; init; }
    public Instant? SurveillanceSince { get; init; }
    /// <summary>The number and time of the next detector-test reminder (SUP-6).</summary>
    public int DetectorTestReminderNumber { get; init; }
    public Instant? NextDetectorTestReminder { get; init; }
    /// <summary>The test or maintenance period set (running or ahead); null when none.</summary>
    public TestPeriod? TestPeriod { get; init; }
    public int TestPeriodCount { get; init; }

    // Remote control (RC-1 … RC-5, INS-5)
    /// <summary>The remote arming request waiting for the panel's confirmation; null when none.</summary>
    public ArmingRequest? PendingArming { get; init; }
    public int ArmingRequestCount { get; init; }
    /// <summary>Every virtual remote of the site, revoked ones included (their history stays).</summary>
    public ImmutableList<VirtualRemote> VirtualRemotes { get; init; } = [];
    public ImmutableList<LostDeviceReport> LostDevices { get; init; } = [];
    public ArmingNoticeChoices ArmingNotices { get; init; } = ArmingNoticeChoices.None;
    public InsurerDetails? Insurer { get; init; }

    /// <summary>The test period covering <paramref name="at"/>, or null.</summary>
    public TestPeriod? OnTest(Instant at) => TestPeriod is { } p && p.Covers(at) ? p : null;

    public bool IsProvisioned => Definition is not null;

    public bool InProtectPlus(Instant at) => ProtectPlus.Any(b => b.Covers(at));

    /// <summary>The next instant the site has something to do (a window ends, a PROTECT+ period starts or ends, a notice or reminder is due, a test period ends, a remote arming request expires).</summary>
    public Instant? NextDeadline
    {
        get
        {
            Instant? next = null;
            foreach (var alert in PendingAlerts)
            {
                next = Earliest(next, alert.EscalatesAt);
            }
            foreach (var cancelled in RecentCancellations)
            {
                next = Earliest(next, cancelled.StandsAt);
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
            foreach (var notice in Notices)
            {
                next = Earliest(next, notice.Due);
            }
            if (NextDetectorTestReminder is { } reminder)
            {
                next = Earliest(next, reminder);
            }
            if (TestPeriod is { } period)
            {
                next = Earliest(next, period.End);
            }
            if (PendingArming is { } request)
            {
                next = Earliest(next, request.ExpiresAt);
            }
            return next;
        }
    }

    private static Instant Earliest(Instant? a, Instant b) => a is { } x && x < b ? x : b;

    public IEnumerable<ActivationStep> MissingActivationSteps =>
        Enum.GetValues<ActivationStep>().Where(s => !Activation.Contains(s));
}
