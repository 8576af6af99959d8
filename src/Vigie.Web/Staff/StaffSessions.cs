using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Vigie.Web.Staff;

/// <summary>
/// Sessions end when the account changes: the security stamp is checked on sign-in cookies and open circuits at most
/// every Console:SessionCheckSeconds, and on every bearer token; Identity's manager and store are Vigie's (stamp on
/// lockout and role changes, second-factor secrets encrypted at rest); second-factor tries are counted per account.
/// </summary>
internal static class StaffSessions
{
    public static IServiceCollection AddStaffSessions(this IServiceCollection services, ConsoleOptions options)
    {
        services.AddScoped<StaffStore>();
        services.AddScoped<IUserStore<StaffMember>>(sp => sp.GetRequiredService<StaffStore>());
        services.AddScoped<StaffMembers>();
        services.AddScoped<UserManager<StaffMember>>(sp => sp.GetRequiredService<StaffMembers>());
        services.AddSingleton<IPasswordValidator<StaffMember>, PasswordLengthLimit>();
        services.AddSingleton<SecondFactorTries>();
        services.AddSingleton<RecoveryCodesToShow>();
        services.AddSingleton<PublicAddress>();

        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((stamp, time) =>
        {
            stamp.ValidationInterval = TimeSpan.FromSeconds(options.SessionCheckSeconds);
            stamp.TimeProvider = time;
            // The refreshed principal is rebuilt from the database: it keeps the second factor it was signed in with.
            stamp.OnRefreshingPrincipal = refreshing =>
            {
                if (refreshing.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && refreshing.CurrentPrincipal is { } current)
                {
                    identity.AddClaims(current.FindAll("amr").Where(amr => !identity.HasClaim("amr", amr.Value)).ToList());
                }
                return Task.CompletedTask;
            };
        });
        // The console's cookie events replace Identity's: the stamp check is put back on them.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme,
            cookie => cookie.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync);
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).PostConfigure(bearer => bearer.Events.OnMessageReceived = RefuseStaleBearerAsync);
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        return services;
    }

    /// <summary>
    /// An access token is refused as soon as its account's stamp changed or it is locked out: a lockout or a password
    /// reset does not leave a stolen token working until it expires (Console:AccessTokenMinutes). One look-up per call.
    /// </summary>
    private static async Task RefuseStaleBearerAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            return;
        }
        var ticket = context.Options.BearerTokenProtector.Unprotect(token);
        if (ticket?.Principal is not { } principal)
        {
            return; // not one of ours: the handler refuses it
        }
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<StaffMember>>();
        if (!await SessionRevalidation.StampStillValidAsync(users, principal))
        {
            context.Fail("the account changed since this token was issued: sign in again");
        }
    }
}
