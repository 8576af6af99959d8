using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;

namespace Vigie.Station.Ports;

/// <summary>An automatic call that collects DTMF (INFO Alertes): the outcome comes back through <see cref="CallOutcomes"/>.</summary>
public sealed record VoiceCall(string IncidentId, string CallId, PhoneNumber To, string CalleeName, string Message, Instant PlacedAt);

/// <summary>The voice server: automatic calls with DTMF collection, and one-way voice messages (ALR-3).</summary>
public interface IVoiceCalls
{
    Task PlaceCallAsync(VoiceCall call, CancellationToken ct);

    Task PlayMessageAsync(PhoneNumber to, string message, CancellationToken ct);

    /// <summary>The engine gave up on a call (timed out, incident closed): stop ringing.</summary>
    Task HangUpAsync(string callId, CancellationToken ct);
}

public interface ISmsSender
{
    Task SendSmsAsync(PhoneNumber to, string text, CancellationToken ct);
}

public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string Body);

public interface IEmailSender
{
    Task SendEmailAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>
/// The staff audit trail: the engine records there the administrative steps that change what a panel's signals mean
/// (a panel account moved from one site to another). The console writes it to its hash-chained "staff-audit" stream.
/// </summary>
public interface IStaffAuditTrail
{
    Task RecordAsync(string actor, string action, string target, string detail);
}

/// <summary>
/// What the operators' console is told: an incident changed (opened, a step, closed), who holds it now (null when
/// nobody, or closed) and whether it was escalated for not being taken in time. <paramref name="LastStep"/> is typed: each
/// reader's text is made from it in the reader's language (<see cref="Texts.StepText"/>).
/// </summary>
public sealed record IncidentNotice(string IncidentId, string SiteId, AlertKind Kind, int Priority, ProcedureKind Procedure, bool Open, Step LastStep, Instant At,
    string? HandledBy, bool Escalated);

/// <summary>Something about a site the operators should see outside any incident (a test period ended).</summary>
public sealed record SiteNotice(string SiteId, Step Step, Instant At);

public interface IConsoleNotifications
{
    Task IncidentChangedAsync(IncidentNotice notice, CancellationToken ct);

    Task SiteNoticeAsync(SiteNotice notice, CancellationToken ct);
}

/// <summary>Notifications to the subscriber's mobile app (SUP-4): by subscriber, the app's devices are the push provider's business.</summary>
public interface IAppNotifications
{
    Task NotifyAsync(string subscriberId, string title, string text, CancellationToken ct);
}

/// <summary>A billable event for billing (BIL-5): already stored in the log; this tells the billing side.</summary>
public sealed record BillableEvent(string Reference, string SiteId, string? IncidentId, Charge Charge, Instant At);

public interface IBillableEvents
{
    Task RecordAsync(BillableEvent billable, CancellationToken ct);
}

/// <summary>
/// An arming command for a site's panel (RC-1, RC-2): sent after the request's commit, confirmed by the panel's own
/// opening or closing signal. <paramref name="RequestedBy"/> is the actor as the log writes it. The panel must not act on
/// it after <paramref name="ExpiresAt"/>: the station has recorded the request as failed by then.
/// </summary>
public sealed record PanelCommand(string SiteId, string PanelAccount, string RequestId, Vigie.Domain.Sites.ArmingMode Mode,
    Vigie.Domain.Signals.ArmingChannel Channel, string RequestedBy, Instant At, Instant ExpiresAt);

/// <summary>The link to the panels' command channel. Returns once the command is handed over; throws when it could not be.</summary>
public interface IPanelCommands
{
    Task SendAsync(PanelCommand command, CancellationToken ct);
}
