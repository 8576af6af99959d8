using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Vigie.Web.Staff;

/// <summary>Sign-in, second factor, enrolment, sign-out and language: form posts from the account pages.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();

        account.MapPost("/login", async ([FromForm] string? login, [FromForm] string? password, [FromForm] string? returnUrl,
            SignInManager<StaffMember> signIn, UserManager<StaffMember> users, StaffAudit audit, Api.ApiLimits limits, HttpContext http) =>
        {
            var back = SignInInput.LocalPath(returnUrl);
            if (SignInInput.Check(login, password) is { } refused)
            {
                // Nothing looked up nor audited for an input no account can have (a megabyte login, say).
                var error = refused.Problem == SignInInputProblem.Missing ? "missing" : refused.Field == "login" ? "loginTooLong" : "passwordTooLong";
                return Results.Redirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(back)}");
            }
            // Sign-in tries per account and per address (Console:LoginAttemptsPerMinute).
            if (!limits.TryLogin(http, login))
            {
                return Results.Redirect($"/account/login?error=tooMany&returnUrl={Uri.EscapeDataString(back)}");
            }
            login = login!.Trim();
            var result = await signIn.PasswordSignInAsync(login, password!, isPersistent: false, lockoutOnFailure: true);
            var member = await users.FindByNameAsync(login);
            if (result.Succeeded && member is not null && await NeedsEnrolment(users, member))
            {
                // Supervisors and administrators must have a second factor before they get in: enrol it now.
                await signIn.SignOutAsync();
                await http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme,
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, member.Id)], IdentityConstants.TwoFactorUserIdScheme)));
                await audit.RecordAsync($"staff:{login}", new AuditEntry("login", null, true, "second factor to enrol"));
                return Results.Redirect($"/account/enroll?returnUrl={Uri.EscapeDataString(back)}");
            }
            if (member?.SubscriberId is not null && !back.StartsWith("/portal", StringComparison.Ordinal) && !back.StartsWith("/remote", StringComparison.Ordinal))
            {
                back = "/portal"; // a subscriber's home is the portal, whatever page sent them to sign in
            }
            var outcome = result.Succeeded ? "signed in" : result.RequiresTwoFactor ? "second factor asked" : result.IsLockedOut ? "locked out" : "wrong login or password";
            await audit.RecordAsync($"staff:{login}", new AuditEntry("login", null, result.Succeeded || result.RequiresTwoFactor, outcome));
            return result switch
            {
                { Succeeded: true } => Results.Redirect(back),
                { RequiresTwoFactor: true } => Results.Redirect($"/account/second-factor?returnUrl={Uri.EscapeDataString(back)}"),
                { IsLockedOut: true } => Results.Redirect($"/account/login?error=locked&returnUrl={Uri.EscapeDataString(back)}"),
                _ => Results.Redirect($"/account/login?error=invalid&returnUrl={Uri.EscapeDataString(back)}"),
            };
        });

        app.MapSecondFactorEndpoints();

        account.MapPost("/logout", async (SignInManager<StaffMember> signIn, StaffAudit audit, HttpContext http) =>
        {
            if (http.User.Identity?.Name is { } name)
            {
                await audit.RecordAsync($"staff:{name}", new AuditEntry("logout", null, true, null));
            }
            await signIn.SignOutAsync();
            return Results.Redirect("/account/login");
        });

        account.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!ConsoleCultures.Supported.Contains(culture))
            {
                return Results.Problem(title: "unknown language", detail: $"culture: one of {string.Join(", ", ConsoleCultures.Supported)}",
                    statusCode: StatusCodes.Status400BadRequest);
            }
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.Redirect(SignInInput.LocalPath(returnUrl));
        });
    }

    private static async Task<bool> NeedsEnrolment(UserManager<StaffMember> users, StaffMember member)
    {
        if (member.TwoFactorEnabled)
        {
            return false;
        }
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
