using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vigie.Station.Ports;
using Vigie.Web.Staff;

namespace Vigie.Web.Portal;

/// <summary>What an invitation link is worth when someone opens it.</summary>
public enum InvitationState
{
    Valid,
    Unknown,
    Used,
    Expired,
    /// <summary>The invited address already has an account (registered meanwhile, or by hand).</summary>
    Registered,
}

/// <summary>An invitation as the registration page shows it.</summary>
public sealed record InvitationView(InvitationState State, string? Email, string? SubscriberId, DateTimeOffset? ExpiresAt);

/// <summary>An invitation stored and sent: its link (shown by the CLI when e-mails are only simulated) and its end.</summary>
public sealed record InvitationSent(string Link, string Email, DateTimeOffset ExpiresAt);

/// <summary>Why a registration was refused; the page says it in the subscriber's language (AccountText "register.error.*").</summary>
public enum RegistrationRefusal
{
    None,
    Unknown,
    Used,
    Expired,
    Registered,
    Mismatch,
    Password,
}

/// <summary>A registration's outcome: the new account, or why not (with Identity's password reasons).</summary>
public sealed record Registration(StaffMember? Account, RegistrationRefusal Refusal, IReadOnlyList<IdentityError> PasswordErrors);

/// <summary>
/// RC-4: the station invites a contract's subscriber by e-mail to open their personal account; the link carries a
/// random token (32 bytes) of which only the SHA-256 is stored; it is valid Console:InvitationDays days, once.
/// </summary>
public sealed class SubscriberInvitations(StaffDb db, UserManager<StaffMember> users, SubscriberAccounts accounts, IEmailSender email,
    ConsoleOptions options, TimeProvider time, Vigie.Station.Messages.MessageTexts messages)
{
    /// <summary>Stores an invitation and e-mails its link (in French); an error text instead when it cannot be sent.</summary>
    public async Task<(InvitationSent? Sent, string? Error)> InviteAsync(string subscriberId, string address, string baseUrl, CancellationToken ct = default)
    {
        subscriberId = subscriberId.Trim();
        address = address.Trim();
        if (subscriberId.Length == 0)
        {
            return (null, "subscriber: the subscriber id of the contract is required");
        }
        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
        {
            return (null, $"email: '{address}' is not an e-mail address");
        }
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
        {
            return (null, $"base url: '{baseUrl}' is not an absolute http or https address");
        }
        if (await users.FindByNameAsync(address) is not null)
        {
            return (null, $"email: {address} already has an account");
        }
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var invitation = new SubscriberInvitation
        {
            TokenHash = Hash(token),
            SubscriberId = subscriberId,
            Email = address,
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.InvitationDays),
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        var link = $"{baseUrl.TrimEnd('/')}/account/register/{token}";
        await email.SendEmailAsync(new EmailMessage([address], AccountText.In(messages.Culture, "mail.invite.subject"),
            AccountText.In(messages.Culture, "mail.invite.body", link, messages.When(NodaTime.Instant.FromDateTimeOffset(invitation.ExpiresAt)))), ct);
        return (new InvitationSent(link, address, invitation.ExpiresAt), null);
    }

    /// <summary>What the link <paramref name="token"/> is worth now.</summary>
    public async Task<InvitationView> FindAsync(string? token, CancellationToken ct = default)
    {
        var invitation = await ByTokenAsync(token, ct);
        return invitation is null
            ? new InvitationView(InvitationState.Unknown, null, null, null)
            : new InvitationView(await StateOf(invitation), invitation.Email, invitation.SubscriberId, invitation.ExpiresAt);
    }

    /// <summary>Opens the subscriber's account (login = the invited e-mail, role subscriber) and uses the invitation up.</summary>
    public async Task<Registration> RegisterAsync(string? token, string? password, string? confirmation, CancellationToken ct = default)
    {
        // One writer at a time on the staff database: two clicks on the same link cannot both open an account.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invitation = await ByTokenAsync(token, ct);
        if (invitation is null)
        {
            return Refused(RegistrationRefusal.Unknown);
        }
        switch (await StateOf(invitation))
        {
            case InvitationState.Used: return Refused(RegistrationRefusal.Used);
            case InvitationState.Expired: return Refused(RegistrationRefusal.Expired);
            case InvitationState.Registered: return Refused(RegistrationRefusal.Registered);
        }
        if (string.IsNullOrEmpty(password) || password != confirmation)
        {
            return Refused(RegistrationRefusal.Mismatch);
        }
        var account = new StaffMember { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = invitation.Email, SubscriberId = invitation.SubscriberId };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, account, password);
            errors.AddRange(checkedPassword.Errors);
        }
        if (errors.Count > 0)
        {
            return new Registration(null, RegistrationRefusal.Password, errors);
        }
        if (await accounts.CreateAsync(invitation.Email, password, invitation.SubscriberId) is { } problem)
        {
            throw new InvalidOperationException($"subscriber account {invitation.Email}: {problem}");
        }
        invitation.UsedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Registration(await users.FindByNameAsync(invitation.Email), RegistrationRefusal.None, []);
    }

    /// <summary>"25/11/2026 à 10:00": the subscriber reads French time.</summary>

    private static Registration Refused(RegistrationRefusal why) => new(null, why, []);

    private async Task<InvitationState> StateOf(SubscriberInvitation invitation) =>
        invitation.UsedAt is not null ? InvitationState.Used
        : invitation.ExpiresAt <= time.GetUtcNow() ? InvitationState.Expired
        : await users.FindByNameAsync(invitation.Email) is not null ? InvitationState.Registered
        : InvitationState.Valid;

    private async Task<SubscriberInvitation?> ByTokenAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        return await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
