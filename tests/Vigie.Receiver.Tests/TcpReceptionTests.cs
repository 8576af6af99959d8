using System.Text;
using System.Text.Json;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Receiver.Tests;

public class TcpReceptionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static byte[] Frame(string account, int sequence, string payload, Dc09Token token = Dc09Token.SiaDcs, Dc09Key? key = null) =>
        new Dc09Message
        {
            Token = token,
            Sequence = sequence,
            Account = account,
            Data = token == Dc09Token.Null ? "" : $"#{account}|{payload}",
            Timestamp = DateTime.UtcNow,
        }.Encode(key);

    [Fact]
    public async Task A_burglary_is_acknowledged_after_it_is_stored_with_its_decoded_event()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234", SiteReference = "HOME-1" }]);
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        await client.SendAsync(Frame("1234", 1, "Nri1/BA012"));

        var reply = Replies.Read(await client.ReadReplyAsync(Wait));
        Assert.Equal((Dc09Token.Ack, 1, false), reply);
        var stored = Assert.Single(station.Journal.List("1234"));
        Assert.Equal(SignalStatus.Accepted, stored.Status);
        Assert.Equal("HOME-1", stored.SiteReference);
        Assert.Equal("#1234|Nri1/BA012", stored.Data);
        using var events = JsonDocument.Parse(stored.Events!);
        var e = Assert.Single(events.RootElement.EnumerateArray());
        Assert.Equal("Burglary", e.GetProperty("kind").GetString());
        Assert.Equal(12, e.GetProperty("zone").GetInt32());
        Assert.Equal(1, e.GetProperty("partition").GetInt32());
    }

    [Fact]
    public async Task A_frame_split_byte_by_byte_across_reads_is_read_whole()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        await client.SendByteByByteAsync(Frame("1234", 7, "Nri1/TA004"));
        Assert.Equal((Dc09Token.Ack, 7, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        Assert.Equal("#1234|Nri1/TA004", Assert.Single(station.Journal.List("1234")).Data);
    }

    [Fact]
    public async Task Several_frames_in_one_write_each_get_their_ack_in_order()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        var frames = Enumerable.Range(1, 5).Select(i => Frame("1234", i, $"Nri1/BA00{i}")).ToArray();
        // Noise between frames is skipped without disturbing the frames around it.
        await client.SendAsync([.. frames[0], .. "garbage"u8.ToArray(), .. frames[1..].SelectMany(f => f)]);
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal((Dc09Token.Ack, i, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        }
        Assert.Equal([1, 2, 3, 4, 5], station.Journal.List("1234").Select(s => s.Sequence));
    }

    [Fact]
    public async Task A_bad_crc_gets_no_reply_and_the_connection_goes_on()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        var bad = Frame("1234", 1, "Nri1/BA001");
        bad[1] = bad[1] == (byte)'0' ? (byte)'1' : (byte)'0';
        await client.SendAsync(bad);
        Assert.Null(await client.ReadReplyAsync(TimeSpan.FromMilliseconds(500)));
        await client.SendAsync(Frame("1234", 2, "Nri1/BA001"));
        Assert.Equal((Dc09Token.Ack, 2, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        Assert.Equal([2], station.Journal.List("1234").Select(s => s.Sequence));
    }

    [Fact]
    public async Task A_malformed_frame_gets_a_nak_with_the_receiver_time_and_stores_nothing()
    {
        await using var station = await StationUnderTest.StartAsync();
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        // Valid CRC and length over a body that is not DC-09 (no sequence number).
        var body = "\"SIA-DCS\"ABCD#1234[]"u8.ToArray();
        var frame = Encoding.ASCII.GetBytes($"\n{Crc16Arc.Compute(body):X4}{body.Length:X4}").Concat(body).Append((byte)'\r').ToArray();
        var before = DateTime.UtcNow.AddSeconds(-1);
        await client.SendAsync(frame);
        var reply = await client.ReadReplyAsync(Wait);
        Assert.Equal(Dc09Token.Nak, Replies.Read(reply).Token);
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(reply, Dc09Dialect.Strict, out var nak));
        Assert.Equal(Dc09FrameError.None, Dc09Content.TryParse(nak.Body, false, out var content));
        Assert.True(content.HasTimestamp);
        Assert.InRange(content.Timestamp, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Empty(station.Journal.List());
    }

    [Fact]
    public async Task An_unknown_account_is_acknowledged_and_stored_for_the_station_to_see()
    {
        await using var station = await StationUnderTest.StartAsync();
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        await client.SendAsync(Frame("BEEF", 3, "Nri1/PA001"));
        Assert.Equal((Dc09Token.Ack, 3, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        var stored = Assert.Single(station.Journal.List());
        Assert.Equal(SignalStatus.UnknownAccount, stored.Status);
        Assert.Equal("BEEF", stored.Account);
        Assert.Contains("Panic", stored.Events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_message_from_an_unknown_account_is_stored_raw_and_answered_duh()
    {
        await using var station = await StationUnderTest.StartAsync();
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var frame = Frame("CAFE", 4, "Nri1/BA001", key: key);
        await client.SendAsync(frame);
        Assert.Equal((Dc09Token.Duh, 4, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        var stored = Assert.Single(station.Journal.List());
        Assert.Equal(SignalStatus.UnknownAccount, stored.Status);
        Assert.Null(stored.Data);
        Assert.Equal(frame, stored.Raw);
    }

    [Fact]
    public async Task A_wrong_key_is_stored_raw_as_key_mismatch_and_answered_duh()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "CAFE", Key = "0123456789ABCDEF" }]);
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        using var wrong = Dc09Key.Parse("FEDCBA9876543210", Dc09KeyFormat.Ascii);
        await client.SendAsync(Frame("CAFE", 5, "Nri1/BA001", key: wrong));
        Assert.Equal((Dc09Token.Duh, 5, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        Assert.Equal(SignalStatus.KeyMismatch, Assert.Single(station.Journal.List()).Status);
    }

    [Fact]
    public async Task An_oversize_frame_is_refused_and_its_connection_closed_without_disturbing_other_panels()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.Dialect = Dc09Dialect.Default with { MaxFrameLength = 256 }; return o; },
            [new AccountRecord { Account = "1234" }]);
        using var abuser = await RawTcpClient.ConnectAsync(station.Tcp);
        using var panel = await RawTcpClient.ConnectAsync(station.Tcp);
        await abuser.SendAsync([.. "\nABCD0400\"SIA-DCS\"0001L0#1234["u8.ToArray(), .. Enumerable.Repeat((byte)'A', 600)]);
        Assert.Equal(Dc09Token.Nak, Replies.Read(await abuser.ReadReplyAsync(Wait)).Token);
        Assert.True(await abuser.IsClosedByPeerAsync(Wait));
        await panel.SendAsync(Frame("1234", 9, "Nri1/BA001"));
        Assert.Equal((Dc09Token.Ack, 9, false), Replies.Read(await panel.ReadReplyAsync(Wait)));
    }

    [Fact]
    public async Task A_slow_loris_connection_is_closed_after_the_frame_timeout()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.FrameTimeout = TimeSpan.FromMilliseconds(300); return o; });
        using var loris = await RawTcpClient.ConnectAsync(station.Tcp);
        await loris.SendAsync("\nABCD0040\"SIA-DC"u8.ToArray());
        Assert.True(await loris.IsClosedByPeerAsync(Wait));
    }

    [Fact]
    public async Task Trickling_a_frame_byte_by_byte_does_not_extend_the_frame_timeout()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.FrameTimeout = TimeSpan.FromMilliseconds(600); return o; });
        using var loris = await RawTcpClient.ConnectAsync(station.Tcp);
        var started = DateTime.UtcNow;
        var closed = false;
        foreach (var b in "\nABCD0040\"SIA-DCS\"0001L0#1234[#1234|Nri1/BA001"u8.ToArray())
        {
            try
            {
                await loris.SendAsync([b]);
            }
            catch (System.Net.Sockets.SocketException)
            {
                closed = true;
                break;
            }
            if (await loris.IsClosedByPeerAsync(TimeSpan.FromMilliseconds(100)))
            {
                closed = true;
                break;
            }
        }
        // 44 bytes, each followed by a 100 ms pause: the whole frame takes over 4 s, far past the 600 ms allowed.
        Assert.True(closed, $"the trickling connection was still open after {DateTime.UtcNow - started}");
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var station = await StationUnderTest.StartAsync(o => { o.IdleTimeout = TimeSpan.FromMilliseconds(300); return o; });
        using var idle = await RawTcpClient.ConnectAsync(station.Tcp);
        Assert.True(await idle.IsClosedByPeerAsync(Wait));
    }

    [Fact]
    public async Task A_null_link_test_refreshes_last_seen_without_storing_a_signal()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        using var client = await RawTcpClient.ConnectAsync(station.Tcp);
        var before = DateTime.UtcNow.AddSeconds(-1);
        await client.SendAsync(Frame("1234", 11, "", Dc09Token.Null));
        Assert.Equal((Dc09Token.Ack, 11, false), Replies.Read(await client.ReadReplyAsync(Wait)));
        Assert.Empty(station.Journal.List());
        var seen = Assert.Single(station.Journal.Presence());
        Assert.Equal("1234", seen.Account);
        Assert.InRange(seen.LastSeen, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("tcp", seen.Transport);
    }

    [Fact]
    public async Task The_same_message_twice_is_acknowledged_twice_and_recorded_once()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF" }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var stamp = DateTime.UtcNow;
        byte[] Copy() => new Dc09Message { Sequence = 42, Account = "1234", Data = "#1234|Nri1/BA001", Timestamp = stamp }.Encode(key);
        var first = Copy();
        var retry = Copy();
        Assert.NotEqual(first, retry); // a new random pad: the ciphertext differs, the message does not
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        await tcp.SendAsync(first);
        Assert.Equal((Dc09Token.Ack, 42, true), Replies.Read(await tcp.ReadReplyAsync(Wait)));
        await tcp.SendAsync(retry);
        Assert.Equal((Dc09Token.Ack, 42, true), Replies.Read(await tcp.ReadReplyAsync(Wait)));
        Assert.Single(station.Journal.List());
    }

    [Fact]
    public async Task Sequence_wraps_from_9999_to_0001_and_both_are_recorded()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        await using var panel = station.Panel("1234");
        panel.SetNextSequence(9999);
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001")).Kind);
        Assert.Equal(1, panel.NextSequence);
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001")).Kind);
        Assert.Equal([9999, 1], station.Journal.List().Select(s => s.Sequence));
    }

    [Fact]
    public async Task A_sequence_reused_with_another_message_after_a_panel_restart_is_not_taken_for_a_copy()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        await tcp.SendAsync(Frame("1234", 1, "Nri1/CL001"));
        Assert.Equal(Dc09Token.Ack, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        await tcp.SendAsync(Frame("1234", 1, "Nri1/BA003"));
        Assert.Equal(Dc09Token.Ack, Replies.Read(await tcp.ReadReplyAsync(Wait)).Token);
        Assert.Equal(2, station.Journal.List().Count);
    }

    [Fact]
    public async Task An_account_added_while_running_is_used_without_restart()
    {
        await using var station = await StationUnderTest.StartAsync();
        await using var panel = station.Panel("ABC1");
        await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001");
        station.Accounts.Upsert(new AccountRecord { Account = "ABC1", SiteReference = "HOME" });
        var deadline = DateTime.UtcNow + Wait;
        while (station.Directory.Find("ABC1"u8, [], "0"u8) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA002");
        var statuses = station.Journal.List("ABC1").Select(s => (s.Status, s.SiteReference)).ToArray();
        Assert.Equal([(SignalStatus.UnknownAccount, null), (SignalStatus.Accepted, "HOME")], statuses);
    }

    [Fact]
    public async Task Many_concurrent_panels_are_all_acknowledged_and_stored()
    {
        // Registered: unknown accounts from one address would soon be over their storage quota.
        await using var station = await StationUnderTest.StartAsync(accounts: Enumerable.Range(0, 50).Select(i => new AccountRecord { Account = $"{i + 1000}" }));
        var panels = Enumerable.Range(0, 50).Select(i => station.Panel($"{i + 1000}")).ToArray();
        var replies = await Task.WhenAll(panels.Select(async p =>
        {
            var acks = 0;
            for (var i = 0; i < 10; i++)
            {
                acks += (await p.SendEventAsync(Dc09Token.AdmCid, "1130 01 003")).Kind == ReplyKind.Ack ? 1 : 0;
            }
            return acks;
        }));
        Assert.All(replies, a => Assert.Equal(10, a));
        Assert.Equal(500, station.Journal.List().Count);
        foreach (var p in panels)
        {
            await p.DisposeAsync();
        }
    }
}
