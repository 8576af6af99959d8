using System.Globalization;

namespace Vigie.Protocols.Events;

/// <summary>
/// Decodes an Ademco Contact ID body (token ADM-CID), "QEEE GG ZZZ", e.g. "1130 01 003".
/// </summary>
/// <remarks>
/// <para>Accepted layouts: the 9 characters with no space ("113001003"), or with single spaces only between groups,
/// as "QEEE GG ZZZ" or "Q EEE GG ZZZ"; leading/trailing spaces are ignored. Q must be 1, 3 or 6; EEE three hex digits
/// (either case, normalised to uppercase); GG and ZZZ decimal digits. Anything else is an error.</para>
/// <para>The all-zero body "0000 00 000" (sent by some panels as a NULL/keep-alive) decodes to an empty event list
/// with no error.</para>
/// <para>Qualifier semantics: for open/close codes (400-409 except 406 cancel, 441, 442, 456) Q1 gives
/// <see cref="AlarmEventKind.Opening"/>, Q3 <see cref="AlarmEventKind.Closing"/> (or <see cref="AlarmEventKind.PartialClosing"/>
/// for 441/442/456), both with qualifier New, and ZZZ is the user number. For bypass codes (57x) Q3 gives
/// <see cref="AlarmEventKind.Unbypass"/>. Otherwise Q1 → New, Q3 → Restore, Q6 → Status (Q6 on an open/close code keeps
/// the arming kind). Partition is GG as sent (00 → 0). For codes whose address is None, ZZZ is only in the raw code;
/// for unknown codes it is taken as a zone. <see cref="AlarmEvent.RawCode"/> is normalised to "QEEE GG ZZZ".</para>
/// </remarks>
public static class ContactIdDecoder
{
    private const int BodyLength = 9;

    public static PayloadDecodeResult Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return PayloadDecodeResult.Empty;
        }

        var trimmed = payload.Trim((byte)' ');
        Span<byte> body = stackalloc byte[BodyLength];
        var count = 0;
        var previousWasSpace = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var b = trimmed[i];
            if (b == ' ')
            {
                // A separator is only allowed once, between groups: after Q, QEEE or QEEEGG.
                if (previousWasSpace || count is not (1 or 4 or 6))
                {
                    return PayloadDecodeResult.Fail($"Misplaced space at offset {i} in Contact ID body.");
                }
                previousWasSpace = true;
                continue;
            }
            previousWasSpace = false;
            if (count == BodyLength)
            {
                return PayloadDecodeResult.Fail("Contact ID body is longer than QEEE GG ZZZ.");
            }
            body[count++] = b;
        }
        if (count != BodyLength)
        {
            return PayloadDecodeResult.Fail("Contact ID body is shorter than QEEE GG ZZZ.");
        }
        if (body.IndexOfAnyExcept((byte)'0') < 0)
        {
            return PayloadDecodeResult.Empty;
        }

        var q = body[0];
        if (q is not ((byte)'1' or (byte)'3' or (byte)'6'))
        {
            return PayloadDecodeResult.Fail($"Invalid Contact ID qualifier {Describe(q)} (expected 1, 3 or 6).");
        }
        var code = 0;
        for (var i = 1; i < 4; i++)
        {
            var digit = EventCatalogue.HexValue(body[i]);
            if (digit < 0)
            {
                return PayloadDecodeResult.Fail($"Invalid Contact ID event code character {Describe(body[i])}.");
            }
            code = (code << 4) | digit;
        }
        if (!TryParseDecimal(body[4..6], out var partition))
        {
            return PayloadDecodeResult.Fail("Contact ID partition (GG) must be two decimal digits.");
        }
        if (!TryParseDecimal(body[6..9], out var address))
        {
            return PayloadDecodeResult.Fail("Contact ID zone/user (ZZZ) must be three decimal digits.");
        }

        return new PayloadDecodeResult([CreateEvent(q, code, partition, address, body)], null);
    }

    private static AlarmEvent CreateEvent(byte q, int code, int partition, int address, ReadOnlySpan<byte> body)
    {
        Span<char> chars = stackalloc char[11];
        chars[0] = (char)body[0];
        chars[1] = ToUpper(body[1]);
        chars[2] = ToUpper(body[2]);
        chars[3] = ToUpper(body[3]);
        chars[4] = ' ';
        chars[5] = (char)body[4];
        chars[6] = (char)body[5];
        chars[7] = ' ';
        chars[8] = (char)body[6];
        chars[9] = (char)body[7];
        chars[10] = (char)body[8];
        var raw = new string(chars);

        var qualifier = q switch
        {
            (byte)'1' => EventQualifier.New,
            (byte)'3' => EventQualifier.Restore,
            _ => EventQualifier.Status,
        };

        var entry = EventCatalogue.FindContactId(code);
        if (entry is null)
        {
            var unknown = raw.Substring(1, 3);
            return new AlarmEvent(
                AlarmEventKind.Unknown, qualifier, partition, address, null, unknown, raw, null,
                ArmingMethod.NotApplicable, "Unknown event code " + unknown);
        }

        var info = entry.Info;
        var kind = info.Kind;
        var label = qualifier switch
        {
            EventQualifier.New => entry.NewLabel,
            EventQualifier.Restore => entry.RestoreLabel,
            EventQualifier.Status => entry.StatusLabel,
            _ => entry.NewLabel,
        };
        if (entry.IsOpenClose)
        {
            if (qualifier == EventQualifier.New)
            {
                kind = AlarmEventKind.Opening;
            }
            else if (qualifier == EventQualifier.Restore)
            {
                qualifier = EventQualifier.New;
            }
        }
        else if (qualifier == EventQualifier.New)
        {
            qualifier = info.Qualifier;
        }
        else if (qualifier == EventQualifier.Restore && kind == AlarmEventKind.Bypass)
        {
            kind = AlarmEventKind.Unbypass;
        }

        var (zone, user) = info.Address switch
        {
            EventAddressKind.Zone => ((int?)address, (int?)null),
            EventAddressKind.User => ((int?)null, (int?)address),
            _ => ((int?)null, (int?)null),
        };
        return new AlarmEvent(kind, qualifier, partition, zone, user, info.Code, raw, null, info.Method, label);
    }

    private static char ToUpper(byte b) => (char)(b is >= (byte)'a' and <= (byte)'f' ? b - 32 : b);

    private static bool TryParseDecimal(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                value = 0;
                return false;
            }
            value = (value * 10) + (d - '0');
        }
        return true;
    }

    private static string Describe(byte b) =>
        b is >= 0x21 and < 0x7F
            ? $"'{(char)b}'"
            : "byte 0x" + b.ToString("X2", CultureInfo.InvariantCulture);
}
