using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

// ---- Remote control, virtual remotes, lost devices, arming information, insurer (RC-1 … RC-5, INS-5) ----

/// <summary>Words for the history of remote arming.</summary>
public static class RemoteArming
{
    /// <summary>"armed total", "armed partial", "disarmed".</summary>
    public static string Verb(ArmingMode mode) => mode switch
    {
        ArmingMode.Total => "armed total",
        ArmingMode.Partial => "armed partial",
        ArmingMode.Disarmed => "disarmed",
    };

    /// <summary>"arm total", "arm partial", "disarm".</summary>
    public static string Imperative(ArmingMode mode) => mode switch
    {
        ArmingMode.Total => "arm total",
        ArmingMode.Partial => "arm partial",
        ArmingMode.Disarmed => "disarm",
    };

    /// <summary>"from the portal", "by virtual remote", "by keypad"...</summary>
    public static string From(ArmingChannel channel) => channel switch
    {
        ArmingChannel.RemoteControl => "from the portal",
        ArmingChannel.VirtualRemote => "by virtual remote",
        ArmingChannel.KeySwitch => "by key switch",
        ArmingChannel.Automatic => "automatically",
        ArmingChannel.Unknown => "by an unknown means",
        _ => $"by {channel.ToString().ToLowerInvariant()}",
    };
}

/// <summary>A remote arming request accepted and sent to the panel, waiting for its confirmation until <paramref name="ExpiresAt"/> (RC-1, RC-2).</summary>
public sealed record ArmingRequested(string RequestId, ArmingMode Mode, ArmingChannel Channel, string? RemoteId, string RequestedBy, Instant ExpiresAt, Instant At) : SiteEvent(At)
{
    /// <summary>The pending request this one replaces, when another was still waiting.</summary>
    public string? Replaces { get; init; }

    public override string Describe() =>
        (Channel == ArmingChannel.VirtualRemote
            ? $"{RemoteArming.Imperative(Mode)} requested by virtual remote {RemoteId} (held by {RequestedBy})"
            : $"{RemoteArming.Imperative(Mode)} requested {RemoteArming.From(Channel)} by {RequestedBy}") +
        $": sent to the panel (request {RequestId})" +
        (Replaces is { } r ? $", replaces request {r}" : "");
}

/// <summary>The panel did not confirm a remote request in time (RC-1).</summary>
public sealed record ArmingRequestExpired(string RequestId, ArmingMode Mode, ArmingChannel Channel, string RequestedBy, Instant At) : SiteEvent(At)
{
    public override string Describe() =>
        $"request {RequestId} ({RemoteArming.Imperative(Mode)} {RemoteArming.From(Channel)} by {RequestedBy}) expired: the panel did not confirm";
}

public sealed record VirtualRemoteCreated(string RemoteId, string Name, Instant? ExpiresAt, string TokenHash, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"virtual remote {RemoteId} '{Name}' created" + (ExpiresAt is { } e ? $", valid until {e}" : ", no end date");
}

/// <summary>A virtual remote revoked, effective at once (RC-2, RC-3).</summary>
public sealed record VirtualRemoteRevoked(string RemoteId, string Name, RevocationReason Reason, Instant? NoticedAt, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"virtual remote {RemoteId} '{Name}' revoked ({Reason.ToString().ToLowerInvariant()})" +
        (NoticedAt is { } n && Reason != RevocationReason.Revoked ? $", noticed at {n}" : "");
}

/// <summary>A virtual remote used: <paramref name="Refusal"/> null when accepted, else why it was refused (the attempt is recorded, RC-2, RC-3).</summary>
public sealed record VirtualRemoteUsed(string RemoteId, string Name, ArmingMode Mode, string? Refusal, Instant At) : SiteEvent(At)
{
    /// <summary>The typed refusal <see cref="Refusal"/> words in English, read in the reader's language; null when accepted or recorded before it was kept.</summary>
    public Vigie.Domain.Refusal? Why { get; init; }

    // Why is the typed form of Refusal, the same fact: equal refusals are equal events.
    public bool Equals(VirtualRemoteUsed? other) => other is not null && base.Equals(other) && RemoteId == other.RemoteId && Name == other.Name
        && Mode == other.Mode && Refusal == other.Refusal;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), RemoteId, Name, Mode, Refusal);

    public override string Describe() => $"virtual remote {RemoteId} '{Name}' used to {RemoteArming.Imperative(Mode)}: " + (Refusal is null ? "accepted" : $"refused ({Refusal})");
}

/// <summary>
/// A lost or stolen device reported (RC-3); after a theft, locks and keys to be replaced by <paramref name="ReplaceBy"/>
/// (INS-5), null after a loss. Reports recorded before the distinction carry a deadline and <see cref="Stolen"/> false.
/// </summary>
public sealed record LostDeviceReported(string ReportId, LostDeviceKind Kind, string Description, Instant NoticedAt, Instant? ReplaceBy, Instant At) : SiteEvent(At)
{
    public bool Stolen { get; init; }

    /// <summary>
    /// The description typed when the station wrote it (a revoked remote's phone), for a reader's text; null when a
    /// person typed it (shown as written) and in events recorded before it was kept.
    /// </summary>
    public Step? What { get; init; }

    // What is the typed form of Description, the same fact: equal descriptions are equal reports.
    public bool Equals(LostDeviceReported? other) => other is not null && base.Equals(other) && ReportId == other.ReportId && Kind == other.Kind &&
        Description == other.Description && NoticedAt == other.NoticedAt && ReplaceBy == other.ReplaceBy && Stolen == other.Stolen;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), ReportId, Kind, Description, NoticedAt, ReplaceBy);

    public override string Describe() => ReplaceBy is { } by
        ? $"{(Stolen ? "stolen" : "lost or stolen")} {Kind.ToString().ToLowerInvariant()} reported ({Description}), noticed at {NoticedAt}: locks and keys to be replaced by {by} (INS-5)"
        : $"lost {Kind.ToString().ToLowerInvariant()} reported ({Description}), noticed at {NoticedAt}";
}

public sealed record ArmingNoticesChanged(ArmingNoticeChoices Choices, Instant At) : SiteEvent(At)
{
    public override string Describe() => $"arming information: arming by {Channels(Choices.Arming)}, disarming by {Channels(Choices.Disarming)}";

    private static string Channels(NoticeChannels c) =>
        c.Any ? string.Join(", ", new[] { c.Email ? "email" : null, c.App ? "app" : null, c.Sms ? "SMS" : null }.OfType<string>()) : "nothing";
}

public sealed record InsurerDetailsChanged(InsurerDetails? Details, Instant At) : SiteEvent(At)
{
    public override string Describe() => Details is null ? "insurer details removed" : $"insurer details: {Details.Describe()}";
}
