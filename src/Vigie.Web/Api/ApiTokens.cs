using System.Text.Json;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Vigie.Receiver;
using Vigie.Web.Staff;

namespace Vigie.Web.Api;

public sealed record TokenRequest(string? Login, string? Password, string? Code);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Bearer tokens for the mobile app and scripts: the same accounts, lockout and second factor as the pages. The
/// answer is ASP.NET Core Identity's (tokenType, accessToken, expiresIn, refreshToken). Accounts are never created
/// here: subscribers register by invitation only.
/// </summary>
public static class ApiTokens
{
    public static void MapApiTokens(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth");
        auth.MapPost("/token", async (HttpContext http, SignInManager<StaffMember> signIn, UserManager<StaffMember> users, SecondFactorTries tries, StaffAudit audit) =>
        {
            TokenRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<TokenRequest>(http.Request.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
            catch (JsonException error)
            {
                return BadRequest("body", $"body: not JSON ({error.Message})");
            }
            if (SignInInput.Check(body?.Login, body?.Password) is { } refused)
            {
                return BadRequest(refused.Field, refused.Detail);
            }
            var login = body!.Login!.Trim();
            if (await users.FindByNameAsync(login) is not { } member)
            {
                await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, false, "wrong login, password or code"));
                return Unauthorized("wrong login, password or code");
            }
            // The same lockout as the pages: failures count, a locked account is refused even with the right password.
            var password = await signIn.CheckPasswordSignInAsync(member, body.Password!, lockoutOnFailure: true);
            if (!password.Succeeded)
            {
                await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, false, password.IsLockedOut ? "locked out" : "wrong login, password or code"));
                return Unauthorized(password.IsLockedOut ? "account locked after too many failures: try again later" : "wrong login, password or code");
            }
            // Supervisors and administrators sign in with a second factor: one not enrolled yet enrols it at the console first.
            if (!member.TwoFactorEnabled && (await users.GetRolesAsync(member)).Any(StaffRoles.NeedSecondFactor.Contains))
            {
                await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, false, "second factor not enrolled"));
                return Unauthorized("code: this account must first enrol its second factor at the console's sign-in");
            }
            var principal = await signIn.CreateUserPrincipalAsync(member);
            if (member.TwoFactorEnabled)
            {
                if (string.IsNullOrWhiteSpace(body.Code))
                {
                    await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, false, "second factor required"));
                    return Unauthorized("code: this account signs in with a second factor; give the authenticator's code");
                }
                // The same count per account as the pages' second step, whatever address the tries come from.
                if (!tries.TryOne(member.Id))
                {
                    await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, false, "too many second-factor tries"));
                    http.Response.Headers.RetryAfter = "60";
                    return Results.Problem(title: "too many requests", detail: "too many second-factor tries for this account: wait a minute",
                        statusCode: StatusCodes.Status429TooManyRequests);
                }
                if (!await users.VerifyTwoFactorTokenAsync(member, users.Options.Tokens.AuthenticatorTokenProvider, SignInInput.Digits(body.Code)))
                {
                    await users.AccessFailedAsync(member);
                    await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, false, "wrong second-factor code"));
                    return Unauthorized("wrong login, password or code");
                }
                ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim("amr", "mfa"));
            }
            await audit.RecordAsync($"api:{login}", new AuditEntry("token", null, true, null));
            // Identity's bearer scheme writes the answer: tokenType, accessToken, expiresIn, refreshToken.
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        }).Access(ApiAudience.Anonymous, "Sign in: an access token (and a refresh token) for the same account as the pages", ApiLimit.Login)
            .Accepts<TokenRequest>("application/json").Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/refresh", async (HttpContext http, SignInManager<StaffMember> signIn, UserManager<StaffMember> users, IOptionsMonitor<BearerTokenOptions> bearer,
            TimeProvider time) =>
        {
            RefreshRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<RefreshRequest>(http.Request.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
            catch (JsonException error)
            {
                return BadRequest("body", $"body: not JSON ({error.Message})");
            }
            if (string.IsNullOrWhiteSpace(body?.RefreshToken))
            {
                return BadRequest("refreshToken", "refreshToken: required");
            }
            var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(body.RefreshToken);
            // Expired, or the account changed since (password, lockout, role, second factor: a new security stamp), or
            // locked now: sign in again.
            if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
                || !await SessionRevalidation.StampStillValidAsync(users, ticket.Principal)
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            {
                return Unauthorized("refreshToken: expired or no longer valid: sign in again");
            }
            // The new token keeps the second factor the first was given with.
            var renewed = await signIn.CreateUserPrincipalAsync(user);
            ((System.Security.Claims.ClaimsIdentity)renewed.Identity!).AddClaims(ticket.Principal.FindAll("amr").ToList());
            return TypedResults.SignIn(renewed, authenticationScheme: IdentityConstants.BearerScheme);
        }).Access(ApiAudience.Anonymous, "A new access token from a refresh token", ApiLimit.Login)
            .Accepts<RefreshRequest>("application/json").Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(title: "unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    private static IResult BadRequest(string field, string detail) =>
        Results.Problem(title: "invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
