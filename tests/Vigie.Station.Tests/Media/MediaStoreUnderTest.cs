using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Vigie.Domain.Media;
using Vigie.Station.Media;
using Vigie.Tests;

namespace Vigie.Station.Tests.Media;

public enum MediaDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>A media store on its own: files in a fresh temporary folder, metadata on a SQLite file or a fresh PostgreSQL database, a fake clock.</summary>
public sealed class MediaStoreUnderTest : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private MediaStoreUnderTest(string root, MediaCatalogue catalogue)
    {
        Root = root;
        Catalogue = catalogue;
        Files = new MediaFiles(Path.Combine(root, "media"));
        Settings = new MediaSettings(Files.Root, Duration.FromDays(30), TimeSpan.FromHours(1), 1 << 20, 120, Duration.FromSeconds(60));
        Purge = new MediaPurge(Catalogue, Files, Settings, new StationClock(Time), NullLogger<MediaPurge>.Instance);
    }

    public string Root { get; }
    public MediaCatalogue Catalogue { get; }
    public MediaFiles Files { get; }
    public MediaSettings Settings { get; }
    public FakeTimeProvider Time { get; } = new(Start);
    public MediaPurge Purge { get; }
    public Instant Now => Instant.FromDateTimeOffset(Time.GetUtcNow());

    public static async Task<MediaStoreUnderTest> CreateAsync(MediaDatabase database)
    {
        var root = Path.Combine(Path.GetTempPath(), "vigie-media-tests", Guid.NewGuid().ToString("N"));
        var catalogue = database == MediaDatabase.Sqlite
            ? MediaCatalogue.OpenSqlite(Path.Combine(root, "media.db"))
            : await MediaCatalogue.OpenPostgresAsync(await PostgresServer.NewDatabaseAsync("media"));
        return new MediaStoreUnderTest(root, catalogue);
    }

    /// <summary>Bytes that start as a JPEG does, distinct per seed.</summary>
    public static byte[] Jpeg(int seed, int size = 4096)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }

    /// <summary>Bytes that start as an MP4 does (a "ftyp" box first).</summary>
    public static byte[] Mp4(int seed, int size = 8192)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        byte[] box = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        box.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Receives and keeps the bytes as an upload does, and records them for the site's camera at the clock's now.</summary>
    public async Task<(MediaRecord Record, bool Created)> StoreAsync(string siteId, byte[] bytes, MediaKind kind = MediaKind.Photo, string? name = null, string? incidentId = null)
    {
        using var body = new MemoryStream(bytes);
        var received = await Files.ReceiveAsync(body, Settings.MaxUploadBytes, CancellationToken.None);
        Files.Keep(received);
        return await Catalogue.AddAsync(new MediaRecord(Guid.NewGuid().ToString("N"), siteId, "CAM-1", kind, name, Now, Now, received.Size, received.Sha256,
            kind == MediaKind.Photo ? "image/jpeg" : "video/mp4", kind == MediaKind.Clip ? 5 : null, incidentId, false));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Every kept file (not the temporary ones).</summary>
    public IReadOnlyList<string> KeptFiles() =>
        Directory.Exists(Files.Root)
            ? [.. Directory.EnumerateFiles(Files.Root, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}incoming{Path.DirectorySeparatorChar}", StringComparison.Ordinal))]
            : [];

    public async ValueTask DisposeAsync()
    {
        await Catalogue.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
