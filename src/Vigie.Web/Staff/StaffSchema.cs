using Vigie.Receiver.Postgres;

namespace Vigie.Web.Staff;

/// <summary>
/// Identity's schema on PostgreSQL as numbered steps (see <see cref="VersionedSchema"/>) rather than EF Core migrations:
/// one upgrade mechanism for every module of the shared database, one lock, one vigie_schema row each; SQLite's
/// staff.db keeps EnsureCreated. Step 1 is what EF Core's model generates (a test compares them): a change to the
/// model makes that test fail until a new step (ALTER …) is appended; released steps are never edited.
/// </summary>
public sealed partial class StaffDb
{
    public const string Module = "identity";

    /// <summary>Creates or upgrades Identity's tables (at start and by `vigie db migrate`).</summary>
    public static Task<SchemaChange> MigrateAsync(string connectionString, CancellationToken cancellation) =>
        VersionedSchema.MigrateAsync(connectionString, Module, PostgresSteps, cancellation);

    internal static readonly string[] PostgresSteps =
    [
        """
        SELECT 1;
        """,
    ];
}
