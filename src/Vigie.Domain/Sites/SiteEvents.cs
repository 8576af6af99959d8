using System.Text.Json.Serialization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

/// <summary>A change of a site, appended to the site's stream.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SiteProvisioned), nameof(SiteProvisioned))]
[JsonDerivedType(typeof(InstructionsChanged), nameof(InstructionsChanged))]
[JsonDerivedType(typeof(IdentificationCodeChanged), nameof(IdentificationCodeChanged))]
[JsonDerivedType(typeof(DuressCodeChanged), nameof(DuressCodeChanged))]
[JsonDerivedType(typeof(ActivationStepConfirmed), nameof(ActivationStepConfirmed))]
[JsonDerivedType(typeof(SurveillanceStarted), nameof(SurveillanceStarted))]
[JsonDerivedType(typeof(SignalReceived), nameof(SignalReceived))]
[JsonDerivedType(typeof(ArmingChanged), nameof(ArmingChanged))]
[JsonDerivedType(typeof(AlarmNotRaised), nameof(AlarmNotRaised))]
[JsonDerivedType(typeof(AlertRaised), nameof(AlertRaised))]
[JsonDerivedType(typeof(AlertCancelled), nameof(AlertCancelled))]
[JsonDerivedType(typeof(ImmediateStopConfirmed), nameof(ImmediateStopConfirmed))]
[JsonDerivedType(typeof(CancellationStood), nameof(CancellationStood))]
[JsonDerivedType(typeof(CancellationVoidedByDuress), nameof(CancellationVoidedByDuress))]
[JsonDerivedType(typeof(AlarmJoinedIncident), nameof(AlarmJoinedIncident))]
[JsonDerivedType(typeof(SignalJoinedAlert), nameof(SignalJoinedAlert))]
[JsonDerivedType(typeof(IncidentOpened), nameof(IncidentOpened))]
[JsonDerivedType(typeof(IncidentEnded), nameof(IncidentEnded))]
[JsonDerivedType(typeof(ProtectPlusBooked), nameof(ProtectPlusBooked))]
[JsonDerivedType(typeof(ProtectPlusCancelled), nameof(ProtectPlusCancelled))]
[JsonDerivedType(typeof(ProtectPlusStarted), nameof(ProtectPlusStarted))]
[JsonDerivedType(typeof(ProtectPlusEnded), nameof(ProtectPlusEnded))]
[JsonDerivedType(typeof(SiteCharged), nameof(SiteCharged))]
[JsonDerivedType(typeof(SupervisionProfileChanged), nameof(SupervisionProfileChanged))]
[JsonDerivedType(typeof(FaultRaised), nameof(FaultRaised))]
[JsonDerivedType(typeof(FaultJoinedIncident), nameof(FaultJoinedIncident))]
[JsonDerivedType(typeof(FaultCleared), nameof(FaultCleared))]
[JsonDerivedType(typeof(NoticeScheduled), nameof(NoticeScheduled))]
[JsonDerivedType(typeof(NoticeCancelled), nameof(NoticeCancelled))]
[JsonDerivedType(typeof(NoticeNotSent), nameof(NoticeNotSent))]
[JsonDerivedType(typeof(SubscriberNotified), nameof(SubscriberNotified))]
[JsonDerivedType(typeof(ActivityDetectionChanged), nameof(ActivityDetectionChanged))]
[JsonDerivedType(typeof(DetectionScheduleChanged), nameof(DetectionScheduleChanged))]
[JsonDerivedType(typeof(PrivacyModeChanged), nameof(PrivacyModeChanged))]
[JsonDerivedType(typeof(DisarmDidNotCancel), nameof(DisarmDidNotCancel))]
[JsonDerivedType(typeof(DetectorTestReminderScheduled), nameof(DetectorTestReminderScheduled))]
[JsonDerivedType(typeof(TestPeriodScheduled), nameof(TestPeriodScheduled))]
[JsonDerivedType(typeof(TestPeriodEnded), nameof(TestPeriodEnded))]
[JsonDerivedType(typeof(ArmingRequested), nameof(ArmingRequested))]
[JsonDerivedType(typeof(ArmingRequestExpired), nameof(ArmingRequestExpired))]
[JsonDerivedType(typeof(VirtualRemoteCreated), nameof(VirtualRemoteCreated))]
[JsonDerivedType(typeof(VirtualRemoteRevoked), nameof(VirtualRemoteRevoked))]
[JsonDerivedType(typeof(VirtualRemoteUsed), nameof(VirtualRemoteUsed))]
[JsonDerivedType(typeof(LostDeviceReported), nameof(LostDeviceReported))]
[JsonDerivedType(typeof(ArmingNoticesChanged), nameof(ArmingNoticesChanged))]
[JsonDerivedType(typeof(InsurerDetailsChanged), nameof(InsurerDetailsChanged))]
public abstract record SiteEvent(Instant At)
{
    /// <summary>One line for the history.</summary>
    public abstract string Describe();
}

public sealed record SiteProvisioned(SiteDefinition Definition, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"site provisioned on {Definition.Offer} for {Definition.Subscriber.Name}";
}

public sealed record InstructionsChanged(Instructions Instructions, IReadOnlyList<string> Changes, Instant At) : SiteEvent(At)
{
    /// <summary>
    /// <see cref="Changes"/> typed (<see cref="Instructions.ChangesFrom"/>), the form a reader's text is made from; empty
    /// in events recorded before it was kept, which are read from <see cref="Changes"/>.
    /// </summary>
    public IReadOnlyList<Step> Changed { get; init; } = [];

    public override string Describe() => "instructions changed: " + string.Join("; ", Changes);
}

public sealed record IdentificationCodeChanged(SecretCode Hash, Instant At) : SiteEvent(At)
{
    public override string Describe() => "identification code changed";
}

public sealed record DuressCodeChanged(SecretCode? Hash, Instant At) : SiteEvent(At)
{
    public override string Describe() => Hash is null ? "duress code removed" : "duress code changed";
}

public sealed record ActivationStepConfirmed(ActivationStep Step, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"activation: {Step} confirmed";
}

/// <summary>Every activation step is done: telesurveillance starts (CON-7).</summary>
public sealed record SurveillanceStarted(Instant At) : SiteEvent(At)
{
    public override string Describe() => "telesurveillance started";
}

public sealed record SignalReceived(SignalKey Key, SiteSignal Signal, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"signal {Signal.Code}: {Signal.Label}" + (Signal.Zone is { } z ? $" (zone {z})" : "");
}

/// <summary>
/// The panel reported an arming change. When it confirms a pending remote request (RC-1, RC-2), <see cref="RequestId"/>,
/// <see cref="RequestedBy"/> and, for a virtual remote, <see cref="RemoteId"/> and <see cref="RemoteName"/> say whose.
/// </summary>
public sealed record ArmingChanged(
    ArmingMode Mode,
    int? User,
    ArmingChannel Channel,
    Instant At) : SiteEvent(At)
{
    public string? RequestId { get; init; }
    public string? RequestedBy { get; init; }
    public string? RemoteId { get; init; }
    public string? RemoteName { get; init; }

    public override string Describe() => RequestId is null
        ? $"{Mode} by {(User is { } u ? $"user {u}" : "unknown user")} ({Channel})"
        : Channel == ArmingChannel.VirtualRemote
            ? $"{RemoteArming.Verb(Mode)} by virtual remote '{RemoteName}' ({RemoteId}) (requested by {RequestedBy}, request {RequestId})"
            : $"{RemoteArming.Verb(Mode)} {RemoteArming.From(Channel)} by {RequestedBy} (request {RequestId})";
}

/// <summary>An alarm that is recorded but raises no alert, and why (SITE-4, SITE-5, CON-7).</summary>
public sealed record AlarmNotRaised(
    AlertKind Kind,
    int? Zone,
    string Reason,
    Instant At) : SiteEvent(At)
{
    /// <summary><see cref="Reason"/> as a reader's text names it; null in events recorded before it was kept.</summary>
    public Step? Why { get; init; }

    public static AlarmNotRaised Because(AlertKind kind, int? zone, NotRaised why, Instant at) => new(kind, zone, why.Reason, at) { Why = why.Why };

    // Why is the typed form of Reason, the same fact: equal reasons are equal events.
    public bool Equals(AlarmNotRaised? other) => other is not null && base.Equals(other) && Kind == other.Kind && Zone == other.Zone && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Kind, Zone, Reason);

    public override string Describe() => $"{Kind} not raised: {Reason}";
}

/// <summary>An alert waiting its cancellation window (ALR-2), or opened at once when it cannot be cancelled.</summary>
public sealed record AlertRaised(
    string AlertId,
    AlertKind Kind,
    int? Zone,
    Instant? EscalatesAt,
    Instant At) : SiteEvent(At)
{
    public override string Describe() => $"{Kind} alert{(Zone is { } z ? $" zone {z}" : "")}" + (EscalatesAt is null ? "" : " (cancellation window open)");
}

/// <summary>Disarmed within the window: a user error, not handled (ALR-2).</summary>
/// <summary>A disarm in the window that identified nobody (automatic, key switch, keypad without a user): the alert goes on (ALR-17).</summary>
public sealed record DisarmDidNotCancel(string AlertId, ArmingChannel Channel, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"disarm ({Channel}) did not cancel alert {AlertId}: nobody identified";
}

public sealed record AlertCancelled(string AlertId, int? User,
    ArmingChannel Channel,
    Duration AfterAlert, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"alert {AlertId} cancelled by a disarm after {AfterAlert.TotalSeconds:0} s";
}

/// <summary>No duress event followed the disarm: the cancellation stands as a user error (ALR-2, ALR-21).</summary>
public sealed record CancellationStood(string AlertId, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"cancellation of alert {AlertId} stands: user error";
}

/// <summary>
/// The disarm that cancelled the alert came with a duress code (the duress event arrived after the opening): it was
/// never a user error, and the alert joins the SOS (ALR-21, ALR-13).
/// </summary>
public sealed record CancellationVoidedByDuress(string AlertId, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"alert {AlertId} was cancelled by a disarm under duress: not a user error, it joins the SOS";
}

/// <summary>The immediate stop confirmed to the subscriber by voice message and/or email (ALR-3).</summary>
public sealed record ImmediateStopConfirmed(string AlertId, PhoneNumber? VoiceMessageTo, IReadOnlyList<string> EmailTo, Instant At) : SiteEvent(At)
{
    public override string Describe() => "immediate stop confirmed to the subscriber" +
        (VoiceMessageTo is null ? "" : $" by voice message to {VoiceMessageTo}") +
        (EmailTo.Count == 0 ? "" : $" by email to {string.Join(", ", EmailTo)}");
}

/// <summary>An alarm of a family whose incident is open joins that incident.</summary>
public sealed record AlarmJoinedIncident(string IncidentId, SiteSignal Signal, Instant At) : SiteEvent(At)
{
    /// <summary>The pending alert that joined, when it was one.</summary>
    public string? AlertId { get; init; }

    public override string Describe() => $"{Signal.Label} added to incident {IncidentId}";
}

/// <summary>
/// A signal of the same alarm received while its alert is in the cancellation window (another zone, a tamper, a
/// restore): it goes on the incident's timeline if the alert becomes one.
/// </summary>
public sealed record SignalJoinedAlert(string AlertId, SiteSignal Signal, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"{Signal.Label} joins alert {AlertId} (cancellation window open)";
}

public sealed record IncidentOpened(IncidentBrief Brief, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"incident {Brief.IncidentId} opened ({Brief.Kind}, {Brief.Procedure})" +
        (Brief.DuringTestPeriod is { } period ? $", received during test period {period}" : "");
}

public sealed record IncidentEnded(string IncidentId, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"incident {IncidentId} closed";
}

public sealed record ProtectPlusBooked(string BookingId, Instant Start, Instant End, int Periods, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"PROTECT+ booked: {Periods} × 24 h from {Start}";
}

public sealed record ProtectPlusCancelled(string BookingId, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"PROTECT+ booking {BookingId} cancelled";
}

public sealed record ProtectPlusStarted(string BookingId, Instant At) : SiteEvent(At)
{
    public override string Describe() => "PROTECT+ period started: alerts go to the operators";
}

public sealed record ProtectPlusEnded(string BookingId, Instant At) : SiteEvent(At)
{
    public override string Describe() => "PROTECT+ period ended: back to INFO Alertes";
}

/// <summary>A billable event on the site (PROTECT+ days).</summary>
public sealed record SiteCharged(Charge Charge, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"billable: {Charge.Description} ({Charge.Quantity} × {Charge.Amount:0.00} €)";
}

// ---- Supervision (SUP-1 … SUP-6) ----

public sealed record SupervisionProfileChanged(string Profile, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"supervision profile: {Profile}";
}

/// <summary>A fault became current (the station is informed; the portal shows it).</summary>
public sealed record FaultRaised(SiteFault Fault, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"fault: {Fault.Detail}" + (Fault.GroupedIn is { } g ? $" (part of mass outage {g})" : "");
}

/// <summary>A fault joins the site's open technical incident: the station passes it on as <c>NoteFault</c>.</summary>
public sealed record FaultJoinedIncident(string IncidentId, string FaultKey, string Detail, Instant At) : SiteEvent(At)
{
    /// <summary><see cref="Detail"/> typed, for a reader's text; null in events recorded before it was kept.</summary>
    public Step? What { get; init; }

    // What is the typed form of Detail, the same fact: equal details are equal events.
    public bool Equals(FaultJoinedIncident? other) => other is not null && base.Equals(other) && IncidentId == other.IncidentId && FaultKey == other.FaultKey && Detail == other.Detail;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), IncidentId, FaultKey, Detail);

    public override string Describe() => $"{Detail}: added to incident {IncidentId}";
}

/// <summary>
/// A fault cleared after <paramref name="Lasted"/>. The station tells <paramref name="IncidentId"/> (<c>NoteFaultCleared</c>)
/// and <paramref name="GroupedIn"/> (<c>NoteSiteBack</c>) when they are set. <paramref name="Outage"/> is the record kept
/// in the site's outage history (paths and the whole site).
/// </summary>
public sealed record FaultCleared(string FaultKey, AlertKind Kind, Duration Lasted, OutageRecord? Outage, string? IncidentId, string? GroupedIn, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"fault {FaultKey} cleared after {Durations.Describe(Lasted)}";
}

public sealed record NoticeScheduled(PendingNotice Notice, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"notice {Notice.Notice} to the subscriber due {Notice.Due}";
}

public sealed record NoticeCancelled(string NoticeId, string Notice, string Reason, Instant At) : SiteEvent(At)
{
    /// <summary><see cref="Reason"/> typed, for a reader's text; null in events recorded before it was kept.</summary>
    public Step? Why { get; init; }

    // Why is the typed form of Reason, the same fact: equal reasons are equal events.
    public bool Equals(NoticeCancelled? other) => other is not null && base.Equals(other) && NoticeId == other.NoticeId && Notice == other.Notice && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), NoticeId, Notice, Reason);

    public override string Describe() => $"notice {Notice} cancelled: {Reason}";
}

/// <summary>A notice a rule would send, and why it is not sent (SUP-3: IP-only sites).</summary>
public sealed record NoticeNotSent(string Notice, string Reason, Instant At) : SiteEvent(At)
{
    /// <summary><see cref="Reason"/> typed, for a reader's text; null in events recorded before it was kept.</summary>
    public Step? Why { get; init; }

    public static NoticeNotSent Because(string notice, NotRaised why, Instant at) => new(notice, why.Reason, at) { Why = why.Why };

    // Why is the typed form of Reason, the same fact: equal reasons are equal events.
    public bool Equals(NoticeNotSent? other) => other is not null && base.Equals(other) && Notice == other.Notice && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Notice, Reason);

    public override string Describe() => $"no {Notice} notice: {Reason}";
}

/// <summary>
/// A notice to the subscriber, whatever the rule (<see cref="SubscriberNotices"/>): the station turns it into
/// outbox messages (SMS to <paramref name="Sms"/>, email to <paramref name="Emails"/>, app notification when <paramref name="App"/>).
/// </summary>
public sealed record SubscriberNotified(string Notice, IReadOnlyList<PhoneNumber> Sms, IReadOnlyList<string> Emails, bool App, string Subject, string Text, Instant At) : SiteEvent(At)
{
    /// <summary>The pending notice it sends, when it was scheduled.</summary>
    public string? NoticeId { get; init; }

    /// <summary>
    /// The facts the station writes the messages from, in the reader's language (the order is the notice's, see
    /// <see cref="SubscriberNotices"/>); empty for a notice whose messages are still <see cref="Subject"/> and <see cref="Text"/>.
    /// </summary>
    public IReadOnlyList<RefusalValue> Facts { get; init; } = [];

    public override string Describe() => $"subscriber notified ({Notice}): {Subject} — " + string.Join(", ",
        new[] { Sms.Count > 0 ? $"SMS to {string.Join(", ", Sms)}" : null, Emails.Count > 0 ? $"email to {string.Join(", ", Emails)}" : null, App ? "app" : null }
            .Where(x => x is not null));
}

public sealed record ActivityDetectionChanged(bool On, Instant At) : SiteEvent(At)
{
    public override string Describe() => "activity detection " + (On ? "on" : "off");
}

/// <summary>The next reminder to test every detector (SUP-6).</summary>
public sealed record DetectorTestReminderScheduled(int Number, Instant Due, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"detector test reminder {Number} due {Due}";
}

public sealed record TestPeriodScheduled(TestPeriod Period, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"{(Period.Kind == TestPeriodKind.Maintenance ? "maintenance" : "test")} period {Period.Start} – {Period.End} set by {Period.By}: {Period.Reason}";
}

/// <summary>A test period over (its end passed, or ended early, or cancelled before its start); the console shows it.</summary>
public sealed record TestPeriodEnded(TestPeriod Period, bool Early, string? Note, Instant At) : SiteEvent(At)
{
    public bool Cancelled => At < Period.Start;

    public override string Describe() =>
        (Cancelled ? $"test period {Period.PeriodId} cancelled before its start" : $"test period {Period.PeriodId} ended{(Early ? " early" : "")}: surveillance back to normal") +
        (Note is { Length: > 0 } n ? $" — {n}" : "");
}
