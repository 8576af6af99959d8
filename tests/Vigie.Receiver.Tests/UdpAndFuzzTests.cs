using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Receiver.Tests;

public class UdpReceptionTests
{
    [Fact]
    public async Task A_datagram_is_one_frame_acknowledged_after_commit()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "7099" }]);
        await using var panel = station.Panel("7099", transport: PanelTransport.Udp);
        var reply = await panel.SendEventAsync(Dc09Token.AdmCid, "1628 01 000");
        Assert.Equal(ReplyKind.Ack, reply.Kind);
        var stored = Assert.Single(station.Journal.List("7099"));
        Assert.Equal("udp", stored.Transport);
    }

    [Fact]
    public async Task An_encrypted_datagram_gets_an_encrypted_ack()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "7099", Key = "00112233445566778899AABBCCDDEEFF", KeyFormat = Dc09KeyFormat.Hex }]);
        using var key = Dc09Key.Parse("00112233445566778899AABBCCDDEEFF", Dc09KeyFormat.Hex);
        await using var panel = station.Panel("7099", key, PanelTransport.Udp);
        Assert.Equal(ReplyKind.Ack, (await panel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/FA001")).Kind);
        Assert.Equal("#7099|Nri1/FA001", Assert.Single(station.Journal.List("7099")).Data);
    }

    [Fact]
    public async Task No_udp_reply_to_a_datagram_that_is_not_a_dc09_frame_header()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "7099" }]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(station.Udp);
        var buffer = new byte[512];

        // A forged source address would have the station reflect its replies at a victim: junk gets none.
        await socket.SendAsync("this is not a parsable event"u8.ToArray(), SocketFlags.None);
        await socket.SendAsync(new byte[] { 0, 1, 2, 3, 0x0A, 0x0D }, SocketFlags.None);
        await socket.SendAsync("\n0000"u8.ToArray(), SocketFlags.None);
        var badCrc = new Dc09Message { Sequence = 1, Account = "7099", Data = "#7099|Nri1/BA001" }.Encode();
        badCrc[2] = badCrc[2] == (byte)'0' ? (byte)'1' : (byte)'0';
        await socket.SendAsync(badCrc, SocketFlags.None);
        // A frame header with a broken body is a panel's frame gone wrong: it gets its NAK.
        await socket.SendAsync(Sealed("\"SIA-DCS\"xx"), SocketFlags.None);
        await socket.SendAsync(new Dc09Message { Sequence = 2, Account = "7099", Data = "#7099|Nri1/BA001" }.Encode(), SocketFlags.None);
        // Datagrams are handled in order: had the junk been answered, its reply would come first.
        var replies = new List<Dc09Token>();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (replies.Count < 2)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                replies.Add(Replies.Read(buffer[..read]).Token);
            }
        }
        Assert.Equal([Dc09Token.Nak, Dc09Token.Ack], replies);
        Assert.Equal([2], station.Journal.List().Select(s => s.Sequence));
    }

    /// <summary>A frame with a right CRC and length around whatever body: the parser gets to read it.</summary>
    internal static byte[] Sealed(string body)
    {
        var covered = System.Text.Encoding.ASCII.GetBytes(body);
        return [0x0A, .. System.Text.Encoding.ASCII.GetBytes($"{Crc16Arc.Compute(covered):X4}{covered.Length:X4}"), .. covered, 0x0D];
    }

    [Fact]
    public async Task The_same_message_over_tcp_and_udp_is_recorded_once()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "7099" }]);
        var frame = new Dc09Message { Sequence = 77, Account = "7099", Data = "#7099|Nri1/BA001", Timestamp = DateTime.UtcNow }.Encode();
        using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
        await tcp.SendAsync(frame);
        Assert.Equal(Dc09Token.Ack, Replies.Read(await tcp.ReadReplyAsync(TimeSpan.FromSeconds(10))).Token);
        using var udp = new UdpClient();
        await udp.SendAsync(frame, station.Udp);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(Dc09Token.Ack, Replies.Read((await udp.ReceiveAsync(cts.Token)).Buffer).Token);
        Assert.Single(station.Journal.List());
        Assert.Equal(2, station.Metrics.Acknowledged);
    }
}

/// <summary>
/// 200,000 mutated frames from a fixed seed through the receiver's decision and its real journal: nothing
/// throws, every input gets the reply the rules give, and only valid frames are stored.
/// </summary>
public class ReceiverFuzzTests
{
    private const int Frames = 200_000;

    [Fact]
    public async Task Mutated_frames_never_throw_and_are_answered_as_the_rules_say()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigie-fuzz", Guid.NewGuid().ToString("N"));
        // No quota here: this test checks that every untrusted frame is stored (the quota has its own test).
        var options = new ReceiverOptions { DataDirectory = folder, JournalSynchronous = "NORMAL", RefusedStoredPerSource = int.MaxValue };
        var metrics = new ReceiverMetrics();
        var accounts = new AccountDirectory();
        accounts.Replace(1, [new AccountRecord { Account = "1234" }, new AccountRecord { Account = "CAFE", Key = "0123456789ABCDEF" }]);
        var reception = new FrameReception(options, accounts, TimeProvider.System, metrics, new RefusalLedger(options), NullLogger<FrameReception>.Instance);
        await using var journal = new SignalJournal(options, TimeProvider.System, metrics, NullLogger<SignalJournal>.Instance);
        journal.Start();

        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var seeds = new[]
        {
            new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA012" }.Encode(),
            new Dc09Message { Token = Dc09Token.AdmCid, Sequence = 2, Receiver = "12", Account = "1234", Data = "#1234|1130 01 003", Timestamp = DateTime.UtcNow }.Encode(),
            new Dc09Message { Token = Dc09Token.Null, Sequence = 3, Account = "1234" }.Encode(),
            new Dc09Message { Sequence = 4, Account = "CAFE", Data = "#CAFE|Nri1/BA001", Timestamp = DateTime.UtcNow, ExtendedData = ["X1.5", "Y2.5"] }.Encode(key),
            new Dc09Message { Sequence = 5, Account = "1234", Data = "#1234|Nri1/BA012/ri2/TA001|Atext" }.Encode(null, new Dc09WriteOptions { BinaryCrc = true }),
        };
        var random = new Random(20261123);
        var reply = new byte[FrameReception.MaxReplyLength];
        var pending = new List<ValueTask<AppendOutcome>>();
        var counts = new Dictionary<ReplyKind, int>();
        for (var i = 0; i < Frames; i++)
        {
            var frame = Mutate(seeds[random.Next(seeds.Length)], random);
            var parse = Dc09Parser.TryParse(frame, options.Dialect, out _);
            var verdict = reception.Decide(frame, "fuzz", "127.0.0.1:1", reply);
            counts[verdict.Reply] = counts.GetValueOrDefault(verdict.Reply) + 1;

            // The rules: bad CRC → silence; unreadable → NAK (nothing stored); stored → ACK or DUH, never a NAK
            // but for a plain frame refused for a keyed account (stored to be seen, never acted on).
            if (parse == Dc09FrameError.CrcMismatch)
            {
                Assert.Equal(ReplyKind.None, verdict.Reply);
                Assert.Null(verdict.Entry);
            }
            else if (parse != Dc09FrameError.None)
            {
                Assert.Equal(ReplyKind.Nak, verdict.Reply);
                Assert.Null(verdict.Entry);
            }
            else
            {
                Assert.NotEqual(ReplyKind.None, verdict.Reply);
                Assert.True(verdict.Reply == ReplyKind.Nak ? verdict.Entry is null or { Status: SignalStatus.PlainRefused } : verdict.Entry is not null);
            }
            if (verdict.Reply != ReplyKind.None)
            {
                // Replies echo the panel's routing, tolerated oddities included: read them as the panel would.
                Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(reply.AsSpan(0, verdict.ReplyLength), Dc09Dialect.Default, out _));
            }
            if (verdict.Entry is { } entry)
            {
                pending.Add(journal.AppendAsync(entry));
            }
            if (pending.Count >= 4096)
            {
                await Drain(pending);
            }
        }
        await Drain(pending);

        // The mutations must reach every branch, or this test proves little.
        Assert.True(counts.GetValueOrDefault(ReplyKind.None) > 1000, $"silences: {counts.GetValueOrDefault(ReplyKind.None)}");
        Assert.True(counts.GetValueOrDefault(ReplyKind.Nak) > 1000, $"NAKs: {counts.GetValueOrDefault(ReplyKind.Nak)}");
        Assert.True(counts.GetValueOrDefault(ReplyKind.Ack) > 1000, $"ACKs: {counts.GetValueOrDefault(ReplyKind.Ack)}");
        Assert.True(counts.GetValueOrDefault(ReplyKind.Duh) > 10, $"DUHs: {counts.GetValueOrDefault(ReplyKind.Duh)}");
    }

    [Fact]
    public async Task Mutated_frames_over_real_sockets_leave_both_listeners_serving()
    {
        await using var station = await StationUnderTest.StartAsync(accounts: [new AccountRecord { Account = "1234" }]);
        var seed = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA012" }.Encode();
        var random = new Random(7);
        using (var udp = new UdpClient())
        {
            for (var i = 0; i < 5_000; i++)
            {
                await udp.SendAsync(Mutate(seed, random), station.Udp);
            }
        }
        // TCP: mutated frames in bursts over a few connections; a violation may close one, never the listener.
        for (var connection = 0; connection < 10; connection++)
        {
            using var tcp = await RawTcpClient.ConnectAsync(station.Tcp);
            try
            {
                for (var i = 0; i < 500; i++)
                {
                    await tcp.SendAsync(Mutate(seed, random));
                }
            }
            catch (SocketException)
            {
                // Closed by the station on a protocol violation: expected for some mutations.
            }
        }
        await using var tcpPanel = station.Panel("1234");
        await using var udpPanel = station.Panel("1234", transport: PanelTransport.Udp);
        tcpPanel.SetNextSequence(5000);
        udpPanel.SetNextSequence(6000);
        Assert.Equal(ReplyKind.Ack, (await tcpPanel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA001")).Kind);
        Assert.Equal(ReplyKind.Ack, (await udpPanel.SendEventAsync(Dc09Token.SiaDcs, "Nri1/BA002")).Kind);
    }

    private static async Task Drain(List<ValueTask<AppendOutcome>> pending)
    {
        foreach (var append in pending)
        {
            await append;
        }
        pending.Clear();
    }

    /// <summary>Flips, inserts, deletes or truncates bytes; half the time re-seals CRC and length so the damage reaches the deeper parsers.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.Insert(at, (byte)random.Next(32, 127)); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes[at] = "\"[]|#_,:/^RLN*0123456789ABCDEF"u8[random.Next(30)]; break;
            }
        }
        var frame = bytes.ToArray();
        return random.Next(2) == 0 ? Reseal(frame) : frame;
    }

    private static byte[] Reseal(byte[] frame)
    {
        if (frame.Length < 11 || frame[0] != 0x0A || frame[^1] != 0x0D || frame[9] != '"')
        {
            return frame;
        }
        var covered = frame.AsSpan(9, frame.Length - 10);
        var header = System.Text.Encoding.ASCII.GetBytes($"{Crc16Arc.Compute(covered):X4}{covered.Length:X4}");
        header.CopyTo(frame, 1);
        return frame;
    }
}
