using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Vigie.Web.Staff;

/// <summary>
/// Identity's store for staff.db, with the second factor's secrets encrypted at rest: the authenticator key and the
/// recovery codes are written protected by ASP.NET Core Data Protection (the keys of the data folder's "keys"), so a
/// copy of staff.db alone does not give anyone's codes. A value stored in clear by an older Vigie is still read, and
/// <see cref="ProtectStoredSecretsAsync"/> rewrites it protected at start.
/// </summary>
public sealed class StaffStore(StaffDb context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<StaffMember, IdentityRole, StaffDb, string>(context, describer)
{
    /// <summary>Identity's own names for the two secrets (UserStoreBase's constants are private).</summary>
    internal const string Provider = "[AspNetUserStore]";
    internal const string AuthenticatorKey = "AuthenticatorKey";
    internal const string RecoveryCodes = "RecoveryCodes";

    /// <summary>Marks a protected value: a value without it was stored in clear by an older Vigie.</summary>
    private const string Mark = "dp1:";

    private readonly IDataProtector _protector = protection.CreateProtector("Vigie.Staff.SecondFactor.v1");

    private static bool IsSecret(string loginProvider, string name) =>
        loginProvider == Provider && name is AuthenticatorKey or RecoveryCodes;

    public override Task SetTokenAsync(StaffMember user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is not null && IsSecret(loginProvider, name) ? Protect(value) : value, cancellationToken);

    public override async Task<string?> GetTokenAsync(StaffMember user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return value is not null && IsSecret(loginProvider, name) ? Unprotect(value) : value;
    }

    private string Protect(string value) => Mark + _protector.Protect(value);

    private string Unprotect(string stored) => stored.StartsWith(Mark, StringComparison.Ordinal) ? _protector.Unprotect(stored[Mark.Length..]) : stored;

    /// <summary>Rewrites protected every secret an older Vigie stored in clear; the number rewritten.</summary>
    public async Task<int> ProtectStoredSecretsAsync(CancellationToken ct = default)
    {
        var clear = await Context.UserTokens
            .Where(t => t.LoginProvider == Provider && (t.Name == AuthenticatorKey || t.Name == RecoveryCodes) && t.Value != null && !t.Value.StartsWith(Mark))
            .ToListAsync(ct);
        foreach (var token in clear)
        {
            token.Value = Protect(token.Value!);
        }
        await Context.SaveChangesAsync(ct);
        return clear.Count;
    }
}
