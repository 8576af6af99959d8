using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Vigie.Web.Staff;

namespace Vigie.Web.Portal;

/// <summary>Subscribers' accounts in the station's one Identity: role subscriber, and the subscriber id their sites name.</summary>
public sealed class SubscriberAccounts(UserManager<StaffMember> users)
{
    public const string Role = "subscriber";

    /// <summary>Creates a subscriber's account (login = email); null when created, else the reasons Identity gives.</summary>
    public async Task<string?> CreateAsync(string email, string password, string subscriberId, string? displayName = null)
    {
        if (string.IsNullOrWhiteSpace(subscriberId))
        {
            return "subscriber: the subscriber id of the contract is required";
        }
        var account = new StaffMember { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName ?? email.Trim(), SubscriberId = subscriberId.Trim() };
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded)
        {
            return string.Join(" ", created.Errors.Select(e => e.Description));
        }
        await users.AddToRoleAsync(account, Role);
        return null;
    }
}

/// <summary>A subscriber's sign-in carries their subscriber id: the portal and the API check every site against it.</summary>
public sealed class AccountClaims(UserManager<StaffMember> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffMember, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffMember user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.SubscriberId is { Length: > 0 } subscriber)
        {
            identity.AddClaim(new Claim(PortalClaims.Subscriber, subscriber));
        }
        return identity;
    }
}
