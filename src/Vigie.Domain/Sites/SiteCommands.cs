using System.Text.Json.Serialization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Signals;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

/// <summary>A request to change a site; <see cref="At"/> is the instant it is decided at (the domain never reads a clock).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ProvisionSite), nameof(ProvisionSite))]
[JsonDerivedType(typeof(ChangeInstructions), nameof(ChangeInstructions))]
[JsonDerivedType(typeof(ChangeIdentificationCode), nameof(ChangeIdentificationCode))]
[JsonDerivedType(typeof(ChangeDuressCode), nameof(ChangeDuressCode))]
[JsonDerivedType(typeof(ConfirmActivationStep), nameof(ConfirmActivationStep))]
[JsonDerivedType(typeof(ReceiveSignal), nameof(ReceiveSignal))]
[JsonDerivedType(typeof(BookProtectPlus), nameof(BookProtectPlus))]
[JsonDerivedType(typeof(CancelProtectPlus), nameof(CancelProtectPlus))]
[JsonDerivedType(typeof(RaiseDuress), nameof(RaiseDuress))]
[JsonDerivedType(typeof(NoteIncidentClosed), nameof(NoteIncidentClosed))]
[JsonDerivedType(typeof(SiteTick), nameof(SiteTick))]
[JsonDerivedType(typeof(ChangeSupervisionProfile), nameof(ChangeSupervisionProfile))]
[JsonDerivedType(typeof(NoteLiveness), nameof(NoteLiveness))]
[JsonDerivedType(typeof(NoteCameraLink), nameof(NoteCameraLink))]
[JsonDerivedType(typeof(SetActivityDetection), nameof(SetActivityDetection))]
[JsonDerivedType(typeof(SetDetectionSchedule), nameof(SetDetectionSchedule))]
[JsonDerivedType(typeof(SetPrivacyMode), nameof(SetPrivacyMode))]
[JsonDerivedType(typeof(StartTestPeriod), nameof(StartTestPeriod))]
[JsonDerivedType(typeof(EndTestPeriod), nameof(EndTestPeriod))]
[JsonDerivedType(typeof(RequestArming), nameof(RequestArming))]
[JsonDerivedType(typeof(CreateVirtualRemote), nameof(CreateVirtualRemote))]
[JsonDerivedType(typeof(RevokeVirtualRemote), nameof(RevokeVirtualRemote))]
[JsonDerivedType(typeof(ReportLostDevice), nameof(ReportLostDevice))]
[JsonDerivedType(typeof(ChangeArmingNotices), nameof(ChangeArmingNotices))]
[JsonDerivedType(typeof(ChangeInsurerDetails), nameof(ChangeInsurerDetails))]
public abstract record SiteCommand(Actor By, Instant At);

public sealed record ProvisionSite(SiteDefinition Definition, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>New instructions; the codes are kept as they are (they change through their own commands).</summary>
public sealed record ChangeInstructions(Instructions Instructions, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A new identification code: the hash and, to check it, the code itself (never stored).</summary>
public sealed record ChangeIdentificationCode(string Code, SecretCode Hash, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A new duress code, or null Code/Hash to remove it.</summary>
public sealed record ChangeDuressCode(string? Code, SecretCode? Hash, Actor By, Instant At) : SiteCommand(By, At);

public sealed record ConfirmActivationStep(ActivationStep Step, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A signal from the panel, with the instant the station received it.</summary>
public sealed record ReceiveSignal(SignalKey Key, SiteSignal Signal, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>Book PROTECT+ for <paramref name="Periods"/> consecutive periods from <paramref name="Start"/> (ALR-7).</summary>
public sealed record BookProtectPlus(Instant Start, int Periods, Actor By, Instant At) : SiteCommand(By, At);

public sealed record CancelProtectPlus(string BookingId, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A code check in an incident revealed the duress code: a silent SOS (ALR-13).</summary>
public sealed record RaiseDuress(string RevealedIn, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>An incident of this site was closed.</summary>
public sealed record NoteIncidentClosed(string IncidentId, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>The clock: handles every deadline passed at <see cref="SiteCommand.At"/>.</summary>
public sealed record SiteTick(Actor By, Instant At) : SiteCommand(By, At);

// ---- Supervision (SUP-1 … SUP-6) ----

/// <summary>Watch the site with another supervision profile (a preset or one of the station's).</summary>
public sealed record ChangeSupervisionProfile(string Profile, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>
/// The liveness watch reports a change (SUP-1, SUP-7). <paramref name="GroupedIn"/> names the mass-outage incident the
/// station put this loss in: the site records the fault and opens nothing.
/// </summary>
public sealed record NoteLiveness(LivenessChange Change, string? GroupedIn, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A camera's link to the station lost or back (SUP-4, SUP-5).</summary>
public sealed record NoteCameraLink(string CameraId, bool Lost, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>The subscriber turns activity detection on or off (VID-11); with it, a pro-video link loss opens an incident (SUP-5).</summary>
public sealed record SetActivityDetection(bool On, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>The subscriber's activity-detection schedule (VID-11); null removes it (detection follows its switch alone).</summary>
public sealed record SetDetectionSchedule(Video.DetectionSchedule? Schedule, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>The subscriber turns privacy mode on or off (VID-8).</summary>
public sealed record SetPrivacyMode(bool On, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>Why a site's signals raise nothing for a while.</summary>
public enum TestPeriodKind
{
    /// <summary>The subscriber tests the detectors (SUP-6).</summary>
    OnTest,
    /// <summary>A technician works on the installation.</summary>
    Maintenance,
}

/// <summary>
/// Put the site on test or maintenance from <paramref name="Start"/> (possibly ahead) to <paramref name="End"/>: signals are
/// recorded and shown but raise no alert, no incident, no call.
/// </summary>
public sealed record StartTestPeriod(TestPeriodKind Kind, Instant Start, Instant End, string Reason, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>End the test period now (or cancel one not started).</summary>
public sealed record EndTestPeriod(Actor By, Instant At) : SiteCommand(By, At)
{
    /// <summary>The technician's note, sent to the subscriber with the end-of-test notice.</summary>
    public string? Note { get; init; }
}

// ---- Remote control, virtual remotes, lost devices, arming information, insurer (RC-1 … RC-5, INS-5) ----

/// <summary>
/// Arm or disarm from afar (RC-1, RC-2): <see cref="ArmingChannel.RemoteControl"/> for the portal and the app,
/// <see cref="ArmingChannel.VirtualRemote"/> with <paramref name="RemoteId"/> for a virtual remote. The station sends the
/// command to the panel; the panel's opening or closing confirms it.
/// </summary>
public sealed record RequestArming(ArmingMode Mode, ArmingChannel Channel, string? RemoteId, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A new virtual remote (RC-2); <paramref name="TokenHash"/> is the SHA-256 (lowercase hex) of its whole token.</summary>
public sealed record CreateVirtualRemote(string Name, Instant? ExpiresAt, string TokenHash, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>Revoke a virtual remote at once (RC-2, RC-3); lost or stolen also reports the phone lost (INS-5), noticed at <paramref name="NoticedAt"/> (default: now).</summary>
public sealed record RevokeVirtualRemote(string RemoteId, RevocationReason Reason, Instant? NoticedAt, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>A badge, remote, phone or keys lost or stolen, noticed at <paramref name="NoticedAt"/> (RC-3, INS-5).</summary>
public sealed record ReportLostDevice(LostDeviceKind Kind, string Description, Instant NoticedAt, Actor By, Instant At) : SiteCommand(By, At)
{
    /// <summary>Stolen rather than lost: only a theft starts the key-replacement deadline and its reminder (INS-5).</summary>
    public bool Stolen { get; init; }
}

/// <summary>The subscriber's arm/disarm information choices (RC-5).</summary>
public sealed record ChangeArmingNotices(ArmingNoticeChoices Choices, Actor By, Instant At) : SiteCommand(By, At);

/// <summary>The subscriber's insurer details, or null to remove them (INSURANCE.md).</summary>
public sealed record ChangeInsurerDetails(InsurerDetails? Details, Actor By, Instant At) : SiteCommand(By, At);
