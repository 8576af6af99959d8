using System.Collections.Immutable;
using System.Net.Mail;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Signals;

namespace Vigie.Domain.Sites;

/// <summary>
/// An arming change asked through the portal, the app or a virtual remote (RC-1, RC-2), sent to the panel and
/// waiting for its confirmation (an ordinary opening or closing signal) until <paramref name="ExpiresAt"/>.
/// <paramref name="RequestedBy"/> is the actor as the log writes it ("subscriber:S1", "remoteholder:site-1/R0001").
/// </summary>
public sealed record ArmingRequest(string RequestId, ArmingMode Mode, ArmingChannel Channel, string? RemoteId, string RequestedBy, Instant At, Instant ExpiresAt);

/// <summary>Why a virtual remote was revoked (RC-2, RC-3): lost and stolen also count as a lost-device report (INS-5).</summary>
public enum RevocationReason
{
    Revoked,
    Lost,
    Stolen,
}

/// <summary>One use of a virtual remote: accepted, or refused and why (the subscriber sees refused attempts too).</summary>
public sealed record RemoteUse(Instant At, ArmingMode Mode, string? Refusal)
{
    public bool Accepted => Refusal is null;
}

/// <summary>
/// A virtual remote (ACCESS+, RC-2): a secret link the subscriber gives a relative. Only the SHA-256 of the whole token
/// is kept (<paramref name="TokenHash"/>, lowercase hex); the token itself is shown once, at creation.
/// </summary>
public sealed record VirtualRemote(string RemoteId, string Name, Instant CreatedAt, Instant? ExpiresAt, string TokenHash)
{
    public Instant? RevokedAt { get; init; }
    public RevocationReason? RevocationReason { get; init; }
    /// <summary>The latest uses, oldest first (bounded by <see cref="EngineRules.RemoteUsesKept"/>).</summary>
    public ImmutableList<RemoteUse> Uses { get; init; } = [];

    /// <summary>Why the remote cannot be used at <paramref name="at"/>, naming the field; null when it can.</summary>
    public Refusal? WhyUnusable(Instant at) =>
        RevokedAt is { } revoked ? Refusal.Forbidden(RefusalCodes.SiteRemoteRevoked, $"remote: revoked at {revoked} ({RevocationReason})", revoked)
        : ExpiresAt is { } expires && expires <= at ? Refusal.Forbidden(RefusalCodes.SiteRemoteExpired, $"remote: expired at {expires}", expires)
        : null;
}

/// <summary>What was lost or stolen (RC-3, INS-5).</summary>
public enum LostDeviceKind
{
    Badge,
    Remote,
    Phone,
    Keys,
}

/// <summary>
/// A timestamped report of a lost or stolen device; after a theft, locks and keys are to be replaced by
/// <paramref name="ReplaceBy"/> (INS-5), null after a loss.
/// </summary>
public sealed record LostDeviceReport(string ReportId, LostDeviceKind Kind, string Description, Instant NoticedAt, Instant? ReplaceBy, Instant ReportedAt)
{
    public bool Stolen { get; init; }
}

/// <summary>Which channels carry one kind of arming information (RC-5).</summary>
public sealed record NoticeChannels(bool Email, bool App, bool Sms)
{
    public static NoticeChannels None { get; } = new(false, false, false);

    public bool Any => Email || App || Sms;
}

/// <summary>The subscriber's choice of arm/disarm information (RC-5): arming (total or partial) and disarming, each by email, app and/or SMS.</summary>
public sealed record ArmingNoticeChoices(NoticeChannels Arming, NoticeChannels Disarming)
{
    public static ArmingNoticeChoices None { get; } = new(NoticeChannels.None, NoticeChannels.None);

    public NoticeChannels For(ArmingMode mode) => mode == ArmingMode.Disarmed ? Disarming : Arming;

    /// <summary>Errors naming the field when a chosen channel has nowhere to go in the instructions.</summary>
    public IReadOnlyList<Refusal> Validate(Instructions instructions)
    {
        var errors = new List<Refusal>();
        foreach (var (name, channels) in new[] { ("arming", Arming), ("disarming", Disarming) })
        {
            if (channels.Email && instructions.Emails.Count == 0)
            {
                errors.Add(Refusal.Invalid($"{name}.email", RefusalCodes.SiteNoticeNoEmail, $"{name}.email: the instructions hold no email address"));
            }
            if (channels.Sms && !instructions.SubscriberPhones.Any(p => p.IsMobile))
            {
                errors.Add(Refusal.Invalid($"{name}.sms", RefusalCodes.SiteNoticeNoMobile, $"{name}.sms: the instructions hold no mobile number of the subscriber"));
            }
        }
        return errors;
    }
}

/// <summary>
/// The subscriber's insurer as Vigie keeps it (INSURANCE.md "Data Vigie keeps per subscriber"): claims channels, the
/// assistance number (INS-7), and the contract's deadlines when they differ from the defaults (INS-2, INS-3, INS-5);
/// a null deadline means the station's default.
/// </summary>
public sealed record InsurerDetails
{
    public required string Name { get; init; }
    public string? PolicyNumber { get; init; }
    public string? ClaimsWeb { get; init; }
    public string? ClaimsEmail { get; init; }
    public PhoneNumber? ClaimsPhone { get; init; }
    public string? ClaimsPost { get; init; }
    public PhoneNumber? AssistancePhone { get; init; }
    /// <summary>INS-2: theft declared within this many working days (default 2).</summary>
    public int? TheftDeclarationWorkingDays { get; init; }
    /// <summary>INS-2: other claims within this many working days (default 5).</summary>
    public int? OtherClaimDeclarationWorkingDays { get; init; }
    /// <summary>INS-3: police complaint within this many hours (default 48).</summary>
    public int? PoliceComplaintHours { get; init; }
    /// <summary>INS-5: locks and keys replaced within this many hours of noticing (default 48).</summary>
    public int? KeyReplacementHours { get; init; }

    /// <summary>Every error, each starting with the field's name; empty when the details can be kept.</summary>
    public IReadOnlyList<Refusal> Validate()
    {
        var errors = new List<Refusal>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            errors.Add(Refusal.Invalid("name", RefusalCodes.InsurerNameLength, "name: the insurer's name is required, at most 100 characters", 100));
        }
        if (PolicyNumber is { } policy && (string.IsNullOrWhiteSpace(policy) || policy.Length > 50))
        {
            errors.Add(Refusal.Invalid("policyNumber", RefusalCodes.InsurerPolicyLength, "policyNumber: 1 to 50 characters when given", 50));
        }
        if (ClaimsWeb is { } web && (!Uri.TryCreate(web, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || web.Length > 500))
        {
            errors.Add(Refusal.Invalid("claimsWeb", RefusalCodes.InsurerWebInvalid, $"claimsWeb '{web}': an http or https address", web));
        }
        if (ClaimsEmail is { } email && !(email.Length <= 254 && MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal)))
        {
            errors.Add(Refusal.Invalid("claimsEmail", RefusalCodes.EmailInvalid, $"claimsEmail '{email}': not an email address", email));
        }
        if (ClaimsPost is { } post && (string.IsNullOrWhiteSpace(post) || post.Length > 500))
        {
            errors.Add(Refusal.Invalid("claimsPost", RefusalCodes.InsurerPostLength, "claimsPost: 1 to 500 characters when given", 500));
        }
        Range(errors, "theftDeclarationWorkingDays", TheftDeclarationWorkingDays, 1, 30);
        Range(errors, "otherClaimDeclarationWorkingDays", OtherClaimDeclarationWorkingDays, 1, 30);
        Range(errors, "policeComplaintHours", PoliceComplaintHours, 1, 720);
        Range(errors, "keyReplacementHours", KeyReplacementHours, 1, 720);
        return errors;

        static void Range(List<Refusal> errors, string field, int? value, int min, int max)
        {
            if (value is { } v && (v < min || v > max))
            {
                errors.Add(Refusal.Invalid(field, RefusalCodes.NumberOutOfRange, $"{field}: {min} to {max} ({v} given)", min, max, v));
            }
        }
    }

    /// <summary>One line for the history (CON-4): name, policy, assistance and the deadlines that differ from the defaults.</summary>
    public string Describe()
    {
        var parts = new List<string> { Name };
        if (PolicyNumber is { } p)
        {
            parts.Add($"policy {p}");
        }
        if (AssistancePhone is { } a)
        {
            parts.Add($"assistance {a}");
        }
        var deadlines = new[]
        {
            TheftDeclarationWorkingDays is { } t ? $"theft declared within {t} working days" : null,
            OtherClaimDeclarationWorkingDays is { } o ? $"other claims within {o} working days" : null,
            PoliceComplaintHours is { } h ? $"police complaint within {h} h" : null,
            KeyReplacementHours is { } k ? $"keys replaced within {k} h" : null,
        }.OfType<string>().ToList();
        if (deadlines.Count > 0)
        {
            parts.Add("deadlines: " + string.Join(", ", deadlines));
        }
        return string.Join("; ", parts);
    }
}
