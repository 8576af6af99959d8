using static Vigie.Storage.Tests.LogFolder;

namespace Vigie.Storage.Tests;

public abstract class ChainTests
{
    protected abstract StoreKind Kind { get; }

    private static async Task<IEventLog> FiveEvents(LogStore store)
    {
        var log = store.Open();
        await log.AppendAsync("alert/1", 0, [Event(), Event("AlertAcknowledged", actor: "operator:alice", minute: 1)]);
        await log.AppendAsync("alert/1", 2, [Event("NoteAdded", data: """{"note":"police called"}""", actor: "operator:alice", minute: 2)]);
        await log.AppendAsync("alert/1", 3, [Event("NoteAdded", data: """{"note":"on site"}""", actor: "operator:bob", minute: 3), Event("AlertClosed", minute: 4)]);
        await log.AppendAsync("alert/2", 0, [Event(), Event("AlertClosed")]);
        return log;
    }

    [Fact]
    public async Task An_untouched_stream_verifies_intact()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = await FiveEvents(store);

        Assert.Equal(new ChainVerification("alert/1", 5, true, null, null), await log.VerifyStreamAsync("alert/1"));
        Assert.Equal(new ChainVerification("alert/none", 0, true, null, null), await log.VerifyStreamAsync("alert/none"));
    }

    [Theory]
    [InlineData("data", "'{\"note\":\"nobody called\"}'")]
    [InlineData("type", "'AlertClosed'")]
    [InlineData("actor", "'operator:mallory'")]
    [InlineData("at_ms", "at_ms + 1")]
    [InlineData("hash", "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'")]
    [InlineData("prev_hash", "'0000000000000000000000000000000000000000000000000000000000000000'")]
    public async Task An_edited_row_breaks_the_chain_at_its_version(string column, string value)
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = await FiveEvents(store);

        Assert.Equal(1, store.Tamper($"UPDATE events SET {column} = {value} WHERE stream = 'alert/1' AND version = 3"));

        var verification = await log.VerifyStreamAsync("alert/1");
        Assert.False(verification.IsIntact);
        Assert.Equal(3L, verification.FirstBrokenVersion);
        Assert.Equal(3L, verification.EventsChecked);
        Assert.StartsWith("version 3: ", verification.Problem, StringComparison.Ordinal);
        Assert.True((await log.VerifyStreamAsync("alert/2")).IsIntact);
    }

    [Fact]
    public async Task A_row_deleted_from_the_middle_leaves_a_gap()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = await FiveEvents(store);

        Assert.Equal(1, store.Tamper("DELETE FROM events WHERE stream = 'alert/1' AND version = 3"));

        var verification = await log.VerifyStreamAsync("alert/1");
        Assert.False(verification.IsIntact);
        Assert.Equal(3L, verification.FirstBrokenVersion);
        Assert.Equal("version 3: version 3 is missing (the next stored is 4)", verification.Problem);
    }

    [Fact]
    public async Task An_edit_with_its_hash_recomputed_still_breaks_at_the_next_event()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = await FiveEvents(store);
        var third = (await log.ReadStreamAsync("alert/1", fromVersion: 3))[0];
        var forged = EventChain.ComputeHash(third.PreviousHash, third.Stream, 3, third.Type, third.Actor, third.At, """{"note":"nobody called"}""");

        store.Tamper($"UPDATE events SET data = '{{\"note\":\"nobody called\"}}', hash = '{forged}' WHERE stream = 'alert/1' AND version = 3");

        var verification = await log.VerifyStreamAsync("alert/1");
        Assert.Equal(4L, verification.FirstBrokenVersion);
        Assert.Equal("version 4: its previous hash is not the hash of version 3", verification.Problem);
    }

    [Fact]
    public async Task Events_renumbered_to_hide_a_deletion_break_the_chain()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var log = await FiveEvents(store);

        store.Tamper("""
            DELETE FROM events WHERE stream = 'alert/1' AND version = 3;
            UPDATE events SET version = version - 1 WHERE stream = 'alert/1' AND version > 3;
            """);

        var verification = await log.VerifyStreamAsync("alert/1");
        Assert.Equal(3L, verification.FirstBrokenVersion);
        Assert.Equal("version 3: its previous hash is not the hash of version 2", verification.Problem);
    }
}

public sealed class ChainOnSqlite : ChainTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class ChainOnPostgres : ChainTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
