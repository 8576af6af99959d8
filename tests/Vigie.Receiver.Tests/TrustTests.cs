using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Receiver.Tests;

/// <summary>The receiver's holes of issue 15, one test each, over real sockets.</summary>
public class TrustTests
{
    private const string Key = "0123456789ABCDEF";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static AccountRecord Keyed(string account, bool allowPlain = false, string? site = null) =>
        new() { Account = account, Key = Key, SiteReference = site, AllowPlain = allowPlain };

    private static byte[] Plain(string account, int sequence, string payload = "Nri1/OP001") =>
        new Dc09Message { Sequence = sequence, Account = account, Data = $"#{account}|{payload}" }.Encode();

    [Fact]
    public async Task Plain_frame_for_an_account_with_a_key_is_refused_and_kept_as_refused()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [Keyed("5678", site: "S-5678")]);
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        // The probe: a plain disarm for a protected home.
        await tcp.SendAsync(Plain("5678", 1));
        Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        var stored = Assert.Single(station.Journal.List("5678"));
        Assert.Equal(SignalStatus.PlainRefused, stored.Status);
        Assert.Equal("#5678|Nri1/OP001", stored.Data);
        Assert.Contains("\"status\":\"plain-refused\"", stored.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_copy_sent_ahead_does_not_make_the_real_encrypted_message_a_duplicate()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [Keyed("5684")]);
        var now = DateTime.UtcNow;
        var stamp = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
        var message = new Dc09Message { Sequence = 7, Account = "5684", Data = "#5684|Nri1/BA001", Timestamp = stamp };
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        // The forger guesses the panel's next sequence and sends its content first, in clear.
        await tcp.SendAsync(message.Encode());
        Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        using var key = Dc09Key.Parse(Key, Dc09KeyFormat.Ascii);
        await tcp.SendAsync(message.Encode(key));
        Assert.Equal((Dc09Token.Ack, 7, true), Replies.Read(await tcp.ReadReplyAsync(Wait)));
        Assert.Equal([SignalStatus.PlainRefused, SignalStatus.Accepted], station.Journal.List("5684").Select(s => s.Status));
    }

    [Fact]
    public async Task Plain_frame_is_accepted_for_a_keyed_account_that_allows_plain()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [Keyed("5679", allowPlain: true)]);
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        await tcp.SendAsync(Plain("5679", 1));
        Assert.Equal(Dc09Token.Ack, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        Assert.Equal(SignalStatus.Accepted, Assert.Single(station.Journal.List("5679")).Status);
    }

    [Fact]
    public async Task Plain_null_poll_for_an_account_with_a_key_is_not_a_life_sign()
    {
        var contacts = new RecordedContacts();
        await using var station = await StationUnderTest.StartAsync(accounts: [Keyed("5680", site: "S-5680")], contacts: contacts);
        var poll = new Dc09Message { Token = Dc09Token.Null, Sequence = 1, Account = "5680" }.Encode();
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        await tcp.SendAsync(poll);
        Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        using (var udp = new UdpClient())
        {
            // Another sequence number: the same one would be recognised as a copy of the first.
            await udp.SendAsync(new Dc09Message { Token = Dc09Token.Null, Sequence = 2, Account = "5680" }.Encode(), station.Udp);
            using var cts = new CancellationTokenSource(Wait);
            Assert.Equal(Dc09Token.Nak, Replies.Read((await udp.ReceiveAsync(cts.Token)).Buffer).Token);
        }
        // Both kept for the station to see (a cut line hidden by forged polls is visible), neither refreshed last-seen.
        Assert.Equal(2, station.Journal.List("5680").Count(s => s.Status == SignalStatus.PlainRefused));
        Assert.DoesNotContain(station.Journal.Presence(), p => p.Account == "5680");

        // The real panel's encrypted poll is the one contact supervision hears.
        using var key = Dc09Key.Parse(Key, Dc09KeyFormat.Ascii);
        await using var panel = station.Panel("5680", key);
        Assert.Equal(ReplyKind.Ack, (await panel.SendLinkTestAsync()).Kind);
        var deadline = DateTime.UtcNow + Wait;
        while (contacts.Heard.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Single(contacts.Heard);
        Assert.Contains(station.Journal.Presence(), p => p.Account == "5680");
    }

    // Before a zone's first rule tzdb reads local mean time (Paris +0:09, Sydney +10:05): 01-01-0001 there is before year 1 in UTC.
    [Theory]
    [InlineData("Europe/Paris", 1, 1, 1, 0, 0, 0)]
    [InlineData("Australia/Sydney", 1, 1, 1, 0, 0, 0)]
    [InlineData("America/New_York", 9999, 12, 31, 23, 59, 59)]
    [InlineData("Etc/GMT+12", 9999, 12, 31, 23, 59, 59)]
    public async Task Extreme_date_datagram_for_a_panel_clock_zone_then_a_valid_one_is_answered(string zone, int year, int month, int day, int hour, int minute, int second)
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "4321", PanelClock = zone }]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(station.Udp);
        var stamp = new DateTime(year, month, day, hour, minute, second);
        await socket.SendAsync(new Dc09Message { Sequence = 1, Account = "4321", Data = "#4321|Nri1/BA001", Timestamp = stamp }.Encode(), SocketFlags.None);
        await socket.SendAsync(new Dc09Message { Sequence = 2, Account = "4321", Data = "#4321|Nri1/BA002" }.Encode(), SocketFlags.None);
        var buffer = new byte[512];
        var replies = new List<(Dc09Token Token, int Sequence)>();
        using var cts = new CancellationTokenSource(Wait);
        while (replies.Count < 2)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            var reply = Replies.Read(buffer[..read]);
            replies.Add((reply.Token, reply.Sequence));
        }
        Assert.Contains((Dc09Token.Nak, 0), replies);
        Assert.Contains((Dc09Token.Ack, 2), replies);
    }

    [Theory]
    [InlineData("Asia/Tokyo", 1)]
    [InlineData("America/Los_Angeles", 9999)]
    public async Task Extreme_date_frame_for_a_panel_clock_zone_then_a_valid_one_is_answered_on_the_same_tcp_connection(string zone, int year)
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "4322", PanelClock = zone }]);
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        var stamp = year == 1 ? new DateTime(1, 1, 1, 0, 0, 0) : new DateTime(9999, 12, 31, 23, 59, 59);
        await tcp.SendAsync(new Dc09Message { Sequence = 1, Account = "4322", Data = "#4322|Nri1/BA001", Timestamp = stamp }.Encode());
        Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        await tcp.SendAsync(new Dc09Message { Sequence = 2, Account = "4322", Data = "#4322|Nri1/BA002" }.Encode());
        Assert.Equal((Dc09Token.Ack, 2, false), Replies.Read(await tcp.ReadReplyAsync(Wait)));
    }

    [Fact]
    public async Task Tcp_connections_beyond_the_per_address_cap_are_closed()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.MaxTcpConnectionsPerAddress = 2; return o; }, [new AccountRecord { Account = "1111" }]);
        using var first = await Served(station, IPAddress.Loopback, 1);
        using var second = await Served(station, IPAddress.Loopback, 2);
        Assert.True(await ClosedByStation(station, IPAddress.Loopback));
        // Another address still gets in.
        using var other = await Served(station, IPAddress.Parse("127.0.0.2"), 3);
    }

    [Fact]
    public async Task Tcp_connections_beyond_the_total_cap_are_closed()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.MaxTcpConnections = 2; return o; }, [new AccountRecord { Account = "1111" }]);
        using var first = await Served(station, IPAddress.Parse("127.0.0.2"), 1);
        using (var second = await Served(station, IPAddress.Parse("127.0.0.3"), 2))
        {
            Assert.True(await ClosedByStation(station, IPAddress.Parse("127.0.0.4")));
        }
        // A place freed is a place taken again (once the station has seen the close).
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                using var again = await RawTcpClient.ConnectAsync(station.Tcp);
                await again.SendAsync(new Dc09Message { Sequence = 4, Account = "1111", Data = "#1111|Nri1/BA004" }.Encode());
                if (await again.ReadReplyAsync(Wait) is { } reply)
                {
                    Assert.Equal(Dc09Token.Ack, Replies.Read(reply).Token);
                    break;
                }
            }
            catch (SocketException)
            {
                // Still over the cap: the station reset this one before it had seen the close. Try again.
            }
            Assert.True(DateTime.UtcNow < deadline, "the freed place was never given again");
            await Task.Delay(50);
        }
    }

    /// <summary>A connection over a cap is closed at once: seen as a close, or as a reset while connecting.</summary>
    private static async Task<bool> ClosedByStation(StationUnderTest station, IPAddress from)
    {
        try
        {
            using var client = await RawTcpClient.ConnectAsync(station.Tcp, from);
            return await client.IsClosedByPeerAsync(Wait);
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private static async Task<RawTcpClient> Served(StationUnderTest station, IPAddress from, int sequence)
    {
        var client = await RawTcpClient.ConnectAsync(station.Tcp, from);
        await client.SendAsync(new Dc09Message { Sequence = sequence, Account = "1111", Data = $"#1111|Nri1/BA00{sequence}" }.Encode());
        Assert.Equal(Dc09Token.Ack, Replies.Read(await client.ReadReplyAsync(Wait)).Token);
        return client;
    }

    [Fact]
    public async Task Idle_connection_kept_busy_with_noise_bytes_is_closed()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.IdleTimeout = TimeSpan.FromSeconds(1); return o; });
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        var closed = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; !closed && DateTime.UtcNow < deadline; i++)
        {
            try
            {
                // Bytes that make no frame, and now and then a "frame" that is only garbage: neither is a panel's message.
                await tcp.SendAsync(i % 5 == 4 ? "\nnot a frame\r"u8.ToArray() : "noise"u8.ToArray());
            }
            catch (SocketException)
            {
                closed = true;
                break;
            }
            closed = await tcp.IsClosedByPeerAsync(TimeSpan.FromMilliseconds(200));
        }
        Assert.True(closed, "a connection sending only noise stayed open past the idle timeout");
    }

    [Fact]
    public async Task Unknown_account_and_refused_frames_beyond_the_source_quota_are_counted_not_stored()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.RefusedStoredPerSource = 3; return o; }, [Keyed("5681")]);
        var notStored = Count(station, "vigie.receiver.untrusted_not_stored", out var listener);
        using (listener)
        {
            using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
            var replies = new List<Dc09Token>();
            for (var sequence = 1; sequence <= 5; sequence++)
            {
                await tcp.SendAsync(Plain("4242", sequence, "Nri1/BA001"));
                replies.Add(Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
            }
            // Stored ones are acknowledged; beyond the quota, not stored, so not acknowledged either.
            Assert.Equal([Dc09Token.Ack, Dc09Token.Ack, Dc09Token.Ack, Dc09Token.Nak, Dc09Token.Nak], replies);
            await tcp.SendAsync(Plain("5681", 1));
            Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
            // The quota is the source's, whatever account its frames name.
            await tcp.SendAsync(Plain("4242", 9, "Nri1/BA009"));
            Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        }
        Assert.Equal(3, station.Journal.List().Count);
        Assert.Equal(4, notStored.GetValueOrDefault("vigie.receiver.untrusted_not_stored"));
    }

    [Fact]
    public async Task Refused_frames_are_logged_at_most_once_a_minute_per_source_with_counts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new RecordedLogs();
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }], logs: logs, time: time);
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        async Task Refused(int sequence)
        {
            await tcp.SendAsync(new Dc09Message { Token = Dc09Token.Ack, Sequence = sequence, Account = "1234" }.Encode());
            Assert.Equal(Dc09Token.Nak, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        }
        for (var i = 1; i <= 5; i++)
        {
            await Refused(i);
        }
        Assert.Equal([0L], logs.RefusalLines());
        time.Advance(TimeSpan.FromSeconds(59));
        await Refused(6);
        Assert.Equal([0L], logs.RefusalLines());
        time.Advance(TimeSpan.FromSeconds(2));
        await Refused(7);
        // One line a minute, carrying how many went unlogged in between.
        Assert.Equal([0L, 5L], logs.RefusalLines());
    }

    [Fact]
    public async Task Panel_keys_are_stored_encrypted_in_the_accounts_table()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [Keyed("5682")]);
        var (stored, isProtected) = RawKey(station.Options.DatabasePath, "5682");
        Assert.True(isProtected);
        Assert.DoesNotContain(Key, stored, StringComparison.Ordinal);
        Assert.Equal(Key, station.Accounts.Load().Accounts.Single(a => a.Account == "5682").Key);
        using var key = Dc09Key.Parse(Key, Dc09KeyFormat.Ascii);
        await using var panel = station.Panel("5682", key);
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001")).Kind);
    }

    [Fact]
    public async Task Plaintext_keys_of_an_older_database_are_encrypted_at_start_and_still_open_frames()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigie-tests", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "vigie.db");
        using (var connection = ReceiverDatabase.Open(database))
        using (var insert = connection.CreateCommand())
        {
            // As an older version wrote it: the key in clear.
            insert.CommandText = "INSERT INTO accounts(account, key, key_format, updated_at, key_protected) VALUES ('5683', $key, 'ascii', 0, 0)";
            insert.Parameters.AddWithValue("$key", Key);
            insert.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        await using var station = await StationUnderTest.StartAsync(dataDirectory: folder);
        var (stored, isProtected) = RawKey(database, "5683");
        Assert.True(isProtected);
        Assert.DoesNotContain(Key, stored, StringComparison.Ordinal);
        using var key = Dc09Key.Parse(Key, Dc09KeyFormat.Ascii);
        await using var panel = station.Panel("5683", key);
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001")).Kind);
    }

    private static (string Key, bool Protected) RawKey(string database, string account)
    {
        using var connection = ReceiverDatabase.Open(database);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT key, key_protected FROM accounts WHERE account = $account";
        select.Parameters.AddWithValue("$account", account);
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.GetInt32(1) == 1);
    }

    private static ConcurrentDictionary<string, long> Count(StationUnderTest station, string name, out MeterListener listener)
    {
        var totals = new ConcurrentDictionary<string, long>();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == station.Metrics.Meter && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => totals.AddOrUpdate(i.Name, v, (_, old) => old + v));
        listener.Start();
        return totals;
    }

    private sealed class RecordedContacts : IPanelContacts
    {
        public ConcurrentQueue<PanelContact> Heard { get; } = new();

        void IPanelContacts.Heard(in PanelContact contact) => Heard.Enqueue(contact);
    }

    /// <summary>Keeps every log line's structured fields.</summary>
    private sealed class RecordedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(EventId Id, IReadOnlyList<KeyValuePair<string, object?>> Fields)> _lines = new();

        /// <summary>The "suppressed" count of each refusal line, in order.</summary>
        public long[] RefusalLines() =>
            [.. _lines.Where(l => l.Id.Id == 4 && l.Fields.Any(f => f.Key == "Suppressed")).Select(l => (long)l.Fields.Single(f => f.Key == "Suppressed").Value!)];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(EventId, IReadOnlyList<KeyValuePair<string, object?>>)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((eventId, state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
        }
    }
}
