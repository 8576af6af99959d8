using System.Globalization;
using System.Text;
using NodaTime;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;

namespace Vigie.Receiver.Simulation;

/// <summary>
/// Makes DC-09 frames that a panel could almost have sent: valid ones, then bent where receivers break — dates at
/// every calendar edge read in every panel clock zone, field lengths, keys right and wrong, encodings (binary CRC,
/// decimal length, lowercase hex, bytes beyond ASCII), truncations and byte damage, plain and encrypted.
/// Deterministic for a seed. Used by `vigie bench fuzz` and the receiver's fuzz test.
/// </summary>
public sealed class FrameFuzzer
{
    /// <summary>The probe account: never fuzzed, used to check that a listener still answers.</summary>
    public const string ProbeAccount = "FEED01";

    private static readonly string[] Payloads =
    [
        "Nri1/BA012", "Nri1/OP001", "Nri1/CL001", "Nri1/RP0000", "Nri1/BA012/ri2/TA001|Atext", "Nid0/HA001", "Nri1/FA001^é^",
        "1130 01 003", "1401 01 001", "3401 01 001", "1602 00 000", "9999 99 999", "", "|", "||||", "^^^", "Nri",
    ];

    private static readonly string[] ExtendedData = ["X1.5", "Y2.5", "Vabc", "K0123456789ABCDEF", "H12:00:00,01-01-2026", "", "[", "]"];

    private static readonly string[] BadTimestamps =
    [
        "00:00:00,02-29-2023", "00:00:00,02-30-2024", "00:00:00,13-01-2026", "24:00:00,01-01-2026", "23:60:00,01-01-2026",
        "23:59:60,12-31-2016", "00:00:00,00-01-2026", "00:00:00,01-00-2026", "00:00:00,01-01-0000", "0:0:0,1-1-2026",
        "00:00:00,01-01-10000", "-1:00:00,01-01-2026", "00:00:00 01-01-2026", "", "_", "99:99:99,99-99-9999",
    ];

    private readonly Random _random;
    private readonly (AccountRecord Record, Dc09Key? Key, DateTimeZone? Zone)[] _accounts;
    private readonly Dc09Key[] _wrongKeys;
    private readonly byte[] _buffer = new byte[8192];

    public FrameFuzzer(int seed)
    {
        _random = new Random(seed);
        _accounts = [.. Accounts(seed).Select(a => (a, a.Key is null ? null : Dc09Key.Parse(a.Key, a.KeyFormat),
            a.PanelClock is null ? null : DateTimeZoneProviders.Tzdb[a.PanelClock]))];
        _wrongKeys = [Dc09Key.Parse("FFFFFFFFFFFFFFFF", Dc09KeyFormat.Ascii), Dc09Key.Parse(new string('0', 64), Dc09KeyFormat.Hex)];
    }

    /// <summary>
    /// The accounts the frames name: for every panel clock zone (UTC and each IANA zone), one with a key, one without,
    /// one with a key that allows plain. Keys differ by seed, cycling through 128, 192 and 256 bits, ASCII and hex.
    /// </summary>
    public static IReadOnlyList<AccountRecord> Accounts(int seed)
    {
        var zones = new List<string?> { null };
        zones.AddRange(DateTimeZoneProviders.Tzdb.Ids);
        var random = new Random(seed ^ 0x5EED);
        var accounts = new List<AccountRecord>(zones.Count * 3);
        for (var i = 0; i < zones.Count; i++)
        {
            var (key, format) = Key(random, i);
            var number = i.ToString("X4", CultureInfo.InvariantCulture);
            accounts.Add(new AccountRecord { Account = $"A{number}", Key = key, KeyFormat = format, PanelClock = zones[i] });
            accounts.Add(new AccountRecord { Account = $"B{number}", PanelClock = zones[i] });
            accounts.Add(new AccountRecord { Account = $"C{number}", Key = key, KeyFormat = format, PanelClock = zones[i], AllowPlain = true });
        }
        accounts.Add(new AccountRecord { Account = ProbeAccount });
        return accounts;
    }

    private static (string Key, Dc09KeyFormat Format) Key(Random random, int index)
    {
        var bytes = (index % 3) switch { 0 => 16, 1 => 24, _ => 32 };
        if (index % 2 == 0)
        {
            var hex = new StringBuilder(bytes * 2);
            for (var b = 0; b < bytes; b++)
            {
                hex.Append(random.Next(256).ToString("X2", CultureInfo.InvariantCulture));
            }
            return (hex.ToString(), Dc09KeyFormat.Hex);
        }
        var ascii = new char[bytes];
        for (var b = 0; b < bytes; b++)
        {
            ascii[b] = (char)random.Next('0', 'z' + 1);
        }
        return (new string(ascii), Dc09KeyFormat.Ascii);
    }

    /// <summary>The next frame; <paramref name="now"/> is the receiver's time, so stamps land on both sides of its window.</summary>
    public byte[] Next(DateTime now)
    {
        var (record, key, zone) = _accounts[_random.Next(_accounts.Length)];
        var account = Pick(8) switch
        {
            0 => "UNKNOWN" + _random.Next(100),
            1 => new string('9', 1 + _random.Next(24)),
            2 => "",
            _ => record.Account,
        };
        var token = Pick(10) switch { < 4 => Dc09Token.SiaDcs, < 7 => Dc09Token.AdmCid, < 9 => Dc09Token.Null, _ => (Dc09Token)_random.Next(6) };
        var data = token == Dc09Token.Null ? "" : $"#{account}|{Payloads[_random.Next(Payloads.Length)]}";
        if (Pick(200) == 0)
        {
            // Around the length cap: a frame past it closes its TCP connection (a protocol violation).
            data = new string('N', _random.Next(900, 1100));
        }
        var content = new StringBuilder(data).Append(']');
        for (var x = Pick(4); x > 0; x--)
        {
            content.Append('[').Append(ExtendedData[_random.Next(ExtendedData.Length)]).Append(']');
        }
        var encrypt = Pick(3) switch { 0 => null, 1 => key ?? _wrongKeys[0], _ => key };
        if (encrypt is not null && Pick(10) == 0)
        {
            encrypt = _wrongKeys[_random.Next(_wrongKeys.Length)];
        }
        if (encrypt is not null || Pick(2) == 0)
        {
            content.Append('_').Append(Pick(6) == 0 ? BadTimestamps[_random.Next(BadTimestamps.Length)] : Stamp(now, zone));
        }
        var options = new Dc09WriteOptions { BinaryCrc = Pick(8) == 0, DecimalLength = Pick(8) == 0 };
        var sequence = Pick(6) switch { 0 => 0, 1 => 9999, _ => _random.Next(1, 10_000) };
        var receiver = Pick(4) == 0 ? null : Hex(Pick(8) == 0 ? _random.Next(7, 10) : _random.Next(0, 7));
        var line = Pick(4) == 0 ? null : Hex(Pick(8) == 0 ? _random.Next(7, 10) : _random.Next(0, 7));
        var contentBytes = Encoding.Latin1.GetBytes(content.ToString());
        var routing = new Dc09Routing(Encoding.ASCII.GetBytes(receiver ?? ""), receiver is not null, Encoding.ASCII.GetBytes(line ?? ""), line is not null,
            Encoding.ASCII.GetBytes(account), account.Length > 0 || Pick(2) == 0);
        var length = Dc09Writer.Write(_buffer, token, sequence, routing, contentBytes, encrypt, options);
        var frame = _buffer[..length];
        return Pick(3) == 0 ? Damage(frame) : frame;
    }

    /// <summary>A valid NULL poll from the probe account, plain and unstamped: any listener that still works answers it ACK.</summary>
    public static byte[] Probe(int sequence) =>
        new Dc09Message { Token = Dc09Token.Null, Sequence = sequence, Account = ProbeAccount }.Encode();

    /// <summary>A stamp at a calendar or window edge, written as the panel's clock (in its zone) would show it.</summary>
    private string Stamp(DateTime now, DateTimeZone? zone)
    {
        DateTime utc = Pick(14) switch
        {
            0 => DateTime.MinValue,
            1 => DateTime.MaxValue.AddTicks(-(DateTime.MaxValue.Ticks % TimeSpan.TicksPerSecond)),
            2 => new DateTime(1, 1, 1, 23, 59, 59, DateTimeKind.Utc),
            3 => new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc),
            4 => new DateTime(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc),
            5 => new DateTime(now.Year, 12, 31, 23, 59, 59, DateTimeKind.Utc),
            6 => new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            7 => new DateTime(2038, 1, 19, 3, 14, 8, DateTimeKind.Utc),
            8 => now.AddSeconds(-40),
            9 => now.AddSeconds(-41),
            10 => now.AddSeconds(20),
            11 => now.AddSeconds(21),
            12 => now.AddHours(_random.Next(-26, 27)),
            _ => now,
        };
        var local = utc;
        if (zone is not null && utc > DateTime.MinValue.AddDays(1) && utc < DateTime.MaxValue.AddDays(-1))
        {
            // What the panel's own clock shows; near a DST change this lands in the gap or the overlap.
            local = Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).LocalDateTime.ToDateTimeUnspecified();
        }
        if (Pick(10) == 0)
        {
            // Straight onto a DST transition of this year: the skipped or repeated hour.
            local = new DateTime(now.Year, Pick(2) == 0 ? 3 : 10, 25 + _random.Next(7), 2, 30, 0);
        }
        return local.ToString("HH:mm:ss,MM-dd-yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>Byte damage: flips, inserts, deletions, truncation, case and high bytes; half the time resealed so it reaches the deeper parsers.</summary>
    private byte[] Damage(byte[] frame)
    {
        var bytes = new List<byte>(frame);
        for (var e = _random.Next(1, 4); e > 0 && bytes.Count > 0; e--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(7))
            {
                case 0: bytes[at] = (byte)_random.Next(256); break;
                case 1: bytes.Insert(at, (byte)_random.Next(32, 127)); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4: bytes[at] = (byte)char.ToLowerInvariant((char)bytes[at]); break;
                case 5: bytes.InsertRange(at, "é\u00ff"u8.ToArray()); break;
                default: bytes[at] = "\"[]|#_,:/^RLN*0123456789ABCDEF\r\n"u8[_random.Next(32)]; break;
            }
        }
        var damaged = bytes.ToArray();
        return _random.Next(2) == 0 ? Reseal(damaged) : damaged;
    }

    private static byte[] Reseal(byte[] frame)
    {
        if (frame.Length < 11 || frame[0] != 0x0A || frame[^1] != 0x0D || frame[9] != '"')
        {
            return frame;
        }
        var covered = frame.AsSpan(9, frame.Length - 10);
        Encoding.ASCII.GetBytes($"{Crc16Arc.Compute(covered):X4}{covered.Length:X4}").CopyTo(frame, 1);
        return frame;
    }

    private string Hex(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = "0123456789ABCDEF"[_random.Next(16)];
        }
        return new string(chars);
    }

    private int Pick(int outOf) => _random.Next(outOf);
}
