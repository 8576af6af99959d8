using System.Collections.Immutable;
using NodaTime;
using Vigie.Domain.Contacts;

namespace Vigie.Domain.Incidents;

/// <summary>What established that a crime is under way (ALR-10, ALR-12).</summary>
public enum VerificationKind
{
    AgentFoundBreakIn,
    Video,
    AggressionHeard,
    CannotSpeakFreely,
    Duress,
}

public enum IncidentStatus
{
    NotOpened,
    Open,
    Closed,
}

public enum AgentStatus
{
    None,
    Dispatched,
    Reported,
}

/// <summary>An automatic call waiting for its outcome.</summary>
public sealed record ActiveCall(string CallId, Callee Callee, int Round, Instant Deadline);

/// <summary>An operator's call to a person of the instructions, with its result.</summary>
public sealed record PersonCall(Callee Callee, CallOutcome Outcome, PersonDecision? Decision, CallPurpose Purpose, Instant At);

/// <summary>An incident as rebuilt from its stream.</summary>
public sealed record IncidentState
{
    public static IncidentState Empty { get; } = new();

    public IncidentBrief? Brief { get; init; }
    public IncidentStatus Status { get; init; }
    public Instant? OpenedAt { get; init; }
    public Instant? ClosedAt { get; init; }
    public Classification? Classification { get; init; }
    public string? Outcome { get; init; }

    // INFO Alertes (ALR-5)
    public int CallsPlaced { get; init; }
    public ActiveCall? CurrentCall { get; init; }
    public ImmutableHashSet<string> SettledCalls { get; init; } = [];
    public Callee? AcknowledgedBy { get; init; }
    public bool EmailSent { get; init; }

    // Verification on site (ALR-8, ALR-12)
    public bool Interpellated { get; init; }
    public bool InterpellationAnswered { get; init; }
    public bool? EvidentAggression { get; init; }
    public SiteCallOutcome? SiteCall { get; init; }
    public CodeCheck? LastCode { get; init; }
    public int WrongCodes { get; init; }
    public bool DuressRevealed { get; init; }

    // Calls, agent, police, guarding (ALR-8 … ALR-11)
    public ImmutableList<PersonCall> Calls { get; init; } = [];
    public AgentStatus Agent { get; init; }
    public bool AgentCharged { get; init; }
    public bool? BreakInFound { get; init; }
    public bool VideoShowsCrime { get; init; }
    public Instant? PoliceCalledAt { get; init; }
    public string? GuardingProvider { get; init; }
    public decimal GuardingSpent { get; init; }

    // Technical incidents (SUP-1 … SUP-5)
    /// <summary>Faults still current, by key, with their detail.</summary>
    public ImmutableDictionary<string, string> Faults { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>Every fault key that was part of this incident (a battery among them: replaced free, SUP-2).</summary>
    public ImmutableHashSet<string> FaultHistory { get; init; } = [];
    /// <summary>Outages of the faults cleared so far.</summary>
    public ImmutableList<Duration> Outages { get; init; } = [];
    public bool? RemoteMaintenanceFixed { get; init; }
    public LocalDate? TechnicianVisit { get; init; }
    public bool SubscriberInformed { get; init; }
    /// <summary>Link-loss alerts received by this pro-video incident, the first included (SUP-5).</summary>
    public int LinkLossAlerts { get; init; }
    public LinkCallOutcome? LinkCall { get; init; }
    public bool AfterSalesRequested { get; init; }
    /// <summary>A mass outage's sites: null while lost, the outage once back.</summary>
    public ImmutableDictionary<string, Duration?> AffectedSites { get; init; } = ImmutableDictionary<string, Duration?>.Empty;

    // Who handles it (the operators' console)
    /// <summary>
    /// The operator login holding the incident. Kept after closing as the last holder (for statistics and the
    /// list), but a closed incident is held by nobody: see <see cref="HeldBy"/>.
    /// </summary>
    public string? HandledBy { get; init; }
    /// <summary>When somebody first took (or was assigned) the incident: time-to-take is measured to it.</summary>
    public Instant? FirstTakenAt { get; init; }
    public Instant? EscalatedAt { get; init; }

    /// <summary>The media attached (by id), the claim their freeze is for (INS-9), and the judicial requisitions recorded (GDP-4).</summary>
    public ImmutableHashSet<string> MediaIds { get; init; } = [];
    public string? FrozenForClaim { get; init; }
    public int Requisitions { get; init; }

    public bool IsOpen => Status == IncidentStatus.Open;

    /// <summary>Who holds the incident now: nobody once it is closed (closing releases).</summary>
    public string? HeldBy => IsOpen ? HandledBy : null;

    /// <summary>
    /// When an untaken incident escalates, or null when it cannot: closed, taken, escalated already, or an
    /// INFO Alertes incident (the voice server and the subscriber handle those, not an operator: ALR-4, ALR-5).
    /// </summary>
    public Instant? EscalationDue(EngineRules rules) =>
        IsOpen && HandledBy is null && EscalatedAt is null && OpenedAt is { } opened && Brief?.Procedure != ProcedureKind.InfoAlertes
            ? opened + rules.Console.EscalateUntakenAfter
            : null;

    /// <summary>When the clock must next look at this incident: an automatic call's timeout, or the escalation of an untaken incident.</summary>
    public Instant? NextDeadline(EngineRules rules)
    {
        if (!IsOpen)
        {
            return null;
        }
        var call = CurrentCall?.Deadline;
        var escalation = EscalationDue(rules);
        return call is { } c && escalation is { } e ? Instant.Min(c, e) : call ?? escalation;
    }

    public IEnumerable<PersonCall> AlertCalls => Calls.Where(c => c.Purpose == CallPurpose.Alert);

    /// <summary>
    /// What establishes that a crime is materially under way, which alone allows calling police (ALR-10):
    /// the agent's finding, the operator's video verification, or an SOS per ALR-12 (aggression heard,
    /// a person who cannot speak freely, a duress code). Null when nothing does yet.
    /// </summary>
    public string? Verification => VerifiedBy switch
    {
        VerificationKind.AgentFoundBreakIn => "agent found signs of break-in",
        VerificationKind.Video => "video verification",
        VerificationKind.AggressionHeard => "aggression heard through the speaker",
        VerificationKind.CannotSpeakFreely => "person on site cannot speak freely",
        VerificationKind.Duress => "duress code",
        _ => null,
    };

    /// <summary>The kind of <see cref="Verification"/>, which a reader's text names in the reader's language.</summary>
    public VerificationKind? VerifiedBy =>
        BreakInFound == true ? VerificationKind.AgentFoundBreakIn
        : VideoShowsCrime ? VerificationKind.Video
        : EvidentAggression == true ? VerificationKind.AggressionHeard
        : SiteCall == SiteCallOutcome.CannotSpeakFreely ? VerificationKind.CannotSpeakFreely
        : Brief?.Kind == AlertKind.Duress || DuressRevealed ? VerificationKind.Duress
        : null;
}
