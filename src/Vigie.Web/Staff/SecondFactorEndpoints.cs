using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Vigie.Web.Staff;

/// <summary>
/// The second step of a sign-in, after the password: the authenticator's code, a recovery code, or (for a supervisor
/// or administrator who has none yet) the enrolment of an authenticator. Every try is counted per account
/// (<see cref="SecondFactorTries"/>) and every failure towards the lockout; a password alone never shows or replaces
/// an authenticator that exists.
/// </summary>
internal static class SecondFactorEndpoints
{
    public static void MapSecondFactorEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();

        account.MapPost("/second-factor", async ([FromForm] string? code, [FromForm] string? returnUrl,
            SignInManager<StaffMember> signIn, SecondFactorTries tries, StaffAudit audit) =>
        {
            var back = SignInInput.LocalPath(returnUrl);
            var member = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (member is null)
            {
                return Results.Redirect("/account/login?error=expired");
            }
            if (!tries.TryOne(member.Id))
            {
                await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("second-factor", null, false, "too many tries"));
                return Results.Redirect($"/account/second-factor?error=tooMany&returnUrl={Uri.EscapeDataString(back)}");
            }
            // Identity counts a wrong code towards the lockout and refuses a locked account.
            var result = await signIn.TwoFactorAuthenticatorSignInAsync(SignInInput.Digits(code), isPersistent: false, rememberClient: false);
            await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("second-factor", null, result.Succeeded,
                result.Succeeded ? null : result.IsLockedOut ? "locked out" : "wrong code"));
            return result.Succeeded ? Results.Redirect(back)
                : result.IsLockedOut ? Results.Redirect("/account/login?error=locked")
                : Results.Redirect($"/account/second-factor?error=code&returnUrl={Uri.EscapeDataString(back)}");
        });

        account.MapPost("/second-factor/recovery", async ([FromForm] string? recoveryCode, [FromForm] string? returnUrl,
            SignInManager<StaffMember> signIn, UserManager<StaffMember> users, SecondFactorTries tries, StaffAudit audit) =>
        {
            var back = SignInInput.LocalPath(returnUrl);
            var member = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (member is null)
            {
                return Results.Redirect("/account/login?error=expired");
            }
            // Identity's recovery sign-in neither refuses a locked account nor counts a wrong code: done here.
            if (await users.IsLockedOutAsync(member))
            {
                await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("recovery-code", null, false, "locked out"));
                return Results.Redirect("/account/login?error=locked");
            }
            if (!tries.TryOne(member.Id))
            {
                await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("recovery-code", null, false, "too many tries"));
                return Results.Redirect($"/account/second-factor?error=tooMany&returnUrl={Uri.EscapeDataString(back)}");
            }
            var typed = recoveryCode is { Length: <= SignInInput.MaxCodeLength } ? recoveryCode.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant() : "";
            var result = typed.Length == 0 ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.TwoFactorRecoveryCodeSignInAsync(typed);
            if (!result.Succeeded)
            {
                await users.AccessFailedAsync(member);
            }
            var locked = !result.Succeeded && await users.IsLockedOutAsync(member);
            await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("recovery-code", null, result.Succeeded,
                result.Succeeded ? $"{await users.CountRecoveryCodesAsync(member)} codes left" : locked ? "locked out" : "wrong or used code"));
            return result.Succeeded ? Results.Redirect(back)
                : locked ? Results.Redirect("/account/login?error=locked")
                : Results.Redirect($"/account/second-factor?error=recovery&returnUrl={Uri.EscapeDataString(back)}");
        });

        account.MapPost("/enroll", async ([FromForm] string? code, [FromForm] string? returnUrl,
            SignInManager<StaffMember> signIn, UserManager<StaffMember> users, SecondFactorTries tries, RecoveryCodesToShow recovery, StaffAudit audit, HttpContext http) =>
        {
            var back = SignInInput.LocalPath(returnUrl);
            var member = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (member is null)
            {
                return Results.Redirect("/account/login?error=expired");
            }
            if (member.TwoFactorEnabled)
            {
                // The account has an authenticator: a password does not let anyone enrol another.
                await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("enroll-second-factor", null, false, "already has an authenticator"));
                return Results.Redirect($"/account/second-factor?returnUrl={Uri.EscapeDataString(back)}");
            }
            if (await users.IsLockedOutAsync(member))
            {
                return Results.Redirect("/account/login?error=locked");
            }
            if (!tries.TryOne(member.Id))
            {
                await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("enroll-second-factor", null, false, "too many tries"));
                return Results.Redirect($"/account/enroll?error=tooMany&returnUrl={Uri.EscapeDataString(back)}");
            }
            var valid = await users.VerifyTwoFactorTokenAsync(member, users.Options.Tokens.AuthenticatorTokenProvider, SignInInput.Digits(code));
            await audit.RecordAsync($"staff:{member.UserName}", new AuditEntry("enroll-second-factor", null, valid, valid ? null : "wrong code"));
            if (!valid)
            {
                await users.AccessFailedAsync(member);
                return await users.IsLockedOutAsync(member) ? Results.Redirect("/account/login?error=locked")
                    : Results.Redirect($"/account/enroll?error=code&returnUrl={Uri.EscapeDataString(back)}");
            }
            await users.SetTwoFactorEnabledAsync(member, true);
            await users.ResetAccessFailedCountAsync(member);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(member, RecoveryCodesToShow.Count) ?? [];
            await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await signIn.SignInWithClaimsAsync(member, isPersistent: false, [new Claim("amr", "mfa")]);
            recovery.Keep(http, member.Id, codes);
            return Results.Redirect($"/account/recovery-codes?returnUrl={Uri.EscapeDataString(back)}");
        });
    }
}
