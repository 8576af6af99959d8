using System.Text;
using Vigie.Protocols.Dc09;
using Vigie.Protocols.Events;

namespace Vigie.Protocols.Tests.Dc09;

/// <summary>Every ID and payload kind written by <see cref="Dc09Writer"/> reads back the same through <see cref="Dc09Parser"/>.</summary>
public class RoundTripTests
{
    private static readonly DateTime Stamp = new(2026, 11, 23, 14, 5, 37);

    public static TheoryData<Dc09Token, string, string?> Messages() => new()
    {
        { Dc09Token.SiaDcs, "#1234|Nri1/BA012", null },
        { Dc09Token.SiaDcs, "#1234|Nri1/BA012/BA013/ri2/TA001", null },
        { Dc09Token.SiaDcs, "#1234|NRR|Atest", null },
        { Dc09Token.AdmCid, "#1234|1130 01 003", null },
        { Dc09Token.AdmCid, "#1234|3401 01 007", null },
        { Dc09Token.Null, "", null },
        { Dc09Token.Ack, "", null },
        { Dc09Token.Duh, "", null },
        { Dc09Token.SiaDcs, "#1234|Nri1/BA012", "0123456789ABCDEF" },
        { Dc09Token.SiaDcs, "#1234|Nri1/BA012", "0123456789ABCDEF01234567" },
        { Dc09Token.AdmCid, "#1234|1130 01 003", "0123456789ABCDEF0123456789ABCDEF" },
        { Dc09Token.Null, "", "0123456789ABCDEF" },
        { Dc09Token.Ack, "", "0123456789ABCDEF" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Written_frame_reads_back_identical(Dc09Token token, string data, string? keyText)
    {
        using var key = keyText is null ? null : Dc09Key.Parse(keyText, Dc09KeyFormat.Ascii);
        var message = new Dc09Message
        {
            Token = token,
            Sequence = 9876,
            Receiver = "579BDF",
            Line = "789ABC",
            Account = "12345A",
            Data = data,
            ExtendedData = ["X006E07.7777777", "Y49N06.6666666", "Vhttp://cam/1"],
            Timestamp = Stamp,
        };
        var bytes = message.Encode(key);

        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(bytes, Dc09Dialect.Strict, out var frame));
        Assert.Equal(token, frame.Token);
        Assert.Equal(key is not null, frame.Encrypted);
        Assert.Equal(9876, frame.Sequence);
        Assert.Equal("579BDF", Encoding.ASCII.GetString(frame.Receiver));
        Assert.Equal("789ABC", Encoding.ASCII.GetString(frame.Line));
        Assert.Equal("12345A", Encoding.ASCII.GetString(frame.Account));

        var clear = frame.Body.ToArray();
        if (key is not null)
        {
            clear = new byte[frame.Body.Length / 2];
            clear = clear[..key.DecryptHex(frame.Body, clear)];
            Assert.Equal(0, clear.Length % 16);
        }
        Assert.Equal(Dc09FrameError.None, Dc09Content.TryParse(clear, key is not null, out var content));
        Assert.Equal(data, Encoding.ASCII.GetString(content.Data));
        Assert.Equal("[X006E07.7777777][Y49N06.6666666][Vhttp://cam/1]", Encoding.ASCII.GetString(content.ExtendedData));
        var extended = new List<(char, string)>();
        foreach (var x in content.EnumerateExtendedData())
        {
            extended.Add((x.Id, Encoding.ASCII.GetString(x.Value)));
        }
        Assert.Equal([('X', "006E07.7777777"), ('Y', "49N06.6666666"), ('V', "http://cam/1")], extended);
        Assert.True(content.HasTimestamp);
        Assert.Equal(Stamp, content.Timestamp);
    }

    [Fact]
    public void Nak_is_written_as_dc09_prescribes_and_never_encrypted()
    {
        var buffer = new byte[256];
        var length = Dc09Writer.WriteNak(buffer, Stamp);
        var text = Encoding.ASCII.GetString(buffer, 0, length);
        Assert.Equal("\"NAK\"0000R0L0A0[]_14:05:37,11-23-2026\r", text[9..]);
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(buffer.AsSpan(0, length), Dc09Dialect.Strict, out var nak));
        Assert.False(nak.Encrypted);
        Assert.Equal(Dc09Token.Nak, nak.Token);
    }

    [Fact]
    public void Published_ack_is_reproduced_byte_for_byte()
    {
        // iobroker.sia@2.0.4 capture (vectors file, section D): plain ACK for seq 0001, L0, #1234.
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(Encoding.ASCII.GetBytes("\n96ED0016\"SIA-DCS\"0001L0#1234[]\r"), Dc09Dialect.Strict, out var received));
        var buffer = new byte[256];
        var length = Dc09Writer.WriteAck(buffer, received, null, Stamp);
        Assert.Equal("\n1BC10012\"ACK\"0001L0#1234[]\r", Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Theory]
    [InlineData("Nri1/BA012", AlarmEventKind.Burglary, 12)]
    [InlineData("Nri1/FA003", AlarmEventKind.FireSmoke, 3)]
    [InlineData("Nri1/WA007", AlarmEventKind.Water, 7)]
    public void Sia_payload_survives_an_encrypted_round_trip_and_decodes(string payload, AlarmEventKind kind, int zone)
    {
        using var key = Dc09Key.Parse("00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF", Dc09KeyFormat.Hex);
        var bytes = new Dc09Message { Sequence = 1, Account = "1234", Data = $"#1234|{payload}", Timestamp = Stamp }.Encode(key);
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(bytes, Dc09Dialect.Strict, out var frame));
        var clear = new byte[frame.Body.Length / 2];
        var length = key.DecryptHex(frame.Body, clear);
        Assert.Equal(Dc09FrameError.None, Dc09Content.TryParse(clear.AsSpan(0, length), true, out var content));
        var e = Assert.Single(SiaDc03Decoder.Decode(content.Payload).Events);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(zone, e.Zone);
    }

    [Fact]
    public void Binary_crc_and_decimal_length_round_trip_under_the_default_dialect()
    {
        var bytes = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA012" }
            .Encode(null, new Dc09WriteOptions { BinaryCrc = true, DecimalLength = true });
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(bytes, Dc09Dialect.Default, out var frame));
        Assert.True(frame.CrcWasBinary);
        Assert.True(frame.LengthWasDecimal);
    }

    [Fact]
    public void A_wrong_crc_or_length_is_told_apart()
    {
        var bytes = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA012" }.Encode();
        var badCrc = (byte[])bytes.Clone();
        badCrc[4] = badCrc[4] == (byte)'0' ? (byte)'1' : (byte)'0';
        Assert.Equal(Dc09FrameError.CrcMismatch, Dc09Parser.TryParse(badCrc, Dc09Dialect.Default, out _));
        var badLength = (byte[])bytes.Clone();
        badLength[8] = badLength[8] == (byte)'0' ? (byte)'1' : (byte)'0';
        Assert.Equal(Dc09FrameError.BadLength, Dc09Parser.TryParse(badLength, Dc09Dialect.Strict, out _));
    }

    [Theory]
    [InlineData("", Dc09KeyFormat.Ascii, "empty")]
    [InlineData("0123456789", Dc09KeyFormat.Ascii, "16, 24 or 32 characters")]
    [InlineData("0123456789ABCDEF", Dc09KeyFormat.Hex, "32, 48 or 64 hex digits")]
    [InlineData("0123456789ABCDEF0123456789ABCDEG", Dc09KeyFormat.Hex, "0-9 and A-F")]
    public void A_bad_key_is_refused_with_the_reason(string text, Dc09KeyFormat format, string reason)
    {
        Assert.False(Dc09Key.TryParse(text, format, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
