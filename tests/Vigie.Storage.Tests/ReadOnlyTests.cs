using static Vigie.Storage.Tests.LogFolder;

namespace Vigie.Storage.Tests;

public abstract class ReadOnlyTests
{
    protected abstract StoreKind Kind { get; }

    [Fact]
    public async Task A_read_only_log_reads_beside_the_running_writer_and_refuses_appends()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using var writer = store.Open();
        await writer.AppendAsync("alert/1", 0, [Event(), Event("AlertAcknowledged")], [new UpsertDocument("alerts", "1", "{}")]);

        await using var reader = await store.OpenReadOnlyAsync();
        Assert.True(reader.IsReadOnly);
        Assert.Equal(2, (await reader.ReadStreamAsync("alert/1")).Count);

        await writer.AppendAsync("alert/1", 2, [Event("AlertClosed")]);
        await writer.AppendAsync("alert/2", 0, [Event()]);

        Assert.Equal(3L, await reader.StreamVersionAsync("alert/1"));
        Assert.Equal(["alert/1", "alert/2"], await reader.ListStreamsAsync("alert/"));
        Assert.Equal(4, (await reader.ReadAllAsync("", 0, 100)).Count);
        Assert.True((await reader.VerifyStreamAsync("alert/1")).IsIntact);
        Assert.NotNull(await reader.GetDocumentAsync("alerts", "1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.AppendAsync("alert/3", 0, [Event()]));
        Assert.Equal(0L, await writer.StreamVersionAsync("alert/3"));

        await reader.DisposeAsync();
        Assert.Equal(4L, (await writer.AppendAsync("alert/1", 3, [Event("AlertReopened")]))[0].Version);
    }

    [Fact]
    public async Task A_closed_log_opens_read_only()
    {
        await using var store = await LogStore.CreateAsync(Kind);
        await using (var writer = store.Open())
        {
            await writer.AppendAsync("alert/1", 0, [Event()]);
        }

        await using var reader = await store.OpenReadOnlyAsync();
        Assert.Equal(1L, await reader.StreamVersionAsync("alert/1"));
    }
}

public sealed class ReadOnlyOnSqlite : ReadOnlyTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;

    [Fact]
    public void Only_an_existing_event_log_opens_read_only()
    {
        using var folder = new LogFolder();
        Assert.Throws<FileNotFoundException>(() => EventLog.OpenReadOnly(folder.DatabasePath));
        Assert.False(Directory.Exists(folder.Root));

        Directory.CreateDirectory(Path.GetDirectoryName(folder.DatabasePath)!);
        folder.Tamper("CREATE TABLE something_else(x)");
        Assert.Throws<InvalidOperationException>(() => EventLog.OpenReadOnly(folder.DatabasePath));
    }
}

public sealed class ReadOnlyOnPostgres : ReadOnlyTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
