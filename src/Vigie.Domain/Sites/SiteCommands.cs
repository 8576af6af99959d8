using System.Text.Json.Serialization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Signals;

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
