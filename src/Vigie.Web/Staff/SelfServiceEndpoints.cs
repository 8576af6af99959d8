using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Vigie.Web.Portal;

namespace Vigie.Web.Staff;

/// <summary>
/// RC-4, the form posts of a person's own account: registration from an invitation, forgotten password, and (signed
/// in) the optional second factor and the password change of /account/security.
/// </summary>
internal static class SelfServiceEndpoints
{
    public static void MapSelfServiceEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/account").AllowAnonymous();

        open.MapPost("/register/{token}", async (string token, [FromForm] string? password, [FromForm] string? confirmation,
            SubscriberInvitations invitations, SignInManager<StaffMember> signIn, StaffAudit audit) =>
        {
            var registration = await invitations.RegisterAsync(token, password, confirmation);
            if (registration.Account is not { } account)
            {
                return Results.Redirect($"/account/register/{Uri.EscapeDataString(token)}?error={registration.Refusal.ToString().ToLowerInvariant()}");
            }
            await signIn.SignInAsync(account, isPersistent: false);
            await audit.RecordAsync($"staff:{account.UserName}", new AuditEntry("register", account.SubscriberId, true, "account opened from an invitation"));
            return Results.Redirect("/portal");
        });

        open.MapPost("/forgot", async ([FromForm] string? email, PasswordResets resets, PublicAddress site, StaffAudit audit, Api.ApiLimits limits, HttpContext http) =>
        {
            // Past the sign-in rate, nothing is sent, and the answer stays the same (no flooding of someone's mailbox).
            var sent = limits.TryLogin(http, email) && await resets.RequestAsync(email, site.Base, http.RequestAborted);
            if (sent)
            {
                await audit.RecordAsync($"staff:{email!.Trim()}", new AuditEntry("password-reset-asked", null, true, "link e-mailed"));
            }
            // The same answer whether the address is known or not.
            return Results.Redirect("/account/forgot?sent=1");
        });

        open.MapPost("/reset", async ([FromForm] string? email, [FromForm] string? token, [FromForm] string? password, [FromForm] string? confirmation,
            PasswordResets resets, StaffAudit audit) =>
        {
            var change = await resets.ResetAsync(email, token, password, confirmation);
            if (change.Succeeded)
            {
                await audit.RecordAsync($"staff:{email!.Trim()}", new AuditEntry("password-reset", null, true, null));
                return Results.Redirect("/account/reset?done=1");
            }
            return Results.Redirect($"/account/reset?email={Uri.EscapeDataString(email ?? "")}&token={Uri.EscapeDataString(token ?? "")}&error={change.Outcome}");
        });

        var security = app.MapGroup("/account/security").RequireAuthorization();

        security.MapPost("/two-factor/enable", async ([FromForm] string? code, UserManager<StaffMember> users, SignInManager<StaffMember> signIn,
            SecondFactorTries tries, RecoveryCodesToShow recovery, StaffAudit audit, HttpContext http) =>
        {
            if (await users.GetUserAsync(http.User) is not { } member)
            {
                return Results.Redirect("/account/login");
            }
            if (member.TwoFactorEnabled)
            {
                return Results.Redirect("/account/security");
            }
            if (!tries.TryOne(member.Id))
            {
                return Results.Redirect("/account/security?enable=1&error=tooMany");
            }
            var valid = await users.VerifyTwoFactorTokenAsync(member, users.Options.Tokens.AuthenticatorTokenProvider, SignInInput.Digits(code));
            await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("enable-second-factor", null, valid, valid ? null : "wrong code"));
            if (!valid)
            {
                return Results.Redirect("/account/security?enable=1&error=code");
            }
            await users.SetTwoFactorEnabledAsync(member, true);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(member, RecoveryCodesToShow.Count) ?? [];
            // The new stamp ends the member's other sessions; this one goes on, with the second factor just given.
            await signIn.SignInWithClaimsAsync(member, isPersistent: false, [new System.Security.Claims.Claim("amr", "mfa")]);
            recovery.Keep(http, member.Id, codes);
            return Results.Redirect($"/account/recovery-codes?returnUrl={Uri.EscapeDataString("/account/security?done=enabled")}");
        });

        security.MapPost("/two-factor/disable", async ([FromForm] string? password, UserManager<StaffMember> users, SignInManager<StaffMember> signIn,
            StaffAudit audit, HttpContext http) =>
        {
            if (await users.GetUserAsync(http.User) is not { } member)
            {
                return Results.Redirect("/account/login");
            }
            if (await MustKeepSecondFactor(users, member))
            {
                return Results.Redirect("/account/security?error=required");
            }
            var check = await signIn.CheckPasswordSignInAsync(member, password is { Length: <= SignInInput.MaxPasswordLength } ? password : "", lockoutOnFailure: true);
            await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("disable-second-factor", null, check.Succeeded, check.Succeeded ? null : "wrong password"));
            if (!check.Succeeded)
            {
                return Results.Redirect(check.IsLockedOut ? "/account/login?error=locked" : "/account/security?error=current");
            }
            await users.SetTwoFactorEnabledAsync(member, false);
            // A later activation shows a new key: the old one may still sit in a lost phone.
            await users.ResetAuthenticatorKeyAsync(member);
            await signIn.RefreshSignInAsync(member);
            return Results.Redirect("/account/security?done=disabled");
        });

        security.MapPost("/password", async ([FromForm] string? current, [FromForm] string? password, [FromForm] string? confirmation,
            UserManager<StaffMember> users, SignInManager<StaffMember> signIn, StaffAudit audit, HttpContext http) =>
        {
            if (await users.GetUserAsync(http.User) is not { } member)
            {
                return Results.Redirect("/account/login");
            }
            if (string.IsNullOrEmpty(password) || password != confirmation)
            {
                return Results.Redirect("/account/security?error=mismatch");
            }
            // A current password no account can have is not hashed: the same refusal as a wrong one.
            var changed = current is { Length: > SignInInput.MaxPasswordLength } ? IdentityResult.Failed(users.ErrorDescriber.PasswordMismatch())
                : await users.ChangePasswordAsync(member, current ?? "", password);
            var outcome = changed.Succeeded ? PasswordChange.Done
                : changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? PasswordChange.WrongPassword
                : PasswordChange.Rules(changed.Errors);
            await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("change-password", null, outcome.Succeeded, outcome.Succeeded ? null : outcome.Outcome));
            if (!outcome.Succeeded)
            {
                if (outcome == PasswordChange.WrongPassword)
                {
                    // A wrong current password counts towards the lockout, as at sign-in.
                    await users.AccessFailedAsync(member);
                }
                return Results.Redirect($"/account/security?error={outcome.Outcome}");
            }
            await signIn.RefreshSignInAsync(member);
            return Results.Redirect("/account/security?done=password");
        });
    }

    /// <summary>Supervisors and administrators keep their second factor: the console requires it of them.</summary>
    internal static async Task<bool> MustKeepSecondFactor(UserManager<StaffMember> users, StaffMember member)
    {
        foreach (var role in StaffRoles.NeedSecondFactor)
        {
            if (await users.IsInRoleAsync(member, role))
            {
                return true;
            }
        }
        return false;
    }
}
