using System.Text.Json.Serialization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Signals;

namespace Vigie.Domain.Incidents;

/// <summary>A step of an incident asked by an operator, a contact, the voice server or the clock.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OpenIncident), nameof(OpenIncident))]
[JsonDerivedType(typeof(NoteSignal), nameof(NoteSignal))]
[JsonDerivedType(typeof(ReportCallAnswered), nameof(ReportCallAnswered))]
[JsonDerivedType(typeof(ReportCallUnanswered), nameof(ReportCallUnanswered))]
[JsonDerivedType(typeof(RequestAgent), nameof(RequestAgent))]
[JsonDerivedType(typeof(IncidentTick), nameof(IncidentTick))]
[JsonDerivedType(typeof(Interpellate), nameof(Interpellate))]
[JsonDerivedType(typeof(ListenPassively), nameof(ListenPassively))]
[JsonDerivedType(typeof(CallSite), nameof(CallSite))]
[JsonDerivedType(typeof(CheckCode), nameof(CheckCode))]
[JsonDerivedType(typeof(CallPerson), nameof(CallPerson))]
[JsonDerivedType(typeof(DispatchAgent), nameof(DispatchAgent))]
[JsonDerivedType(typeof(RecordAgentFindings), nameof(RecordAgentFindings))]
[JsonDerivedType(typeof(RecordVideoVerification), nameof(RecordVideoVerification))]
[JsonDerivedType(typeof(CallPolice), nameof(CallPolice))]
[JsonDerivedType(typeof(InformOfBreakIn), nameof(InformOfBreakIn))]
[JsonDerivedType(typeof(OrganiseGuarding), nameof(OrganiseGuarding))]
[JsonDerivedType(typeof(RecordGuardingExpense), nameof(RecordGuardingExpense))]
[JsonDerivedType(typeof(CloseIncident), nameof(CloseIncident))]
[JsonDerivedType(typeof(NoteFault), nameof(NoteFault))]
[JsonDerivedType(typeof(NoteFaultCleared), nameof(NoteFaultCleared))]
[JsonDerivedType(typeof(RecordRemoteMaintenance), nameof(RecordRemoteMaintenance))]
[JsonDerivedType(typeof(BookTechnicianVisit), nameof(BookTechnicianVisit))]
[JsonDerivedType(typeof(InformSubscriber), nameof(InformSubscriber))]
[JsonDerivedType(typeof(CallClientAboutLink), nameof(CallClientAboutLink))]
[JsonDerivedType(typeof(RequestAfterSales), nameof(RequestAfterSales))]
[JsonDerivedType(typeof(NoteSitesAffected), nameof(NoteSitesAffected))]
[JsonDerivedType(typeof(NoteSiteBack), nameof(NoteSiteBack))]
[JsonDerivedType(typeof(NoteSitesBack), nameof(NoteSitesBack))]
[JsonDerivedType(typeof(TakeIncident), nameof(TakeIncident))]
[JsonDerivedType(typeof(ReleaseIncident), nameof(ReleaseIncident))]
[JsonDerivedType(typeof(TransferIncident), nameof(TransferIncident))]
[JsonDerivedType(typeof(EscalateIncident), nameof(EscalateIncident))]
[JsonDerivedType(typeof(AttachMedia), nameof(AttachMedia))]
[JsonDerivedType(typeof(FreezeEvidence), nameof(FreezeEvidence))]
[JsonDerivedType(typeof(RecordRequisition), nameof(RecordRequisition))]
public abstract record IncidentCommand(Actor By, Instant At)
{
    /// <summary>The command's name in the API and the log ("call-police").</summary>
    public abstract string Name { get; }
}

public sealed record OpenIncident(IncidentBrief Brief, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "open";
}

/// <summary>Another signal of the same family arrived while the incident is open.</summary>
public sealed record NoteSignal(SiteSignal Signal, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "note-signal";
}

/// <summary>The voice server reports an answered automatic call and the code typed (already checked against the site's codes).</summary>
public sealed record ReportCallAnswered(string CallId, CodeCheck Code, bool AgentRequested, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "call-answered";
}

public sealed record ReportCallUnanswered(string CallId, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "call-unanswered";
}

/// <summary>The subscriber or a contact asks for a security agent (ALR-6).</summary>
public sealed record RequestAgent(Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "request-agent";
}

public sealed record IncidentTick(Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "tick";
}

/// <summary>The operator speaks through the interpellation speaker (ALR-8).</summary>
public sealed record Interpellate(bool Answered, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "interpellate";
}

/// <summary>Passive listening through the speaker after an SOS (ALR-12).</summary>
public sealed record ListenPassively(bool EvidentAggression, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "listen";
}

public enum SiteCallOutcome
{
    NoAnswer,
    Answered,
    /// <summary>SOS: the person on site confirms a manipulation error (ALR-12).</summary>
    ManipulationErrorConfirmed,
    /// <summary>SOS: the person answers but cannot speak freely (ALR-12).</summary>
    CannotSpeakFreely,
}

/// <summary>The operator phones the site's landline (ALR-8, ALR-12).</summary>
public sealed record CallSite(SiteCallOutcome Outcome, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "call-site";
}

/// <summary>The result of checking a code the operator heard (CON-6): the code itself never reaches the domain.</summary>
public sealed record CheckCode(CodeCheck Result, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "check-code";
}

public enum CallOutcome
{
    Reached,
    /// <summary>No answer; a voicemail message was left (ALR-8).</summary>
    VoicemailLeft,
    /// <summary>No answer and no voicemail to leave a message on.</summary>
    NoAnswer,
}

/// <summary>What a person reached decides for the site (ALR-8, ALR-9, ALR-11).</summary>
public enum PersonDecision
{
    /// <summary>An authorised person caused it: a false alarm.</summary>
    FalseAlarm,
    /// <summary>They take charge (go there, send someone).</summary>
    TakesCharge,
    /// <summary>They ask the station to send an agent.</summary>
    SendAgent,
    /// <summary>They will not decide (ALR-9).</summary>
    WillNotDecide,
}

/// <summary>The operator phones the subscriber or a contact of the instructions about the alert.</summary>
public sealed record CallPerson(PhoneNumber Phone, CallOutcome Outcome, PersonDecision? Decision, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "call-person";
}

public sealed record DispatchAgent(Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "dispatch-agent";
}

/// <summary>What the agent found outside the house (ALR-9).</summary>
public sealed record RecordAgentFindings(bool BreakIn, string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "agent-findings";
}

/// <summary>The operator's video verification (ALR-10, VID-5).</summary>
public sealed record RecordVideoVerification(bool CrimeUnderWay, string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "video-verification";
}

public sealed record CallPolice(string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    /// <summary>The reference the police gave for the call, when they gave one: the subscriber sees it (INS-3, INS-4).</summary>
    public string? Reference { get; init; }

    /// <summary>A reference longer than this is a paste error, not a police reference.</summary>
    public const int ReferenceMaxLength = 60;

    public override string Name => "call-police";
}

/// <summary>After police, the subscriber (else a contact) is told of the break-in (ALR-11).</summary>
public sealed record InformOfBreakIn(PhoneNumber Phone, CallOutcome Outcome, PersonDecision? Decision, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "inform-break-in";
}

public sealed record OrganiseGuarding(string Provider, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "organise-guarding";
}

public sealed record RecordGuardingExpense(decimal Amount, string Receipt, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "guarding-expense";
}

/// <summary>How an incident ends (the console's closing choice).</summary>
public enum Classification
{
    RealIntrusion,
    FalseAlarmUser,
    Technical,
    Test,
    Unknown,
}

public sealed record CloseIncident(Classification Classification, string? Note, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "close";
}

// ---- Technical incidents (SUP-1 … SUP-5) ----

/// <summary>The site: another fault joins this open technical incident (or a second link-loss alert, SUP-5).</summary>
public sealed record NoteFault(string FaultKey, string Detail, Actor By, Instant At) : IncidentCommand(By, At)
{
    /// <summary><see cref="Detail"/> typed, passed on to the incident's step.</summary>
    public Step? What { get; init; }

    public override string Name => "note-fault";
}

/// <summary>The site: a fault of this incident cleared after <paramref name="Outage"/>.</summary>
public sealed record NoteFaultCleared(string FaultKey, Duration Outage, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "note-fault-cleared";
}

/// <summary>The operator tried remote maintenance (SUP-2).</summary>
public sealed record RecordRemoteMaintenance(bool Fixed, string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "remote-maintenance";
}

/// <summary>What remote maintenance cannot fix becomes a technician visit on a working day (SUP-2).</summary>
public sealed record BookTechnicianVisit(LocalDate Date, string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "book-technician";
}

/// <summary>The operator told the subscriber about the fault (phone, email).</summary>
public sealed record InformSubscriber(string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "inform-subscriber";
}

/// <summary>The result of the call to a pro-video client about a link loss (SUP-5).</summary>
public enum LinkCallOutcome
{
    /// <summary>The client found the cause (unplugged, box down): closed.</summary>
    CauseFound,
    /// <summary>No cause found: the client retries; after-sales may be asked.</summary>
    NotFound,
    /// <summary>The client could not be reached: the second link-loss alert makes the after-sales request.</summary>
    Unreachable,
}

/// <summary>The station calls the pro-video client about the link loss, between 08:00 and 20:00 (SUP-5).</summary>
public sealed record CallClientAboutLink(LinkCallOutcome Outcome, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "call-client-link";
}

/// <summary>A technical request to the video provider's after-sales service (SUP-5).</summary>
public sealed record RequestAfterSales(string Notes, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "request-after-sales";
}

/// <summary>The station: these sites are part of the mass outage.</summary>
public sealed record NoteSitesAffected(IReadOnlyList<string> SiteIds, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "note-sites-affected";
}

/// <summary>A site of the mass outage is heard again after <paramref name="Outage"/>.</summary>
public sealed record NoteSiteBack(string SiteId, Duration Outage, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "note-site-back";
}

public sealed record SiteReturn(string SiteId, Duration Outage);

/// <summary>Sites of the mass outage heard again, together (thousands come back within seconds when a provider recovers).</summary>
public sealed record NoteSitesBack(IReadOnlyList<SiteReturn> Sites, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "note-sites-back";
}

// ---- Who handles the incident (the operators' console) ----

/// <summary>An operator (or a supervisor) takes the incident: from then on other operators cannot act on it.</summary>
public sealed record TakeIncident(Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "take";
}

/// <summary>The holder (or a supervisor) gives the incident back to the queue.</summary>
public sealed record ReleaseIncident(Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "release";
}

/// <summary>The holder (or a supervisor, who reassigns) hands the incident to another operator, who becomes its holder.</summary>
public sealed record TransferIncident(string ToOperator, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "transfer";
}

/// <summary>The clock: nobody took the incident in time; the supervisor's console is told.</summary>
public sealed record EscalateIncident(Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "escalate";
}

/// <summary>The media store attaches a photo or clip of this alarm (sent by the engine, not through the API).</summary>
public sealed record AttachMedia(string MediaId, string Sha256, Media.MediaKind Kind, string Camera, Instant CapturedAt, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "attach-media";
}

/// <summary>Staff freeze the incident's evidence for the claim the subscriber declared (INS-9).</summary>
public sealed record FreezeEvidence(string ClaimReference, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "freeze-evidence";
}

/// <summary>A judicial requisition received for the incident's media: who issued it, its reference and date (GDP-4).</summary>
public sealed record RecordRequisition(string Authority, string Reference, LocalDate IssuedOn, Actor By, Instant At) : IncidentCommand(By, At)
{
    public override string Name => "record-requisition";
}
