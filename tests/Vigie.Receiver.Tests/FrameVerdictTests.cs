using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Tests;

/// <summary>The receiver's decisions on one frame, with a fake clock: timestamp window, keys, tolerances.</summary>
public class FrameVerdictTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(Now));
    private readonly AccountDirectory _accounts = new();
    private readonly ReceiverOptions _options = new();

    private FrameReception Reception() => new(_options, _accounts, _time, new ReceiverMetrics(), new RefusalLedger(_options), NullLogger<FrameReception>.Instance);

    private Verdict Decide(byte[] frame, out byte[] reply)
    {
        reply = new byte[FrameReception.MaxReplyLength];
        var verdict = Reception().Decide(frame, "tcp", "127.0.0.1:1", reply);
        reply = reply[..verdict.ReplyLength];
        return verdict;
    }

    private static byte[] Encrypted(Dc09Key key, DateTime stamp, string account = "1234", Dc09Token token = Dc09Token.SiaDcs, string payload = "Nri1/BA012") =>
        new Dc09Message { Token = token, Sequence = 12, Account = account, Data = token == Dc09Token.Null ? "" : $"#{account}|{payload}", Timestamp = stamp }.Encode(key);

    public static TheoryData<string, Dc09KeyFormat, int> Keys() => new()
    {
        { "0123456789ABCDEF", Dc09KeyFormat.Ascii, 128 },
        { "0123456789ABCDEF01234567", Dc09KeyFormat.Ascii, 192 },
        { "0123456789ABCDEF0123456789ABCDEF", Dc09KeyFormat.Ascii, 256 },
        { "00112233445566778899AABBCCDDEEFF", Dc09KeyFormat.Hex, 128 },
        { "00112233445566778899AABBCCDDEEFF0011223344556677", Dc09KeyFormat.Hex, 192 },
        { "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF", Dc09KeyFormat.Hex, 256 },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Encrypted_message_is_read_and_answered_with_an_encrypted_ack_carrying_the_receiver_time(string keyText, Dc09KeyFormat format, int bits)
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = keyText, KeyFormat = format }]);
        using var key = Dc09Key.Parse(keyText, format);
        Assert.Equal(bits, key.BitLength);

        var verdict = Decide(Encrypted(key, Now), out var reply);

        Assert.Equal(ReplyKind.Ack, verdict.Reply);
        Assert.Equal(SignalStatus.Accepted, verdict.Entry!.Status);
        Assert.Equal("#1234|Nri1/BA012", verdict.Entry.Data);
        Assert.Contains("Burglary", verdict.Entry.Events, StringComparison.Ordinal);
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(reply, Dc09Dialect.Strict, out var ack));
        Assert.True(ack.Encrypted);
        Assert.Equal(Dc09Token.Ack, ack.Token);
        Assert.Equal(12, ack.Sequence);
        var plain = new byte[ack.Body.Length / 2];
        var length = key.DecryptHex(ack.Body, plain);
        Assert.Equal(Dc09FrameError.None, Dc09Content.TryParse(plain.AsSpan(0, length), true, out var content));
        Assert.True(content.Data.IsEmpty);
        Assert.Equal(Now, DateTime.SpecifyKind(content.Timestamp, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData(-40, ReplyKind.Ack)]
    [InlineData(-41, ReplyKind.Nak)]
    [InlineData(20, ReplyKind.Ack)]
    [InlineData(21, ReplyKind.Nak)]
    [InlineData(0, ReplyKind.Ack)]
    [InlineData(-3600, ReplyKind.Nak)]
    public void Encrypted_timestamp_window_is_40_seconds_behind_to_20_ahead(int offsetSeconds, ReplyKind expected)
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF" }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        // Mid-second receiver time: panels stamp whole seconds, so this must not shift the edges.
        _time.Advance(TimeSpan.FromMilliseconds(700));

        var verdict = Decide(Encrypted(key, Now.AddSeconds(offsetSeconds)), out var reply);

        Assert.Equal(expected, verdict.Reply);
        if (expected == ReplyKind.Nak)
        {
            Assert.Null(verdict.Entry);
            Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(reply, Dc09Dialect.Strict, out var nak));
            Assert.False(nak.Encrypted);
            Assert.Equal(Dc09FrameError.None, Dc09Content.TryParse(nak.Body, false, out var content));
            Assert.Equal(Now, DateTime.SpecifyKind(content.Timestamp, DateTimeKind.Utc));
        }
    }

    [Fact]
    public void The_window_is_configuration()
    {
        _options.TimestampBehind = TimeSpan.FromSeconds(120);
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF" }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        Assert.Equal(ReplyKind.Ack, Decide(Encrypted(key, Now.AddSeconds(-100)), out _).Reply);
    }

    [Fact]
    public void A_per_account_window_overrides_the_receiver_window()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF", WindowAheadSeconds = 5 }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        Assert.Equal(ReplyKind.Nak, Decide(Encrypted(key, Now.AddSeconds(6)), out _).Reply);
    }

    [Fact]
    public void A_panel_keeping_local_time_is_read_in_its_zone()
    {
        // 14:00 UTC is 15:00 in Paris in November (UTC+1).
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var localStamp = Now.AddHours(1);
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF" }]);
        Assert.Equal(ReplyKind.Nak, Decide(Encrypted(key, localStamp), out _).Reply);

        _accounts.Replace(2, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF", PanelClock = "Europe/Paris" }]);
        var verdict = Decide(Encrypted(key, localStamp), out _);
        Assert.Equal(ReplyKind.Ack, verdict.Reply);
        Assert.Equal(Now, verdict.Entry!.PanelTime);
    }

    [Fact]
    public void An_encrypted_message_without_timestamp_is_refused()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF" }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var frame = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA001" }.Encode(key);
        Assert.Equal(ReplyKind.Nak, Decide(frame, out _).Reply);
    }

    [Fact]
    public void A_plain_message_outside_the_window_is_accepted_unless_configured_otherwise()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234" }]);
        var frame = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA001", Timestamp = Now.AddHours(-5) }.Encode();
        Assert.Equal(ReplyKind.Ack, Decide(frame, out _).Reply);
        _options.EnforceWindowOnPlainMessages = true;
        Assert.Equal(ReplyKind.Nak, Decide(frame, out _).Reply);
    }

    [Fact]
    public void An_account_with_no_key_gets_duh_for_an_encrypted_message()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234" }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var verdict = Decide(Encrypted(key, Now), out _);
        Assert.Equal(ReplyKind.Duh, verdict.Reply);
        Assert.Equal(SignalStatus.NoKey, verdict.Entry!.Status);
    }

    [Fact]
    public void An_encrypted_null_from_a_known_account_only_refreshes_presence()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234", Key = "0123456789ABCDEF" }]);
        using var key = Dc09Key.Parse("0123456789ABCDEF", Dc09KeyFormat.Ascii);
        var verdict = Decide(Encrypted(key, Now, token: Dc09Token.Null), out _);
        Assert.Equal(ReplyKind.Ack, verdict.Reply);
        Assert.True(verdict.Entry!.PresenceOnly);
        _options.JournalLinkTests = true;
        verdict = Decide(Encrypted(key, Now, token: Dc09Token.Null), out _);
        Assert.False(verdict.Entry!.PresenceOnly);
        Assert.Equal(SignalStatus.LinkTest, verdict.Entry.Status);
    }

    public static TheoryData<string, Dc09WriteOptions> OddPanels() => new()
    {
        { "binary CRC", new Dc09WriteOptions { BinaryCrc = true } },
        { "decimal length", new Dc09WriteOptions { DecimalLength = true } },
        { "binary CRC and decimal length", new Dc09WriteOptions { BinaryCrc = true, DecimalLength = true } },
    };

    [Theory]
    [MemberData(nameof(OddPanels))]
    public void Odd_panels_are_understood_by_default_and_refused_when_the_receiver_is_strict(string what, Dc09WriteOptions writeOptions)
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234" }]);
        var frame = new Dc09Message { Sequence = 1, Account = "1234", Data = "#1234|Nri1/BA001" }.Encode(null, writeOptions);
        Assert.True(ReplyKind.Ack == Decide(frame, out _).Reply, what);
        _options.Dialect = Dc09Dialect.Strict;
        Assert.True(ReplyKind.Nak == Decide(frame, out _).Reply, what);
    }

    [Theory]
    [InlineData(null, "panel without L")]
    [InlineData("", "empty L")]
    public void An_empty_or_missing_line_prefix_is_tolerated(string? line, string what)
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234" }]);
        var frame = new Dc09Message { Sequence = 1, Line = line, Account = "1234", Data = "#1234|Nri1/BA001" }.Encode();
        var verdict = Decide(frame, out _);
        Assert.True(verdict.Reply == ReplyKind.Ack, what);
        Assert.Equal(SignalStatus.Accepted, verdict.Entry!.Status);
    }

    [Fact]
    public void A_non_hex_account_is_tolerated_by_default_and_refused_when_strict()
    {
        var frame = new Dc09Message { Sequence = 1, Account = "ZK99", Data = "#ZK99|Nri1/BA001" }.Encode();
        var verdict = Decide(frame, out _);
        Assert.Equal(ReplyKind.Ack, verdict.Reply);
        Assert.Equal("ZK99", verdict.Entry!.Account);
        _options.Dialect = Dc09Dialect.Strict;
        Assert.Equal(ReplyKind.Nak, Decide(frame, out _).Reply);
    }

    [Fact]
    public void The_account_is_taken_from_the_data_when_the_header_has_none()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "006969", SiteReference = "S" }]);
        var frame = new Dc09Message { Sequence = 1, Receiver = "1", Line = "1", Account = null, Data = "#006969|Nri04/OP001" }.Encode();
        var verdict = Decide(frame, out _);
        Assert.Equal(ReplyKind.Ack, verdict.Reply);
        Assert.Equal("006969", verdict.Entry!.Account);
        Assert.Equal("S", verdict.Entry.SiteReference);
    }

    [Fact]
    public void Extended_data_is_kept()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1111" }]);
        var frame = new Dc09Message
        {
            Sequence = 4,
            Account = "1111",
            Data = "#1111|Nri1/PA501",
            ExtendedData = ["X006E07.7777777", "Y49N06.6666666", "Vhttps://cam.example/clip/1", "H14:05:00,11-23-2026"],
        }.Encode();
        var verdict = Decide(frame, out _);
        Assert.Equal("[X006E07.7777777][Y49N06.6666666][Vhttps://cam.example/clip/1][H14:05:00,11-23-2026]", verdict.Entry!.ExtendedData);
    }

    [Fact]
    public void The_accounts_receiver_and_line_registration_is_matched_most_specific_first()
    {
        _accounts.Replace(1,
        [
            new AccountRecord { Account = "1234", SiteReference = "any" },
            new AccountRecord { Account = "1234", Receiver = "2", SiteReference = "receiver 2" },
            new AccountRecord { Account = "1234", Receiver = "2", Line = "5", SiteReference = "receiver 2 line 5" },
        ]);
        Assert.Equal("any", _accounts.Find("1234"u8, "1"u8, "0"u8)!.Record.SiteReference);
        Assert.Equal("receiver 2", _accounts.Find("1234"u8, "2"u8, "0"u8)!.Record.SiteReference);
        Assert.Equal("receiver 2 line 5", _accounts.Find("1234"u8, "2"u8, "5"u8)!.Record.SiteReference);
        Assert.Null(_accounts.Find("4321"u8, "2"u8, "5"u8));
    }

    [Fact]
    public void An_undecodable_payload_is_still_stored_and_acknowledged_with_the_error()
    {
        _accounts.Replace(1, [new AccountRecord { Account = "1234" }]);
        var frame = new Dc09Message { Token = Dc09Token.AdmCid, Sequence = 1, Account = "1234", Data = "#1234|2130 01 003" }.Encode();
        var verdict = Decide(frame, out _);
        Assert.Equal(ReplyKind.Ack, verdict.Reply);
        Assert.Equal(SignalStatus.PayloadUnreadable, verdict.Entry!.Status);
        Assert.StartsWith("{\"error\":", verdict.Entry.Events, StringComparison.Ordinal);
        Assert.Equal("#1234|2130 01 003", verdict.Entry.Data);
    }

    [Fact]
    public void Replies_from_a_panel_are_refused()
    {
        var frame = new Dc09Message { Token = Dc09Token.Ack, Sequence = 1, Account = "1234" }.Encode();
        Assert.Equal(ReplyKind.Nak, Decide(frame, out _).Reply);
    }
}
