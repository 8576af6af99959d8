using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using Vigie.Domain.Media;
using Vigie.Storage;

namespace Vigie.Station.Media;

/// <summary>
/// The media store's metadata, devices and clip references, on a SQLite file (a lone station) or the cluster's
/// PostgreSQL database: one set of queries over ADO.NET, the provider chosen at opening.
/// </summary>
public sealed class MediaCatalogue : IAsyncDisposable
{
    private const string Columns = "id, site_id, camera, kind, name, captured_at_ms, received_at_ms, size, sha256, content_type, pre_roll_seconds, incident_id, frozen";
    private readonly DbDataSource _source;

    private MediaCatalogue(DbDataSource source, string location)
    {
        _source = source;
        Location = location;
    }

    /// <summary>A file path, or a PostgreSQL host and database (never a password).</summary>
    public string Location { get; }

    public static MediaCatalogue OpenSqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            if (version > MediaSchema.Migrations.Length)
            {
                throw new SchemaTooNewException(MediaSchema.Module, version, MediaSchema.Migrations.Length);
            }
            using var transaction = connection.BeginTransaction();
            for (var step = version; step < MediaSchema.Migrations.Length; step++)
            {
                Execute(connection, MediaSchema.Migrations[step], transaction);
                Execute(connection, $"PRAGMA user_version={step + 1}", transaction);
            }
            transaction.Commit();
        }
        return new MediaCatalogue(SqliteFactory.Instance.CreateDataSource(connectionString), path);
    }

    /// <summary>The media tables in the shared database, brought up to date by `vigie db migrate` as at a station's start.</summary>
    public static Task<SchemaChange> MigrateAsync(string connectionString, CancellationToken ct) =>
        VersionedSchema.MigrateAsync(connectionString, MediaSchema.Module, MediaSchema.Migrations, ct);

    public static async Task<MediaCatalogue> OpenPostgresAsync(string connectionString, CancellationToken ct = default)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using (var connection = await source.OpenConnectionAsync(ct))
            {
                await VersionedSchema.MigrateAsync(connection, MediaSchema.Module, MediaSchema.Migrations, ct);
            }
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return new MediaCatalogue(source, $"{builder.Host}/{builder.Database}");
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds the record; when its site and camera sent the same bytes before, keeps and returns the first (created false).</summary>
    public async Task<(MediaRecord Record, bool Created)> AddAsync(MediaRecord record, CancellationToken ct = default)
    {
        var inserted = await ExecuteAsync($"""
            INSERT INTO media({Columns}) VALUES (@id, @site, @camera, @kind, @name, @captured, @received, @size, @sha, @type, @preroll, @incident, @frozen)
            ON CONFLICT (site_id, camera, sha256) DO NOTHING
            """, ct,
            ("id", record.Id), ("site", record.SiteId), ("camera", record.Camera), ("kind", KindName(record.Kind)), ("name", record.Name),
            ("captured", record.CapturedAt.ToUnixTimeMilliseconds()), ("received", record.ReceivedAt.ToUnixTimeMilliseconds()), ("size", record.Size),
            ("sha", record.Sha256), ("type", record.ContentType), ("preroll", record.PreRollSeconds), ("incident", record.IncidentId), ("frozen", record.Frozen ? 1 : 0));
        var stored = await QueryAsync($"SELECT {Columns} FROM media WHERE site_id = @site AND camera = @camera AND sha256 = @sha", ct,
            ("site", record.SiteId), ("camera", record.Camera), ("sha", record.Sha256));
        return (stored.Single(), inserted == 1);
    }

    public async Task<MediaRecord?> FindAsync(string id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM media WHERE id = @id", ct, ("id", id))).SingleOrDefault();

    public Task<IReadOnlyList<MediaRecord>> OfIncidentAsync(string incidentId, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM media WHERE incident_id = @incident ORDER BY captured_at_ms, id", ct, ("incident", incidentId));

    /// <summary>A site's media not yet in an incident, received since <paramref name="since"/>.</summary>
    public Task<IReadOnlyList<MediaRecord>> UnattachedAsync(string siteId, Instant since, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM media WHERE site_id = @site AND incident_id IS NULL AND received_at_ms >= @since ORDER BY received_at_ms, id", ct,
            ("site", siteId), ("since", since.ToUnixTimeMilliseconds()));

    public Task<IReadOnlyList<MediaRecord>> NamedAsync(string siteId, string name, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM media WHERE site_id = @site AND name = @name ORDER BY received_at_ms, id", ct, ("site", siteId), ("name", name));

    public Task SetIncidentAsync(string id, string incidentId, bool frozen, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE media SET incident_id = @incident, frozen = CASE WHEN @frozen = 1 THEN 1 ELSE frozen END WHERE id = @id", ct,
            ("id", id), ("incident", incidentId), ("frozen", frozen ? 1 : 0));

    /// <summary>Every medium of the incident kept past the retention (INS-9); returns how many.</summary>
    public Task<int> FreezeIncidentAsync(string incidentId, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE media SET frozen = 1 WHERE incident_id = @incident", ct, ("incident", incidentId));

    /// <summary>Media received before <paramref name="before"/> and not frozen, oldest first.</summary>
    public Task<IReadOnlyList<MediaRecord>> ExpiredAsync(Instant before, int limit, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM media WHERE received_at_ms < @before AND frozen = 0 ORDER BY received_at_ms, id LIMIT @limit", ct,
            ("before", before.ToUnixTimeMilliseconds()), ("limit", limit));

    /// <summary>Deletes the row unless it was frozen meanwhile; true when deleted.</summary>
    public async Task<bool> DeleteUnfrozenAsync(string id, CancellationToken ct = default) =>
        await ExecuteAsync("DELETE FROM media WHERE id = @id AND frozen = 0", ct, ("id", id)) == 1;

    /// <summary>Rows naming this file (a file shared by identical uploads stays while one does).</summary>
    public async Task<long> CountOfFileAsync(string sha256, CancellationToken ct = default) =>
        Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM media WHERE sha256 = @sha", ct, ("sha", sha256)), CultureInfo.InvariantCulture);

    public Task AddDeviceAsync(MediaDevice device, CancellationToken ct = default) =>
        ExecuteAsync("INSERT INTO media_devices(device_id, site_id, camera, secret_sha256, created_at_ms, created_by) VALUES (@id, @site, @camera, @secret, @at, @by)", ct,
            ("id", device.DeviceId), ("site", device.SiteId), ("camera", device.Camera), ("secret", device.SecretSha256),
            ("at", device.CreatedAt.ToUnixTimeMilliseconds()), ("by", device.CreatedBy));

    public async Task<MediaDevice?> DeviceAsync(string deviceId, CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var command = Command(connection, "SELECT device_id, site_id, camera, secret_sha256, created_at_ms, created_by FROM media_devices WHERE device_id = @id", ("id", deviceId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MediaDevice(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Instant.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5))
            : null;
    }

    /// <summary>Records that a signal named this clip; a reference already resolved to an incident keeps it.</summary>
    public async Task<ClipReference> ReferClipAsync(string siteId, string name, Instant signalAt, string? incidentId, CancellationToken ct = default)
    {
        await ExecuteAsync("""
            INSERT INTO media_clip_references(site_id, name, signal_at_ms, incident_id) VALUES (@site, @name, @at, @incident)
            ON CONFLICT (site_id, name) DO UPDATE SET incident_id = COALESCE(media_clip_references.incident_id, excluded.incident_id)
            """, ct, ("site", siteId), ("name", name), ("at", signalAt.ToUnixTimeMilliseconds()), ("incident", incidentId));
        return (await ReferencesAsync("WHERE site_id = @site AND name = @name", ct, ("site", siteId), ("name", name))).Single();
    }

    public async Task<ClipReference?> ReferenceAsync(string siteId, string name, CancellationToken ct = default) =>
        (await ReferencesAsync("WHERE site_id = @site AND name = @name", ct, ("site", siteId), ("name", name))).SingleOrDefault();

    /// <summary>Gives the site's references still waiting for their incident (signalled since <paramref name="since"/>) to this one; returns them.</summary>
    public async Task<IReadOnlyList<ClipReference>> ResolveReferencesAsync(string siteId, Instant since, string incidentId, CancellationToken ct = default)
    {
        var waiting = await ReferencesAsync("WHERE site_id = @site AND incident_id IS NULL AND signal_at_ms >= @since", ct,
            ("site", siteId), ("since", since.ToUnixTimeMilliseconds()));
        foreach (var reference in waiting)
        {
            await ExecuteAsync("UPDATE media_clip_references SET incident_id = @incident WHERE site_id = @site AND name = @name AND incident_id IS NULL", ct,
                ("incident", incidentId), ("site", siteId), ("name", reference.Name));
        }
        return [.. waiting.Select(r => r with { IncidentId = incidentId })];
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async Task<IReadOnlyList<ClipReference>> ReferencesAsync(string where, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var command = Command(connection, "SELECT site_id, name, signal_at_ms, incident_id FROM media_clip_references " + where, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<ClipReference>();
        while (await reader.ReadAsync(ct))
        {
            found.Add(new ClipReference(reader.GetString(0), reader.GetString(1), Instant.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return found;
    }

    private async Task<IReadOnlyList<MediaRecord>> QueryAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<MediaRecord>();
        while (await reader.ReadAsync(ct))
        {
            found.Add(new MediaRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), KindOf(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetString(4),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(5)), Instant.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.GetInt64(7),
                reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture),
                reader.IsDBNull(11) ? null : reader.GetString(11), Convert.ToInt64(reader.GetValue(12), CultureInfo.InvariantCulture) == 1));
        }
        return found;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                // Untyped nulls: every nullable column here is text or integer; text is what PostgreSQL must be told.
                parameter.DbType = name == "preroll" ? System.Data.DbType.Int32 : System.Data.DbType.String;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static string KindName(MediaKind kind) => kind switch
    {
        MediaKind.Photo => "photo",
        MediaKind.Clip => "clip",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a media kind"),
    };

    private static MediaKind KindOf(string name) => name switch
    {
        "photo" => MediaKind.Photo,
        "clip" => MediaKind.Clip,
        _ => throw new InvalidDataException($"media kind {name} unknown"),
    };

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
