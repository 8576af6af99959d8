using System.Text.Json;
using Vigie.Protocols.Events;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;

namespace Vigie.Receiver.Tests;

/// <summary>The journal's and the registry's ports behave the same on SQLite and on PostgreSQL.</summary>
public class JournalStoreTests
{
    private static readonly DateTime Received = new(2026, 12, 3, 9, 15, 30, 123, DateTimeKind.Utc);

    private static JournalEntry Entry(string account, int sequence, string? data, SignalStatus status = SignalStatus.Accepted, string? site = "SITE-1",
        bool presenceOnly = false, string token = "SIA-DCS") => new()
        {
            ReceivedAt = Received.AddSeconds(sequence),
            Transport = "tcp",
            Remote = "127.0.0.1:4000",
            Token = token,
            Account = account,
            Receiver = "12",
            Line = "3",
            Sequence = sequence,
            PanelTime = Received.AddSeconds(sequence - 1).AddMilliseconds(-123),
            Status = status,
            SiteReference = site,
            Data = data,
            Events = "[]",
            Raw = [1, 2, 3],
            ContentHash = (account + sequence + data).GetHashCode(StringComparison.Ordinal),
            PresenceOnly = presenceOnly,
        };

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Signals_after_a_cursor_come_back_decoded_and_the_rows_the_engine_ignores_are_passed_over(StoreKind kind)
    {
        await using var store = await JournalStore.CreateAsync(kind);
        var journal = store.Journal();
        var burglary = await journal.AppendAsync(Entry("1001", 1, "#1001|Nri1/BA012"));
        await journal.AppendAsync(Entry("1001", 2, null, SignalStatus.LinkTest, token: "NULL"));
        await journal.AppendAsync(Entry("9999", 3, "#9999|Nri1/BA001", SignalStatus.UnknownAccount, site: null));
        var unreadable = await journal.AppendAsync(Entry("1001", 4, "#1001|Xri1"));
        var reader = store.Reader();

        var page = await reader.ReadAfterAsync(0, 100, CancellationToken.None);

        Assert.Equal(4, page.Read);
        Assert.Equal(unreadable.SignalId, page.Last);
        Assert.Collection(page.Signals,
            signal =>
            {
                Assert.Equal(burglary.SignalId, signal.Id);
                Assert.Equal("SITE-1", signal.SiteReference);
                Assert.Equal(Received.AddSeconds(1), signal.ReceivedAt);
                Assert.Equal($"1001|12|3|1|{Entry("1001", 1, "#1001|Nri1/BA012").ContentHash}", signal.IdempotencyKey);
                var burglaryEvent = Assert.Single(signal.Events);
                Assert.Equal(AlarmEventKind.Burglary, burglaryEvent.Kind);
                Assert.Equal(12, burglaryEvent.Zone);
                Assert.Null(signal.Error);
            },
            signal =>
            {
                Assert.Equal(unreadable.SignalId, signal.Id);
                Assert.NotNull(signal.Error);
                Assert.Empty(signal.Events);
            });
        var after = await reader.ReadAfterAsync(page.Last, 100, CancellationToken.None);
        Assert.Equal((0, page.Last), (after.Read, after.Last));
        Assert.Empty(after.Signals);
        var limited = await reader.ReadAfterAsync(0, 1, CancellationToken.None);
        Assert.Equal((1, burglary.SignalId), (limited.Read, limited.Last));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_listed_signal_reads_as_it_was_stored_and_presence_follows_link_tests(StoreKind kind)
    {
        await using var store = await JournalStore.CreateAsync(kind);
        var journal = store.Journal();
        var stored = Entry("1001", 1, "#1001|Nri1/BA012");
        var id = (await journal.AppendAsync(stored)).SignalId;
        await journal.AppendAsync(Entry("2002", 2, "#2002|Nri1/BA001"));
        await journal.AppendAsync(Entry("1001", 3, null, SignalStatus.LinkTest, token: "NULL", presenceOnly: true));
        await store.CloseAsync(journal);
        var reader = store.Reader();

        var listed = Assert.Single(reader.List("1001"));

        Assert.Equal(new StoredSignal(id, stored.ReceivedAt, "tcp", "127.0.0.1:4000", "SIA-DCS", "1001", "12", "3", 1, stored.PanelTime, SignalStatus.Accepted,
            "SITE-1", "#1001|Nri1/BA012", null, "[]", listed.Raw), listed);
        Assert.Equal([1, 2, 3], listed.Raw);
        var json = JsonDocument.Parse(listed.ToJson()).RootElement;
        Assert.Equal("2026-12-03T09:15:31.1230000Z", json.GetProperty("received").GetString());
        Assert.Equal(2, reader.List().Count);
        Assert.Equal(id + 1, Assert.Single(reader.List(afterId: id)).Id);
        var presence = reader.Presence();
        Assert.Equal(["1001", "2002"], presence.Select(p => p.Account));
        Assert.Equal(Received.AddSeconds(3), presence[0].LastSeen);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Accounts_come_back_with_their_keys_and_every_change_bumps_the_version(StoreKind kind)
    {
        await using var store = await JournalStore.CreateAsync(kind);
        var accounts = store.Accounts();
        Assert.Equal(0, accounts.CurrentVersion());

        accounts.UpsertMany([
            new AccountRecord { Account = "1001", Key = "0123456789ABCDEF", SiteReference = "SITE-1", PanelClock = "Europe/Paris", WindowBehindSeconds = 60 },
            new AccountRecord { Account = "2002", Receiver = "12", Line = "3", AllowPlain = true },
        ]);
        accounts.Upsert(new AccountRecord { Account = "2002", Receiver = "12", Line = "3", SiteReference = "SITE-2" });

        var (version, loaded) = accounts.Load();
        Assert.Equal(2, version);
        Assert.Equal(2, accounts.CurrentVersion());
        Assert.Equal(new AccountRecord { Account = "1001", Key = "0123456789ABCDEF", SiteReference = "SITE-1", PanelClock = "Europe/Paris", WindowBehindSeconds = 60 }, loaded[0]);
        Assert.Equal(new AccountRecord { Account = "2002", Receiver = "12", Line = "3", SiteReference = "SITE-2" }, loaded[1]);
        // The same registry through a second instance (another station, the CLI): what one wrote, the other reads.
        Assert.Equal(loaded, store.Accounts().Load().Accounts);

        var refused = Assert.Throws<AccountValidationException>(() => accounts.UpsertMany([
            new AccountRecord { Account = "3003" },
            new AccountRecord { Account = "bad account!" },
        ]));
        Assert.Equal(1, refused.Index);
        Assert.Equal(2, accounts.Load().Accounts.Count);

        Assert.True(accounts.Remove("2002", "12", "3"));
        Assert.False(accounts.Remove("2002"));
        Assert.Equal(3, accounts.CurrentVersion());
        Assert.Equal(["1001"], accounts.Load().Accounts.Select(a => a.Account));
        Assert.Equal(0, accounts.ProtectPlaintextKeys());
    }
}
