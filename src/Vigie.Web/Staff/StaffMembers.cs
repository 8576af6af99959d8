using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vigie.Web.Staff;

/// <summary>
/// Identity's user manager, with a new security stamp for the changes Identity leaves the stamp alone on: a lockout
/// (by failures or by hand) and a role given or taken. A new stamp ends every session of the account: its cookies at
/// the next check (Console:SessionCheckSeconds), its open circuits, its access and refresh tokens. Identity already
/// renews it on a password change or reset and on a second-factor change.
/// </summary>
public sealed class StaffMembers(IUserStore<StaffMember> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<StaffMember> passwordHasher,
    IEnumerable<IUserValidator<StaffMember>> userValidators, IEnumerable<IPasswordValidator<StaffMember>> passwordValidators, ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<StaffMember>> logger)
    : UserManager<StaffMember>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(StaffMember user)
    {
        var wasLocked = await IsLockedOutAsync(user);
        var result = await base.AccessFailedAsync(user);
        return result.Succeeded && !wasLocked && await IsLockedOutAsync(user) ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> SetLockoutEndDateAsync(StaffMember user, DateTimeOffset? lockoutEnd)
    {
        var result = await base.SetLockoutEndDateAsync(user, lockoutEnd);
        return result.Succeeded && await IsLockedOutAsync(user) ? await UpdateSecurityStampAsync(user) : result;
    }

    public override async Task<IdentityResult> AddToRoleAsync(StaffMember user, string role) =>
        await Stamped(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> AddToRolesAsync(StaffMember user, IEnumerable<string> roles) =>
        await Stamped(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(StaffMember user, string role) =>
        await Stamped(user, await base.RemoveFromRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(StaffMember user, IEnumerable<string> roles) =>
        await Stamped(user, await base.RemoveFromRolesAsync(user, roles));

    private async Task<IdentityResult> Stamped(StaffMember user, IdentityResult result) =>
        result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
}
