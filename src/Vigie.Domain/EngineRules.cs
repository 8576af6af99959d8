using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Supervision;

namespace Vigie.Domain;

/// <summary>
/// Every figure the engine's rules use, with the seeds' values as defaults (ARCHITECTURE rule 6). A station
/// with other contracts changes them in configuration ("Engine" section).
/// </summary>
public sealed record EngineRules
{
    /// <summary>A disarm this soon after an alert cancels it as a user error (ALR-2).</summary>
    public Duration CancellationWindow { get; init; } = Duration.FromSeconds(30);

    /// <summary>
    /// Extra wait before an alert becomes an incident, so a disarm sent within the window but still in transit
    /// (panel retry, journal, engine queue) is read first. Decisions use the signals' reception times.
    /// </summary>
    public Duration EscalationGrace { get; init; } = Duration.FromSeconds(2);

    /// <summary>
    /// How long a disarm's cancellation waits for a duress event before it stands (ALR-21): panels send the opening
    /// and the duress event in either order. The subscriber's confirmation (ALR-3) goes out when it stands, so a
    /// forced disarm never sends "stopped" to the site. Zero: the cancellation stands at once.
    /// </summary>
    public Duration DuressGrace { get; init; } = Duration.FromSeconds(10);

    /// <summary>The alerts a disarm can cancel (ALR-2): those that depend on the arming mode.</summary>
    public IReadOnlySet<AlertKind> CancellableKinds { get; init; } = new HashSet<AlertKind> { AlertKind.Intrusion, AlertKind.Tamper };

    /// <summary>How many times INFO Alertes goes through the list (ALR-5).</summary>
    public int InfoAlertesRounds { get; init; } = 2;

    /// <summary>An automatic call with no outcome reported after this long counts as unanswered.</summary>
    public Duration CallTimeout { get; init; } = Duration.FromSeconds(60);

    /// <summary>Wrong codes an operator may try per incident before the check is closed (CON-6).</summary>
    public int CodeTriesLimit { get; init; } = 3;

    /// <summary>Length of one PROTECT+ period (ALR-7): elapsed time, right across daylight-saving changes.</summary>
    public Duration ProtectPlusPeriod { get; init; } = Duration.FromHours(24);

    /// <summary>Most consecutive PROTECT+ periods booked at once (a long holiday).</summary>
    public int ProtectPlusMaxPeriods { get; init; } = 62;

    /// <summary>Copies of a signal (same key) within this time are the same signal (ARCHITECTURE rule 2).</summary>
    public Duration DuplicateWindow { get; init; } = Duration.FromMinutes(10);

    /// <summary>Keys remembered per site for duplicate detection.</summary>
    public int RememberedSignalKeys { get; init; } = 256;

    /// <summary>A remote arming request the panel has not confirmed this long after it was sent has failed (RC-1).</summary>
    public Duration ArmingConfirmWindow { get; init; } = Duration.FromSeconds(60);

    /// <summary>Locks and keys are replaced within this time of noticing a theft (INS-5); a site's insurer details may say otherwise.</summary>
    public Duration KeyReplacement { get; init; } = Duration.FromHours(48);

    /// <summary>
    /// Price of one arm/disarm information SMS (RC-5). The seeds say SMS are billed but give no figure, so the default is
    /// null: the charge is recorded and billing prices it from its own list.
    /// </summary>
    public decimal? ArmingNoticeSmsPrice { get; init; }

    /// <summary>Uses kept per virtual remote in the site's state (the stream keeps them all).</summary>
    public int RemoteUsesKept { get; init; } = 100;

    /// <summary>The supervision rules' figures (SUP-1 … SUP-6).</summary>
    public SupervisionRules Supervision { get; init; } = new();

    /// <summary>The operators' console: who handles an incident, and when an untaken one escalates.</summary>
    public ConsoleRules Console { get; init; } = new();
}

/// <summary>The operators' console's figures.</summary>
public sealed record ConsoleRules
{
    /// <summary>An incident nobody has taken this long after its opening is escalated to the supervisor.</summary>
    public Duration EscalateUntakenAfter { get; init; } = Duration.FromSeconds(60);
}
