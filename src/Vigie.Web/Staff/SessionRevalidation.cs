using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigie.Web.Staff;

/// <summary>
/// An open console or portal page (a Blazor circuit) checks its member's security stamp every
/// Console:SessionCheckSeconds: after a password change or reset, a lockout, a role or second-factor change, the page
/// loses its identity and sends to the sign-in page, as the cookie does on the next request.
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory logging, IServiceScopeFactory scopes, ConsoleOptions options)
    : RevalidatingServerAuthenticationStateProvider(logging)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.SessionCheckSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (state.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        try
        {
            // A scope of its own: the circuit's lives as long as the page, and its database context would keep stale rows.
            await using var scope = scopes.CreateAsyncScope();
            return await StampStillValidAsync(scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>(), state.User);
        }
        catch (ObjectDisposedException)
        {
            // The station is stopping and its services are gone: the page goes with it, so there is nothing to revoke
            // and no error to print on a normal stop.
            return true;
        }
    }

    /// <summary>The account exists, is not locked, and its stamp is the one the principal was signed in with.</summary>
    internal static async Task<bool> StampStillValidAsync(UserManager<StaffMember> users, ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is not { } member || await users.IsLockedOutAsync(member))
        {
            return false;
        }
        var stamp = principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType);
        return stamp is not null && stamp == await users.GetSecurityStampAsync(member);
    }
}
