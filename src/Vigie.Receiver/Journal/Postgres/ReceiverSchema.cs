using Vigie.Storage;

namespace Vigie.Receiver.Journal.Postgres;

/// <summary>
/// The receiver's tables on PostgreSQL (signal journal, presence, account registry), created at start and by
/// `vigie db migrate`. Numbered migrations; the version reached is recorded in the shared vigie_schema table, under an
/// advisory lock so two stations starting together do not race.
/// </summary>
public static class ReceiverSchema
{
    public const string Module = "receiver";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE receiver_signals(
            id bigserial PRIMARY KEY,
            received_at timestamptz NOT NULL,
            transport text NOT NULL,
            remote text,
            token text NOT NULL,
            account text,
            receiver text,
            line text,
            sequence integer NOT NULL,
            panel_time timestamptz,
            status text NOT NULL,
            site_ref text,
            data text,
            xdata text,
            events text,
            raw bytea NOT NULL,
            content_hash bigint NOT NULL,
            copy_key text NOT NULL);
        -- One message, one row, whichever station received it first (a panel sends to its primary and backup receivers).
        CREATE UNIQUE INDEX receiver_signals_copies ON receiver_signals(copy_key);
        CREATE INDEX receiver_signals_by_account ON receiver_signals(account, id);
        CREATE INDEX receiver_signals_by_time ON receiver_signals(received_at);
        CREATE TABLE receiver_presence(
            account text NOT NULL,
            receiver text NOT NULL,
            line text NOT NULL,
            last_seen timestamptz NOT NULL,
            transport text NOT NULL,
            remote text,
            PRIMARY KEY(account, receiver, line));
        CREATE TABLE receiver_accounts(
            account text NOT NULL,
            receiver text NOT NULL DEFAULT '',
            line text NOT NULL DEFAULT '',
            key text,
            key_protected boolean NOT NULL DEFAULT false,
            key_format text NOT NULL DEFAULT 'ascii',
            site_ref text,
            panel_clock text,
            window_behind_s integer,
            window_ahead_s integer,
            allow_plain boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY(account, receiver, line));
        CREATE TABLE receiver_registry_version(id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
        INSERT INTO receiver_registry_version VALUES (1, 0);
        """,
        // A copy without a panel stamp is keyed by the window of its reception, and two copies received either side
        // of a window's edge had two keys: a second grid, offset by half a window, catches every pair closer than
        // half a window (no interval that short crosses the edges of both grids).
        """
        ALTER TABLE receiver_signals ADD COLUMN copy_key_shifted text;
        CREATE UNIQUE INDEX receiver_signals_copies_shifted ON receiver_signals(copy_key_shifted);
        """,
    ];

    /// <summary>The version this build brings the schema to.</summary>
    public static int Version => Migrations.Length;

    /// <summary>Creates or upgrades the receiver's tables; idempotent, safe with several stations starting at once.</summary>
    public static Task<SchemaChange> MigrateAsync(string connectionString, CancellationToken cancellationToken) =>
        VersionedSchema.MigrateAsync(connectionString, Module, Migrations, cancellationToken);

    /// <summary>Sync form for callers without a host (the CLI's account and journal commands).</summary>
    public static void Migrate(string connectionString) => MigrateAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Unix milliseconds like the SQLite journal, so a time reads back the same from either store.</summary>
    internal static DateTime Millisecond(DateTime utc) =>
        ReceiverDatabase.FromUnixMs(ReceiverDatabase.ToUnixMs(utc));
}
