using System.Security.Cryptography;
using System.Text;
using NodaTime;
using static Vigie.Storage.Tests.LogFolder;

namespace Vigie.Storage.Tests;

public abstract class AppendAndReadTests
{
    protected abstract StoreKind Kind { get; }

    [Fact]
    public async Task Appended_events_read_back_as_they_were_returned()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        // A time finer than the millisecond: the log keeps milliseconds, and says so in what it returns.
        var at = Instant.FromUnixTimeTicks((1_740_830_400_123 * NodaConstants.TicksPerMillisecond) + 4567);
        var appended = await log.AppendAsync("alert/1", 0,
        [
            new NewEvent("AlertRaised", """{"zone":3,"text":"Entrée"}""", "system", at),
            Event("AlertAcknowledged", actor: "operator:alice", minute: 1),
            Event("AlertClosed", data: "{}", actor: "operator:alice", minute: 2),
        ]);

        Assert.Equal([1L, 2L, 3L], appended.Select(e => e.Version));
        Assert.Equal(Instant.FromUnixTimeMilliseconds(1_740_830_400_123), appended[0].At);
        Assert.Equal("""{"zone":3,"text":"Entrée"}""", appended[0].Data);
        Assert.Equal("operator:alice", appended[1].Actor);
        Assert.Equal("AlertClosed", appended[2].Type);
        Assert.Equal(EventChain.GenesisHash, appended[0].PreviousHash);
        Assert.Equal(appended[0].Hash, appended[1].PreviousHash);
        Assert.Equal(appended[1].Hash, appended[2].PreviousHash);
        foreach (var e in appended)
        {
            Assert.Equal(EventChain.ComputeHash(e.PreviousHash, e.Stream, e.Version, e.Type, e.Actor, e.At, e.Data), e.Hash);
        }
        Assert.Equal(appended, await log.ReadStreamAsync("alert/1"));
    }

    [Fact]
    public async Task Versions_count_per_stream_and_positions_across_the_log()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        var a1 = await log.AppendAsync("alert/a", 0, [Event(), Event("AlertAcknowledged")]);
        var b1 = await log.AppendAsync("alert/b", 0, [Event()]);
        var a2 = await log.AppendAsync("alert/a", 2, [Event("AlertClosed")]);

        Assert.Equal([1L, 2L], a1.Select(e => e.Position));
        Assert.Equal(3L, b1[0].Position);
        Assert.Equal(1L, b1[0].Version);
        Assert.Equal(4L, a2[0].Position);
        Assert.Equal(3L, a2[0].Version);
        Assert.Equal(3L, await log.StreamVersionAsync("alert/a"));
        Assert.Equal(1L, await log.StreamVersionAsync("alert/b"));
        Assert.Equal(0L, await log.StreamVersionAsync("alert/none"));
        Assert.Equal(["AlertAcknowledged", "AlertClosed"], (await log.ReadStreamAsync("alert/a", fromVersion: 2)).Select(e => e.Type));
        Assert.Empty(await log.ReadStreamAsync("alert/none"));
    }

    [Fact]
    public async Task Documents_change_with_the_events_they_come_with()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        await log.AppendAsync("alert/1", 0, [Event()],
        [
            new UpsertDocument("alerts", "1", """{"state":"raised"}"""),
            new UpsertDocument("alerts", "0", """{"state":"closed"}"""),
            new UpsertDocument("sites", "s1", """{"open":1}"""),
        ]);
        await log.AppendAsync("alert/1", 1, [Event("AlertClosed")],
        [
            new UpsertDocument("alerts", "1", """{"state":"closed"}"""),
            new DeleteDocument("sites", "s1"),
        ]);

        Assert.Equal(new Document("alerts", "1", """{"state":"closed"}"""), await log.GetDocumentAsync("alerts", "1"));
        Assert.Null(await log.GetDocumentAsync("sites", "s1"));
        Assert.Equal(["0", "1"], (await log.ListDocumentsAsync("alerts")).Select(d => d.Key));
        Assert.Empty(await log.ListDocumentsAsync("sites"));

        // Documents alone: the stream's version is still checked, and stays where it was.
        var none = await log.AppendAsync("alert/1", 2, [], [new UpsertDocument("sites", "s1", """{"open":0}""")]);
        Assert.Empty(none);
        Assert.Equal(2L, await log.StreamVersionAsync("alert/1"));
        Assert.Equal("""{"open":0}""", (await log.GetDocumentAsync("sites", "s1"))?.Data);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => log.AppendAsync("alert/1", 1, [], [new DeleteDocument("sites", "s1")]));
        Assert.NotNull(await log.GetDocumentAsync("sites", "s1"));
    }

    [Fact]
    public async Task Reading_all_filters_streams_by_literal_prefix_and_pages_by_position()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        string[] streams = ["alert/1", "site/1", "alert/2", "ALERT/3", "a_b/1", "axb/1", "site*1", "site-1"];
        foreach (var stream in streams)
        {
            await log.AppendAsync(stream, 0, [Event(), Event("AlertClosed")]);
        }

        var alerts = await log.ReadAllAsync("alert/", 0, 100);
        Assert.Equal(["alert/1", "alert/1", "alert/2", "alert/2"], alerts.Select(e => e.Stream));
        Assert.Equal([1L, 2L, 5L, 6L], alerts.Select(e => e.Position));

        var firstPage = await log.ReadAllAsync("alert/", 0, 3);
        var secondPage = await log.ReadAllAsync("alert/", firstPage[^1].Position, 3);
        Assert.Equal([1L, 2L, 5L], firstPage.Select(e => e.Position));
        Assert.Equal([6L], secondPage.Select(e => e.Position));
        Assert.Empty(await log.ReadAllAsync("alert/", 6, 3));

        Assert.Equal(Enumerable.Range(1, 16).Select(p => (long)p), (await log.ReadAllAsync("", 0, 1000)).Select(e => e.Position));
        Assert.Equal(["alert/1", "alert/2"], await log.ListStreamsAsync("alert"));
        Assert.Equal(["a_b/1"], await log.ListStreamsAsync("a_b"));
        Assert.Equal(["site*1"], await log.ListStreamsAsync("site*"));
        Assert.Empty(await log.ListStreamsAsync("site?"));
        Assert.Equal(["ALERT/3", "a_b/1", "alert/1", "alert/2", "axb/1", "site*1", "site-1", "site/1"], await log.ListStreamsAsync(""));
    }

    [Fact]
    public async Task Reopening_continues_versions_positions_and_chains()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        IReadOnlyList<StoredEvent> before;
        await using (var log = store.Open())
        {
            before = await log.AppendAsync("alert/1", 0, [Event(), Event("AlertAcknowledged"), Event("AlertClosed")]);
            await log.AppendAsync("alert/2", 0, [Event()]);
        }
        await using (var log = store.Open())
        {
            var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() => log.AppendAsync("alert/1", 0, [Event()]));
            Assert.Equal(3L, conflict.Actual);

            var after = await log.AppendAsync("alert/1", 3, [Event("AlertReopened")]);
            Assert.Equal(4L, after[0].Version);
            Assert.Equal(5L, after[0].Position);
            Assert.Equal(before[^1].Hash, after[0].PreviousHash);
            var verification = await log.VerifyStreamAsync("alert/1");
            Assert.True(verification.IsIntact, verification.Problem);
            Assert.Equal(4L, verification.EventsChecked);
        }
    }

    [Fact]
    public async Task Streams_forgotten_by_a_small_cache_are_reloaded_from_the_file()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open(synchronousFull: false, streamCacheCapacity: 2);
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < 10; s++)
            {
                await log.AppendAsync($"alert/{s}", round, [Event(minute: round)]);
            }
        }
        for (var s = 0; s < 10; s++)
        {
            Assert.Equal(3L, await log.StreamVersionAsync($"alert/{s}"));
            var verification = await log.VerifyStreamAsync($"alert/{s}");
            Assert.True(verification.IsIntact, verification.Problem);
        }
    }

    [Fact]
    public void The_hash_is_sha256_over_the_previous_hash_and_the_canonical_line()
    {
        var previous = Convert.ToHexStringLower(SHA256.HashData("x"u8));
        var line = "alert/1\n2\nAlertAcknowledged\noperator:alice\n1740830400123\n{\"note\":\"vu\"}";
        var expected = Convert.ToHexStringLower(SHA256.HashData([.. SHA256.HashData("x"u8), .. Encoding.UTF8.GetBytes(line)]));

        var hash = EventChain.ComputeHash(previous, "alert/1", 2, "AlertAcknowledged", "operator:alice", Instant.FromUnixTimeMilliseconds(1_740_830_400_123), """{"note":"vu"}""");

        Assert.Equal(expected, hash);
        Assert.Equal(new string('0', 64), EventChain.GenesisHash);
        Assert.Throws<ArgumentException>("previousHash", () => EventChain.ComputeHash("abc", "s", 1, "t", "a", Instant.MinValue, "{}"));
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_parameter_and_writes_nothing()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = store.Open();
        await Assert.ThrowsAsync<ArgumentNullException>("stream", () => log.AppendAsync(null!, 0, [Event()]));
        await Assert.ThrowsAsync<ArgumentException>("stream", () => log.AppendAsync("", 0, [Event()]));
        await Assert.ThrowsAsync<ArgumentException>("stream", () => log.AppendAsync("alert/1\n2", 0, [Event()]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("expectedVersion", () => log.AppendAsync("alert/1", -1, [Event()]));
        await Assert.ThrowsAsync<ArgumentNullException>("events", () => log.AppendAsync("alert/1", 0, null!));
        await Assert.ThrowsAsync<ArgumentException>("events", () => log.AppendAsync("alert/1", 0, [Event(type: "")]));
        await Assert.ThrowsAsync<ArgumentException>("events", () => log.AppendAsync("alert/1", 0, [Event(type: "Alert\nRaised")]));
        await Assert.ThrowsAsync<ArgumentException>("events", () => log.AppendAsync("alert/1", 0, [Event(actor: "")]));
        await Assert.ThrowsAsync<ArgumentException>("events", () => log.AppendAsync("alert/1", 0, [Event(data: null!)]));
        await Assert.ThrowsAsync<ArgumentException>("events", () => log.AppendAsync("alert/1", 0, [Event(), null!]));
        await Assert.ThrowsAsync<ArgumentException>("documents", () => log.AppendAsync("alert/1", 0, [Event()], [new UpsertDocument("alerts", "", "{}")]));
        await Assert.ThrowsAsync<ArgumentException>("documents", () => log.AppendAsync("alert/1", 0, [Event()], [new UpsertDocument("alerts", "1", null!)]));
        await Assert.ThrowsAsync<ArgumentException>("stream", () => log.ReadStreamAsync(""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("limit", () => log.ReadAllAsync("", 0, 0));

        // Data is opaque: not JSON is no concern of the log's.
        Assert.Equal("not json", (await log.AppendAsync("alert/2", 0, [Event(data: "not json")]))[0].Data);
        Assert.Equal(["alert/2"], await log.ListStreamsAsync(""));
        Assert.Empty(await log.ListDocumentsAsync("alerts"));
    }
}

public sealed class AppendAndReadOnSqlite : AppendAndReadTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;

    [Fact]
    public async Task The_log_is_a_file_created_with_its_folder()
    {
        using var folder = new LogFolder();
        await using (var log = folder.Open())
        {
            await log.AppendAsync("alert/1", 0, [Event()]);
        }
        Assert.True(File.Exists(folder.DatabasePath));
    }
}

public sealed class AppendAndReadOnPostgres : AppendAndReadTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
