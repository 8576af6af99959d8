using System.Globalization;
using System.Text.Json.Serialization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Signals;

namespace Vigie.Domain.Incidents;

/// <summary>A step of an incident, appended to the incident's hash-chained stream.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(IncidentStarted), nameof(IncidentStarted))]
[JsonDerivedType(typeof(SignalAdded), nameof(SignalAdded))]
[JsonDerivedType(typeof(CallPlaced), nameof(CallPlaced))]
[JsonDerivedType(typeof(CallAnswered), nameof(CallAnswered))]
[JsonDerivedType(typeof(CallUnanswered), nameof(CallUnanswered))]
[JsonDerivedType(typeof(AlertAcknowledged), nameof(AlertAcknowledged))]
[JsonDerivedType(typeof(InformationEmailSent), nameof(InformationEmailSent))]
[JsonDerivedType(typeof(AgentRequested), nameof(AgentRequested))]
[JsonDerivedType(typeof(SiteInterpellated), nameof(SiteInterpellated))]
[JsonDerivedType(typeof(ListenedPassively), nameof(ListenedPassively))]
[JsonDerivedType(typeof(SiteCalled), nameof(SiteCalled))]
[JsonDerivedType(typeof(CodeChecked), nameof(CodeChecked))]
[JsonDerivedType(typeof(DuressRevealed), nameof(DuressRevealed))]
[JsonDerivedType(typeof(PersonCalled), nameof(PersonCalled))]
[JsonDerivedType(typeof(AgentDispatched), nameof(AgentDispatched))]
[JsonDerivedType(typeof(AgentReported), nameof(AgentReported))]
[JsonDerivedType(typeof(VideoVerified), nameof(VideoVerified))]
[JsonDerivedType(typeof(PoliceCalled), nameof(PoliceCalled))]
[JsonDerivedType(typeof(GuardingOrganised), nameof(GuardingOrganised))]
[JsonDerivedType(typeof(GuardingExpenseRecorded), nameof(GuardingExpenseRecorded))]
[JsonDerivedType(typeof(IncidentCharged), nameof(IncidentCharged))]
[JsonDerivedType(typeof(CommandRefused), nameof(CommandRefused))]
[JsonDerivedType(typeof(IncidentClosed), nameof(IncidentClosed))]
[JsonDerivedType(typeof(FaultAdded), nameof(FaultAdded))]
[JsonDerivedType(typeof(FaultResolved), nameof(FaultResolved))]
[JsonDerivedType(typeof(RemoteMaintenanceRecorded), nameof(RemoteMaintenanceRecorded))]
[JsonDerivedType(typeof(TechnicianVisitBooked), nameof(TechnicianVisitBooked))]
[JsonDerivedType(typeof(SubscriberInformed), nameof(SubscriberInformed))]
[JsonDerivedType(typeof(ClientCalledAboutLink), nameof(ClientCalledAboutLink))]
[JsonDerivedType(typeof(AfterSalesRequested), nameof(AfterSalesRequested))]
[JsonDerivedType(typeof(SitesAffectedNoted), nameof(SitesAffectedNoted))]
[JsonDerivedType(typeof(SiteBackNoted), nameof(SiteBackNoted))]
[JsonDerivedType(typeof(IncidentTaken), nameof(IncidentTaken))]
[JsonDerivedType(typeof(IncidentReleased), nameof(IncidentReleased))]
[JsonDerivedType(typeof(IncidentTransferred), nameof(IncidentTransferred))]
[JsonDerivedType(typeof(IncidentEscalated), nameof(IncidentEscalated))]
[JsonDerivedType(typeof(MediaAttached), nameof(MediaAttached))]
[JsonDerivedType(typeof(EvidenceFrozen), nameof(EvidenceFrozen))]
[JsonDerivedType(typeof(RequisitionRecorded), nameof(RequisitionRecorded))]
public abstract record IncidentEvent(Instant At)
{
    /// <summary>One line of the timeline.</summary>
    public abstract string Describe();
}

public sealed record IncidentStarted(IncidentBrief Brief, Instant At) : IncidentEvent(At)
{
    public override string Describe() =>
        Brief.Procedure == ProcedureKind.MassOutage ? $"mass outage: {Brief.AffectedSiteIds.Count} sites lost ({Brief.SiteAddress})"
        : Brief.Kind.IsTechnical() ? $"{Brief.Kind} at {Brief.SiteId}: {Brief.FaultSummary}; {Brief.Procedure}"
        : $"{Brief.Kind} alert{(Brief.Zone is { } z ? $" zone {z}" + (Brief.ZoneName is { } n ? $" ({n})" : "") : "")} at {Brief.SiteId}; " +
        $"{Brief.Offer}{(Brief.InProtectPlus ? " in PROTECT+" : "")}: {Brief.Procedure}";
}

public sealed record SignalAdded(SiteSignal Signal, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"signal {Signal.Code}: {Signal.Label}";
}

/// <summary>An automatic call of INFO Alertes (ALR-5); <see cref="Deadline"/> is when it counts as unanswered.</summary>
public sealed record CallPlaced(string CallId, Callee Callee, int Round, Instant Deadline, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"automatic call {CallId} to {Callee.Name} {Callee.Phone} (round {Round})";
}

public sealed record CallAnswered(string CallId, Callee Callee, CodeCheck Code, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"{Callee.Name} {Callee.Phone} answered; code {Code.ToString().ToLowerInvariant()}";
}

public sealed record CallUnanswered(string CallId, Callee Callee, bool TimedOut, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"{Callee.Name} {Callee.Phone} did not answer" + (TimedOut ? " (timeout)" : "");
}

/// <summary>Who acknowledged and when (ALR-5).</summary>
public sealed record AlertAcknowledged(Callee Callee, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"acknowledged by {Callee.Name} {Callee.Phone} with the confidential code";
}

/// <summary>The INFO Alertes information e-mail (ALR-5, ALR-19); <see cref="Summary"/> is the English text, kept for events stored before <see cref="Facts"/>.</summary>
public sealed record InformationEmailSent(IReadOnlyList<string> To, string Summary, Instant At) : IncidentEvent(At)
{
    /// <summary>
    /// What the station writes the e-mail from, in the reader's language: "unacknowledged" and the calls placed, or
    /// "acknowledged", who acknowledged, their phone and 1 when a security agent is on the way (else 0), or
    /// "closed-by-station" and the classification (named <see cref="Classification"/>); empty for
    /// events stored before, whose text stays <see cref="Summary"/>.
    /// </summary>
    public IReadOnlyList<RefusalValue> Facts { get; init; } = [];

    public override string Describe() => $"information email to {string.Join(", ", To)}";
}

public sealed record AgentRequested(string By, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"security agent requested by {By}";
}

public sealed record SiteInterpellated(bool Answered, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "site interpellated through the speaker: " + (Answered ? "someone answered" : "no answer");
}

public sealed record ListenedPassively(bool EvidentAggression, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "passive listening: " + (EvidentAggression ? "an aggression is evident" : "nothing evident");
}

public sealed record SiteCalled(SiteCallOutcome Outcome, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"site landline called: {Outcome}";
}

/// <summary>A code check's result and the try number (CON-6); the code is never recorded.</summary>
public sealed record CodeChecked(CodeCheck Result, int WrongTries, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"code check: {Result.ToString().ToLowerInvariant()}" + (WrongTries > 0 ? $" ({WrongTries} wrong)" : "");
}

/// <summary>A duress code was given: a silent SOS is raised on the site (ALR-13).</summary>
public sealed record DuressRevealed(Instant At) : IncidentEvent(At)
{
    public override string Describe() => "duress code given: silent SOS raised";
}

public enum CallPurpose
{
    Alert,
    BreakInInformation,
}

public sealed record PersonCalled(Callee Callee, CallOutcome Outcome, PersonDecision? Decision, CallPurpose Purpose, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"{(Purpose == CallPurpose.BreakInInformation ? "break-in information: " : "")}called {Callee.Name} {Callee.Phone}: {Outcome}" +
        (Decision is { } d ? $", {d}" : "");
}

public sealed record AgentDispatched(string Grounds, Instant At) : IncidentEvent(At)
{
    /// <summary>The grounds as a reader's text names them; null in events recorded before it was kept.</summary>
    public Step? Why { get; init; }

    // Why is the typed form of Grounds, the same fact: equal grounds are equal events.
    public bool Equals(AgentDispatched? other) => other is not null && base.Equals(other) && Grounds == other.Grounds;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Grounds);

    public override string Describe() => $"security agent dispatched ({Grounds})";
}

public sealed record AgentReported(bool BreakIn, string Notes, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "agent's findings: " + (BreakIn ? "signs of break-in" : "no sign of break-in") + (Notes.Length > 0 ? $" — {Notes}" : "");
}

public sealed record VideoVerified(bool CrimeUnderWay, string Notes, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "video verification: " + (CrimeUnderWay ? "crime under way" : "nothing seen") + (Notes.Length > 0 ? $" — {Notes}" : "");
}

/// <summary>Police called, with the verification that allows it (ALR-10).</summary>
public sealed record PoliceCalled(string Grounds, string Notes, Instant At) : IncidentEvent(At)
{
    /// <summary>The police call's reference (intervention or call number), shown to the subscriber for the complaint (INS-3, INS-4); null when none was given.</summary>
    public string? Reference { get; init; }

    /// <summary>The verification's kind; null in events recorded before it was kept.</summary>
    public VerificationKind? VerifiedBy { get; init; }

    // VerifiedBy is the typed form of Grounds, the same fact: equal grounds are equal events. The reference is a fact of its own.
    public bool Equals(PoliceCalled? other) => other is not null && base.Equals(other) && Grounds == other.Grounds && Notes == other.Notes && Reference == other.Reference;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Grounds, Notes, Reference);

    public override string Describe() => $"police called (verification: {Grounds})" + (Notes.Length > 0 ? $" — {Notes}" : "");
}

public sealed record GuardingOrganised(string Provider, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"guarding organised with {Provider} on the subscriber's account";
}

public sealed record GuardingExpenseRecorded(decimal Amount, string Receipt, decimal Total, Instant At) : IncidentEvent(At)
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"guarding expense {Amount:0.00} € ({Receipt}); total {Total:0.00} €");
}

public sealed record IncidentCharged(Charge Charge, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "billable: " + Charge.Description +
        (Charge.Amount is { } a ? string.Create(CultureInfo.InvariantCulture, $" {a:0.00} €") : " (at cost)");
}

/// <summary>A person's command refused, and why (ALR-10: the refusal of police is recorded).</summary>
public sealed record CommandRefused(string Command, string Reason, Instant At) : IncidentEvent(At)
{
    /// <summary>The refusal itself, so a reader's text is looked up by its code; null in events recorded before it was kept.</summary>
    public Refusal? Refusal { get; init; }

    // Reason is the refusal's own detail, the same fact: equal reasons are equal events.
    public bool Equals(CommandRefused? other) => other is not null && base.Equals(other) && Command == other.Command && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Command, Reason);

    public override string Describe() => $"refused {Command}: {Reason}";
}

public sealed record IncidentClosed(Classification? Classification, string Outcome, string? Note, Instant At) : IncidentEvent(At)
{
    /// <summary>The operator who held the incident when it closed (closing releases it); null when nobody had taken it.</summary>
    public string? HandledBy { get; init; }

    /// <summary>A technical incident: its longest outage; a mass outage: the longest site's.</summary>
    public Duration? Outage { get; init; }

    /// <summary>A mass outage: the median of its sites' outages.</summary>
    public Duration? MedianOutage { get; init; }

    /// <summary><see cref="Outcome"/> as a reader's text names it; null in events recorded before it was kept.</summary>
    public Step? Why { get; init; }

    // Why is the typed form of Outcome, the same fact: equal outcomes are equal events.
    public bool Equals(IncidentClosed? other) => other is not null && base.Equals(other) && Classification == other.Classification && Outcome == other.Outcome
        && Note == other.Note && HandledBy == other.HandledBy && Outage == other.Outage && MedianOutage == other.MedianOutage;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Classification, Outcome, Note, HandledBy, Outage, MedianOutage);

    public override string Describe() => $"closed: {Outcome}" + (Classification is { } c ? $" [{c}]" : "") + (Note is { Length: > 0 } n ? $" — {n}" : "") +
        (Outage is { } o ? $" (outage {Supervision.Durations.Describe(o)}" + (MedianOutage is { } m ? $", median {Supervision.Durations.Describe(m)})" : ")") : "");
}

// ---- Technical incidents (SUP-1 … SUP-5) ----

public sealed record FaultAdded(string FaultKey, string Detail, Instant At) : IncidentEvent(At)
{
    /// <summary><see cref="Detail"/> typed, for a reader's text; null in events recorded before it was kept.</summary>
    public Step? What { get; init; }

    // What is the typed form of Detail, the same fact: equal details are equal events.
    public bool Equals(FaultAdded? other) => other is not null && base.Equals(other) && FaultKey == other.FaultKey && Detail == other.Detail;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), FaultKey, Detail);

    public override string Describe() => $"fault: {Detail}";
}

public sealed record FaultResolved(string FaultKey, Duration Outage, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"fault {FaultKey} cleared after {Supervision.Durations.Describe(Outage)}";
}

public sealed record RemoteMaintenanceRecorded(bool Fixed, string Notes, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "remote maintenance: " + (Fixed ? "fixed" : "not fixed") + (Notes.Length > 0 ? $" — {Notes}" : "");
}

/// <summary>A technician visit on a working day (SUP-2); a battery is replaced free of charge.</summary>
public sealed record TechnicianVisitBooked(LocalDate Date, string Notes, bool FreeBatteryReplacement, Instant At) : IncidentEvent(At)
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"technician visit booked for {Date:yyyy-MM-dd}") +
        (FreeBatteryReplacement ? "; battery replaced free of charge (SUP-2)" : "") + (Notes.Length > 0 ? $" — {Notes}" : "");
}

public sealed record SubscriberInformed(string Notes, Instant At) : IncidentEvent(At)
{
    public override string Describe() => "subscriber informed" + (Notes.Length > 0 ? $" — {Notes}" : "");
}

public sealed record ClientCalledAboutLink(LinkCallOutcome Outcome, Instant At) : IncidentEvent(At)
{
    public override string Describe() => Outcome switch
    {
        LinkCallOutcome.CauseFound => "client called about the video link: cause found",
        LinkCallOutcome.NotFound => "client called about the video link: no cause found, the client retries",
        LinkCallOutcome.Unreachable => "client called about the video link: unreachable, waiting for a second link-loss alert",
    };
}

/// <summary>The technical request to the provider's after-sales service (SUP-5); automatic on the second link-loss alert.</summary>
public sealed record AfterSalesRequested(string Notes, bool Automatic, Instant At) : IncidentEvent(At)
{
    /// <summary>Why an automatic request went, typed for a reader's text (its <see cref="Notes"/> are the log's English); null otherwise and in events recorded before.</summary>
    public Step? Why { get; init; }

    // Why is the typed form of Notes, the same fact: equal notes are equal events.
    public bool Equals(AfterSalesRequested? other) => other is not null && base.Equals(other) && Notes == other.Notes && Automatic == other.Automatic;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Notes, Automatic);

    public override string Describe() => (Automatic ? "after-sales request sent automatically" : "after-sales request sent") + (Notes.Length > 0 ? $" — {Notes}" : "");
}

public sealed record SitesAffectedNoted(IReadOnlyList<string> SiteIds, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"{SiteIds.Count} more sites in the outage: {string.Join(", ", SiteIds)}";
}

public sealed record SiteBackNoted(string SiteId, Duration Outage, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"{SiteId} back after {Supervision.Durations.Describe(Outage)}";
}

// ---- Who handles the incident (the operators' console) ----

public sealed record IncidentTaken(string Operator, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"taken by {Operator}";
}

public sealed record IncidentReleased(string Operator, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"released by {Operator}";
}

/// <summary>Handed from one operator to another; <see cref="From"/> is null when a supervisor assigns an incident nobody held.</summary>
public sealed record IncidentTransferred(string? From, string To, Instant At) : IncidentEvent(At)
{
    public override string Describe() => From is null ? $"assigned to {To}" : $"transferred from {From} to {To}";
}

/// <summary>Nobody took the incident within <see cref="After"/> of its opening.</summary>
public sealed record IncidentEscalated(Duration After, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"escalated: not taken after {Supervision.Durations.Describe(After)}";
}

/// <summary>A photo or clip of the alarm, by its SHA-256: the chain then proves the file handed over later is the one received (VID-7, INS-4).</summary>
public sealed record MediaAttached(string MediaId, string Sha256, Media.MediaKind Kind, string Camera, Instant CapturedAt, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"{(Kind == Media.MediaKind.Clip ? "clip" : "photo")} from camera {Camera} (SHA-256 {Sha256})";
}

/// <summary>The incident's evidence frozen for a declared claim: its media escape the retention purge (INS-9).</summary>
public sealed record EvidenceFrozen(string ClaimReference, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"evidence frozen for claim {ClaimReference}";
}

/// <summary>A judicial requisition for the incident's media, numbered in the incident: only under one are they handed to a third party (GDP-4).</summary>
public sealed record RequisitionRecorded(int Number, string Authority, string Reference, LocalDate IssuedOn, Instant At) : IncidentEvent(At)
{
    public override string Describe() => $"judicial requisition {Number}: {Authority}, reference {Reference}, issued {IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
