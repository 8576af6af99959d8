using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Vigie.Web.Staff;

/// <summary>
/// A person who signs in: a member of the station's staff (operator, supervisor, administrator) or a subscriber
/// (role subscriber, with the subscriber id their sites name). One Identity for both, one lockout, one second factor.
/// </summary>
public sealed class StaffMember : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For a subscriber's account: the subscriber id of their contracts' sites; null for staff.</summary>
    public string? SubscriberId { get; set; }
}

/// <summary>Staff accounts, roles and their second factors (ASP.NET Core Identity on SQLite).</summary>
public sealed class StaffDb(DbContextOptions<StaffDb> options) : IdentityDbContext<StaffMember>(options);
