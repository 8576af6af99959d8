using NodaTime;
using Vigie.Domain.Media;
using Vigie.Station.Media;

namespace Vigie.Station.Tests.Media;

/// <summary>The media store's files and metadata, and the retention purge on the station's clock, on SQLite and on PostgreSQL.</summary>
public abstract class MediaStoreTests
{
    protected abstract MediaDatabase Database { get; }

    [Fact]
    public async Task A_second_identical_upload_is_stored_once_under_its_SHA_256()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var photo = MediaStoreUnderTest.Jpeg(1);

        var (first, created) = await store.StoreAsync("S-1", photo);
        var (second, createdAgain) = await store.StoreAsync("S-1", photo);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, second);
        Assert.Equal(MediaStoreUnderTest.Sha256(photo), first.Sha256);
        var file = Assert.Single(store.KeptFiles());
        Assert.Equal(first.Sha256, Path.GetFileName(file));
        Assert.Equal(photo, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal(first, await store.Catalogue.FindAsync(first.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_clip_keeps_its_metadata_and_joins_its_incident()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var (clip, _) = await store.StoreAsync("S-1", MediaStoreUnderTest.Mp4(2), MediaKind.Clip, name: "clip-7");

        Assert.Equal((MediaKind.Clip, "clip-7", 5, "video/mp4", 8192L, (string?)null, false),
            (clip.Kind, clip.Name, clip.PreRollSeconds, clip.ContentType, clip.Size, clip.IncidentId, clip.Frozen));
        Assert.Equal([clip], await store.Catalogue.NamedAsync("S-1", "clip-7", TestContext.Current.CancellationToken));
        Assert.Equal([clip], await store.Catalogue.UnattachedAsync("S-1", store.Now - Duration.FromMinutes(1), TestContext.Current.CancellationToken));

        await store.Catalogue.SetIncidentAsync(clip.Id, "S-1-0001", frozen: false, TestContext.Current.CancellationToken);

        Assert.Equal("S-1-0001", Assert.Single(await store.Catalogue.OfIncidentAsync("S-1-0001", TestContext.Current.CancellationToken)).IncidentId);
        Assert.Empty(await store.Catalogue.UnattachedAsync("S-1", store.Now - Duration.FromMinutes(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_clip_reference_waits_for_its_incident_and_keeps_the_first_it_is_given()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var waiting = await store.Catalogue.ReferClipAsync("S-1", "clip-1", store.Now, null, TestContext.Current.CancellationToken);
        Assert.Null(waiting.IncidentId);

        var resolved = await store.Catalogue.ResolveReferencesAsync("S-1", store.Now - Duration.FromSeconds(60), "S-1-0001", TestContext.Current.CancellationToken);
        Assert.Equal("S-1-0001", Assert.Single(resolved).IncidentId);
        // A later signal naming the same clip does not move it to another incident.
        Assert.Equal("S-1-0001", (await store.Catalogue.ReferClipAsync("S-1", "clip-1", store.Now, "S-1-0002", TestContext.Current.CancellationToken)).IncidentId);
        Assert.Null(await store.Catalogue.ReferenceAsync("S-2", "clip-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_device_is_found_by_its_id_and_only_its_secret_matches()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var (deviceId, secret) = DeviceSecrets.Create();
        await store.Catalogue.AddDeviceAsync(new MediaDevice(deviceId, "S-1", "CAM-1", DeviceSecrets.Hash(secret), store.Now, "supervisor:sam"), TestContext.Current.CancellationToken);

        var device = await store.Catalogue.DeviceAsync(deviceId, TestContext.Current.CancellationToken);

        Assert.NotNull(device);
        Assert.DoesNotContain(secret, device.SecretSha256, StringComparison.Ordinal);
        Assert.True(DeviceSecrets.Matches(device, secret));
        Assert.False(DeviceSecrets.Matches(device, secret + "x"));
        Assert.Null(await store.Catalogue.DeviceAsync("cam-unknown", TestContext.Current.CancellationToken));
    }

    [Fact]
    [Trait("Rule", "VID-7")]
    [Trait("Rule", "GDP-1")]
    public async Task The_purge_keeps_media_of_day_29_and_destroys_those_of_day_31_file_and_row()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var (old, _) = await store.StoreAsync("S-1", MediaStoreUnderTest.Jpeg(1));
        store.Time.Advance(TimeSpan.FromDays(2));
        var (recent, _) = await store.StoreAsync("S-1", MediaStoreUnderTest.Mp4(2), MediaKind.Clip);

        // Day 29 of the first: nothing is due yet.
        store.Time.Advance(TimeSpan.FromDays(27));
        Assert.Equal(0, await store.Purge.PurgeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, store.KeptFiles().Count);

        // Day 31 of the first, day 29 of the second.
        store.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await store.Purge.PurgeAsync(TestContext.Current.CancellationToken));

        Assert.Null(await store.Catalogue.FindAsync(old.Id, TestContext.Current.CancellationToken));
        Assert.False(store.Files.Exists(old.Sha256));
        Assert.NotNull(await store.Catalogue.FindAsync(recent.Id, TestContext.Current.CancellationToken));
        Assert.True(store.Files.Exists(recent.Sha256));
    }

    [Fact]
    [Trait("Rule", "INS-9")]
    [Trait("Rule", "VID-7")]
    public async Task Media_frozen_for_a_claim_outlive_the_retention()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var (evidence, _) = await store.StoreAsync("S-1", MediaStoreUnderTest.Jpeg(1), incidentId: "S-1-0001");
        var (other, _) = await store.StoreAsync("S-1", MediaStoreUnderTest.Jpeg(2), incidentId: "S-1-0002");

        Assert.Equal(1, await store.Catalogue.FreezeIncidentAsync("S-1-0001", TestContext.Current.CancellationToken));
        store.Time.Advance(TimeSpan.FromDays(400));
        Assert.Equal(1, await store.Purge.PurgeAsync(TestContext.Current.CancellationToken));

        Assert.True((await store.Catalogue.FindAsync(evidence.Id, TestContext.Current.CancellationToken))!.Frozen);
        Assert.True(store.Files.Exists(evidence.Sha256));
        Assert.Null(await store.Catalogue.FindAsync(other.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    [Trait("Rule", "GDP-1")]
    public async Task A_file_shared_by_two_sites_stays_until_the_last_row_naming_it_is_purged()
    {
        await using var store = await MediaStoreUnderTest.CreateAsync(Database);
        var same = MediaStoreUnderTest.Jpeg(3);
        var (first, _) = await store.StoreAsync("S-1", same);
        store.Time.Advance(TimeSpan.FromDays(5));
        await store.StoreAsync("S-2", same);

        store.Time.Advance(TimeSpan.FromDays(26));
        Assert.Equal(1, await store.Purge.PurgeAsync(TestContext.Current.CancellationToken));
        Assert.True(store.Files.Exists(first.Sha256));

        store.Time.Advance(TimeSpan.FromDays(5));
        Assert.Equal(1, await store.Purge.PurgeAsync(TestContext.Current.CancellationToken));
        Assert.False(store.Files.Exists(first.Sha256));
        Assert.Empty(store.KeptFiles());
    }
}

public sealed class MediaStoreOnSqlite : MediaStoreTests
{
    protected override MediaDatabase Database => MediaDatabase.Sqlite;
}

public sealed class MediaStoreOnPostgres : MediaStoreTests
{
    protected override MediaDatabase Database => MediaDatabase.Postgres;
}
