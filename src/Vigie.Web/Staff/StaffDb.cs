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

/// <summary>
/// An invitation to open a subscriber's account (RC-4): only the SHA-256 of its token is kept, so the table does not
/// hold usable links; it is used once, before it expires.
/// </summary>
public sealed class SubscriberInvitation
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the token (hex, upper case).</summary>
    public string TokenHash { get; set; } = "";

    public string SubscriberId { get; set; } = "";

    public string Email { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>
/// Staff accounts, roles and their second factors (ASP.NET Core Identity; SQLite staff.db, or the cluster's PostgreSQL
/// database with tables named identity_…); subscribers' invitations.
/// </summary>
public sealed partial class StaffDb(DbContextOptions<StaffDb> options) : IdentityDbContext<StaffMember>(options)
{
    public DbSet<SubscriberInvitation> Invitations => Set<SubscriberInvitation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<SubscriberInvitation>(invitation =>
        {
            invitation.ToTable(InvitationTable);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.Property(i => i.TokenHash).IsRequired();
        });
        if (Database.IsNpgsql())
        {
            // A database shared by every module: each module's tables carry its prefix (staff.db keeps Identity's names).
            foreach (var entity in builder.Model.GetEntityTypes())
            {
                entity.SetTableName(PostgresTable(entity.GetTableName()!));
            }
        }
    }

    /// <summary>AspNetUserRoles → identity_user_roles; SubscriberInvitations → identity_subscriber_invitations.</summary>
    private static string PostgresTable(string name)
    {
        var bare = name.StartsWith("AspNet", StringComparison.Ordinal) ? name["AspNet".Length..] : name;
        return "identity_" + string.Concat(bare.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    internal const string InvitationTable = "SubscriberInvitations";

    /// <summary>The table as EF Core makes it, for staff databases created before invitations (no migrations yet).</summary>
    internal const string CreateInvitationTable = $"""
        CREATE TABLE IF NOT EXISTS "{InvitationTable}" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_{InvitationTable}" PRIMARY KEY AUTOINCREMENT,
            "TokenHash" TEXT NOT NULL,
            "SubscriberId" TEXT NOT NULL,
            "Email" TEXT NOT NULL,
            "CreatedAt" TEXT NOT NULL,
            "ExpiresAt" TEXT NOT NULL,
            "UsedAt" TEXT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS "IX_{InvitationTable}_TokenHash" ON "{InvitationTable}" ("TokenHash");
        """;
}
