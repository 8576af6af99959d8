using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Vigie.Station.Ports;

namespace Vigie.Web.Staff;

/// <summary>
/// RC-4: a forgotten password is reset through a link e-mailed to the account's address (Identity's reset token,
/// URL-safe). Whether the address is known is never told: the same answer, an e-mail only when it is.
/// </summary>
public sealed class PasswordResets(UserManager<StaffMember> users, IEmailSender email, Vigie.Station.Messages.MessageTexts messages)
{
    /// <summary>E-mails a reset link when <paramref name="address"/> is an account's address; true when one was sent.</summary>
    public async Task<bool> RequestAsync(string? address, string baseUrl, CancellationToken ct = default)
    {
        address = address?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > SignInInput.MaxLoginLength)
        {
            return false;
        }
        var account = await users.FindByNameAsync(address);
        if (account?.Email is not { Length: > 0 } to || !string.Equals(to, address, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(account)));
        var link = $"{baseUrl.TrimEnd('/')}/account/reset?email={Uri.EscapeDataString(to)}&token={token}";
        await email.SendEmailAsync(new EmailMessage([to], AccountText.In(messages.Culture, "mail.reset.subject"), AccountText.In(messages.Culture, "mail.reset.body", link)), ct);
        return true;
    }

    /// <summary>Far longer than Identity's reset tokens (a few hundred characters once encoded).</summary>
    private const int MaxTokenLength = 4096;

    /// <summary>Sets the new password when the token is the account's; the refusal's reasons otherwise.</summary>
    public async Task<PasswordChange> ResetAsync(string? address, string? token, string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password) || password != confirmation)
        {
            return PasswordChange.Mismatch;
        }
        if (string.IsNullOrWhiteSpace(address) || address.Length > SignInInput.MaxLoginLength || string.IsNullOrEmpty(token) || token.Length > MaxTokenLength
            || await users.FindByNameAsync(address.Trim()) is not { } account)
        {
            return PasswordChange.BadToken;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return PasswordChange.BadToken;
        }
        var result = await users.ResetPasswordAsync(account, decoded, password);
        return result.Succeeded ? PasswordChange.Done
            : result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? PasswordChange.BadToken
            : PasswordChange.Rules(result.Errors);
    }
}

/// <summary>A password change's outcome (reset or change): done, or why not.</summary>
public sealed record PasswordChange(string Outcome, IReadOnlyList<IdentityError> Errors)
{
    public static readonly PasswordChange Done = new("done", []);
    public static readonly PasswordChange Mismatch = new("mismatch", []);
    public static readonly PasswordChange BadToken = new("token", []);
    public static readonly PasswordChange WrongPassword = new("current", []);

    public static PasswordChange Rules(IEnumerable<IdentityError> errors) => new("password", [.. errors]);

    public bool Succeeded => Outcome == "done";
}
