using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Vigie.Web.Staff;

/// <summary>A staff member as the console lists them.</summary>
public sealed record StaffListing(string Login, string DisplayName, IReadOnlyList<string> Roles, bool SecondFactor, DateTimeOffset? LockedUntil);

/// <summary>Creates and lists staff accounts (Identity): the administrator's page and the demo use it.</summary>
public sealed class StaffAccounts(UserManager<StaffMember> users)
{
    /// <summary>Creates a member; null when created, else the reasons Identity gives (password rules, duplicate login).</summary>
    public async Task<string?> CreateAsync(string login, string displayName, string password, IReadOnlyList<string> roles, string? authenticatorKey = null)
    {
        if (roles.Count == 0 || roles.Any(r => !StaffRoles.All.Contains(r)))
        {
            return $"roles: one or more of {string.Join(", ", StaffRoles.All)}";
        }
        var member = new StaffMember { UserName = login, DisplayName = displayName };
        var created = await users.CreateAsync(member, password);
        if (!created.Succeeded)
        {
            return string.Join(" ", created.Errors.Select(e => e.Description));
        }
        await users.AddToRolesAsync(member, roles);
        if (authenticatorKey is not null)
        {
            // A key given at creation (demo, tests): the member's authenticator app is set up with it beforehand.
            await users.SetAuthenticationTokenAsync(member, "[AspNetUserStore]", "AuthenticatorKey", authenticatorKey);
            await users.SetTwoFactorEnabledAsync(member, true);
        }
        return null;
    }

    public async Task<IReadOnlyList<StaffListing>> ListAsync()
    {
        var list = new List<StaffListing>();
        foreach (var member in await users.Users.Where(u => u.SubscriberId == null).OrderBy(u => u.UserName).ToListAsync())
        {
            list.Add(new StaffListing(member.UserName!, member.DisplayName, [.. await users.GetRolesAsync(member)], member.TwoFactorEnabled,
                member.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null));
        }
        return list;
    }

    /// <summary>Logins of the members who can take incidents (transfer targets).</summary>
    public async Task<IReadOnlyList<string>> HandlersAsync()
    {
        var operators = await users.GetUsersInRoleAsync(StaffRoles.Operator);
        var supervisors = await users.GetUsersInRoleAsync(StaffRoles.Supervisor);
        return [.. operators.Concat(supervisors).Select(u => u.UserName!).Distinct().Order()];
    }

    public async Task<bool> UnlockAsync(string login)
    {
        if (await users.FindByNameAsync(login) is not { } member)
        {
            return false;
        }
        await users.SetLockoutEndDateAsync(member, null);
        await users.ResetAccessFailedCountAsync(member);
        return true;
    }
}

/// <summary>Creates the staff database and its roles at start; the demo's accounts when asked.</summary>
public static class StaffDatabase
{
    /// <summary>A staff database made before subscribers had accounts lacks their column (no migrations yet): add it.</summary>
    private static async Task AddSubscriberColumnAsync(StaffDb db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('AspNetUsers') WHERE name = 'SubscriberId'";
            if (Convert.ToInt64(await check.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                await using var add = connection.CreateCommand();
                add.CommandText = "ALTER TABLE AspNetUsers ADD COLUMN SubscriberId TEXT NULL";
                await add.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>A folder an earlier demo filled (before demo accounts were marked) still opens with that demo's published passwords.</summary>
    /// <summary>Every role, once: a station that loses the insert to another starting at the same moment carries on.</summary>
    internal static async Task AddRolesAsync(StaffDb db, RoleManager<IdentityRole> roles)
    {
        foreach (var role in StaffRoles.All.Append(Portal.SubscriberAccounts.Role))
        {
            if (!await roles.RoleExistsAsync(role))
            {
                try
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
                catch (DbUpdateException)
                {
                    // Another station of the cluster may have created it first: then the failed insert is forgotten
                    // (the context stays usable); otherwise the error stands.
                    db.ChangeTracker.Clear();
                    if (!await roles.RoleExistsAsync(role))
                    {
                        throw;
                    }
                }
            }
        }
    }

    private static async Task<bool> HoldsRetiredDemoPasswordAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<StaffMember>>();
        foreach (var (login, password) in DemoAccounts.Retired())
        {
            if (await users.FindByNameAsync(login) is { } member && await users.CheckPasswordAsync(member, password))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Tables and roles; with <paramref name="demo"/>, the demo's accounts (marked as such). Without, a database that
    /// holds demo accounts is refused: their passwords were printed on a demo's screen.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, DemoAccounts? demo)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StaffDb>();
        if (db.Database.IsNpgsql())
        {
            await StaffDb.MigrateAsync(db.Database.GetConnectionString()!, CancellationToken.None);
        }
        else
        {
            await db.Database.EnsureCreatedAsync();
            await AddSubscriberColumnAsync(db);
            await db.Database.ExecuteSqlRawAsync(StaffDb.CreateInvitationTable);
        }
        // Authenticator keys and recovery codes an older Vigie stored in clear are encrypted now.
        await scope.ServiceProvider.GetRequiredService<StaffStore>().ProtectStoredSecretsAsync();
        await AddRolesAsync(db, scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        if (demo is null)
        {
            if (await db.UserClaims.AnyAsync(c => c.ClaimType == DemoAccounts.Claim) || await HoldsRetiredDemoPasswordAsync(scope.ServiceProvider))
            {
                throw new DemoFolderException(db.Database.GetDbConnection().DataSource);
            }
            return;
        }
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var subscribers = scope.ServiceProvider.GetRequiredService<Portal.SubscriberAccounts>();
        var logins = demo.Staff.Select(m => (m.Login, Create: (Func<Task<string?>>)(() => accounts.CreateAsync(m.Login, m.Name, m.Password, [m.Role]))))
            .Concat(demo.Subscribers.Select(s => (Login: s.Email, Create: (Func<Task<string?>>)(() => subscribers.CreateAsync(s.Email, s.Password, s.SubscriberId)))));
        foreach (var (login, create) in logins)
        {
            if (await users.FindByNameAsync(login) is not null)
            {
                continue;
            }
            if (await create() is { } problem)
            {
                throw new InvalidOperationException($"demo account {login}: {problem}");
            }
            await users.AddClaimAsync((await users.FindByNameAsync(login))!, new System.Security.Claims.Claim(DemoAccounts.Claim, "1"));
        }
    }
}

/// <summary>`vigie serve` on a staff database that a demo filled: refused, the demo's passwords are known.</summary>
public sealed class DemoFolderException(string staffDatabase)
    : InvalidOperationException($"{staffDatabase} holds the accounts of a `vigie demo`, whose passwords were printed on screen: serve a folder of its own (--data)");
