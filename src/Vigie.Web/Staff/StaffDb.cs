using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Vigie.Web.Staff;

/// <summary>A member of the station's staff (operator, supervisor, administrator).</summary>
public sealed class StaffMember : IdentityUser
{
    public string DisplayName { get; set; } = "";
}

/// <summary>Staff accounts, roles and their second factors (ASP.NET Core Identity on SQLite).</summary>
public sealed class StaffDb(DbContextOptions<StaffDb> options) : IdentityDbContext<StaffMember>(options);
