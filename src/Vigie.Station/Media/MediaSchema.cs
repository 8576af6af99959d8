namespace Vigie.Station.Media;

/// <summary>
/// The media store's tables, the same DDL on SQLite (file media.db beside the log) and PostgreSQL (module "media" of
/// <see cref="Storage.VersionedSchema"/>): instants are Unix milliseconds and flags integers, so one set of queries serves both.
/// </summary>
internal static class MediaSchema
{
    public const string Module = "media";

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE media(
            id text PRIMARY KEY,
            site_id text NOT NULL,
            camera text NOT NULL,
            kind text NOT NULL,
            name text,
            captured_at_ms bigint NOT NULL,
            received_at_ms bigint NOT NULL,
            size bigint NOT NULL,
            sha256 text NOT NULL,
            content_type text NOT NULL,
            pre_roll_seconds integer,
            incident_id text,
            frozen integer NOT NULL DEFAULT 0,
            UNIQUE(site_id, camera, sha256));
        CREATE INDEX media_received ON media(received_at_ms);
        CREATE INDEX media_incident ON media(incident_id);
        CREATE INDEX media_site_name ON media(site_id, name);
        CREATE INDEX media_sha ON media(sha256);
        CREATE TABLE media_devices(
            device_id text PRIMARY KEY,
            site_id text NOT NULL,
            camera text NOT NULL,
            secret_sha256 text NOT NULL,
            created_at_ms bigint NOT NULL,
            created_by text NOT NULL);
        CREATE TABLE media_clip_references(
            site_id text NOT NULL,
            name text NOT NULL,
            signal_at_ms bigint NOT NULL,
            incident_id text,
            PRIMARY KEY(site_id, name));
        """,
    ];
}
