using System.Globalization;
using System.Text;

namespace Vigie.Protocols.Events;

/// <summary>
/// Decodes a SIA DC-03 data payload (token SIA-DCS, the part after "#account|"), e.g. "Nri1/BA012/ri2/TA001".
/// </summary>
/// <remarks>
/// <para>Grammar: a block starts with 'N' (new) or 'O' (old/stored, flagged <see cref="AlarmEvent.IsOldEvent"/>), then any
/// sequence of modifiers (two lowercase letters, a value of digits, ':', '-' or '.', optional "^text^") and event codes
/// (two uppercase letters, 0-9 address digits, optional "^text^"), separated or not by '/' (spaces are ignored).
/// Events inherit the current modifiers (ri, id, ti); a later modifier applies to the events after it.</para>
/// <para>Blocks are separated by '|': "|A text" attaches the text to the events of the preceding block (after their own
/// "^text^", joined by " | "); "|N…"/"|O…" starts a new block with modifiers reset; other block types are skipped.</para>
/// <para>Texts are decoded as Latin-1 and trimmed. Unknown codes are not errors (kind Unknown, address taken as a zone).
/// Any structural fault (bad block type, unterminated "^", lone letter, address over 9 digits, bad ri/id/ti value,
/// modifiers with no event) gives an error result and no events.</para>
/// </remarks>
public static class SiaDc03Decoder
{
    private const int MaxNumberDigits = 9;

    public static PayloadDecodeResult Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return PayloadDecodeResult.Empty;
        }
        if (payload[0] is not ((byte)'N' or (byte)'O'))
        {
            return PayloadDecodeResult.Fail($"Payload must start with 'N' or 'O', found {Describe(payload[0])}.");
        }

        var events = new List<AlarmEvent>(2);
        var pos = 0;
        var blockStart = 0;
        while (pos < payload.Length)
        {
            var type = payload[pos];
            var end = pos + 1;
            if (type is (byte)'N' or (byte)'O')
            {
                blockStart = events.Count;
                var error = DecodeDataBlock(payload, ref end, type == 'O', events);
                if (error is not null)
                {
                    return PayloadDecodeResult.Fail(error);
                }
            }
            else
            {
                // An empty block ("||") ends where it starts.
                var next = payload[pos..].IndexOf((byte)'|');
                end = next < 0 ? payload.Length : pos + next;
                if (type == 'A')
                {
                    AttachText(events, blockStart, Text(payload[(pos + 1)..end]));
                }
            }

            // end is at a '|' or at the end of the payload; a trailing '|' is accepted.
            pos = end + 1;
        }

        return events.Count == 0
            ? PayloadDecodeResult.Fail("Payload contains no event code.")
            : new PayloadDecodeResult(events, null);
    }

    /// <summary>Decodes from <paramref name="pos"/> (after N/O) up to the next '|' outside a text, or the end.</summary>
    private static string? DecodeDataBlock(ReadOnlySpan<byte> payload, ref int pos, bool old, List<AlarmEvent> events)
    {
        int? partition = null;
        int? userId = null;
        TimeOnly? time = null;
        string? partitionName = null;
        var eventsBefore = events.Count;

        while (pos < payload.Length && payload[pos] != '|')
        {
            var b = payload[pos];
            if (b is (byte)'/' or (byte)' ')
            {
                pos++;
                continue;
            }

            var pair = pos + 1 < payload.Length;
            if (IsLower(b) && pair && IsLower(payload[pos + 1]))
            {
                var start = pos;
                pos += 2;
                var valueStart = pos;
                while (pos < payload.Length && IsModifierValue(payload[pos]))
                {
                    pos++;
                }
                var value = payload[valueStart..pos];
                var textError = ReadText(payload, ref pos, out var text);
                if (textError is not null)
                {
                    return textError;
                }

                var name = payload.Slice(start, 2);
                if (value.IsEmpty)
                {
                    return $"Modifier '{Ascii(name)}' at offset {start} has no value.";
                }
                if (name.SequenceEqual("ri"u8))
                {
                    if (!TryParseNumber(value, out var area))
                    {
                        return $"Invalid area '{Ascii(value)}' at offset {valueStart}.";
                    }
                    partition = area;
                    partitionName = text;
                }
                else if (name.SequenceEqual("id"u8))
                {
                    if (!TryParseNumber(value, out var user))
                    {
                        return $"Invalid user id '{Ascii(value)}' at offset {valueStart}.";
                    }
                    userId = user;
                }
                else if (name.SequenceEqual("ti"u8))
                {
                    if (!TryParseTime(value, out var parsed))
                    {
                        return $"Invalid time '{Ascii(value)}' at offset {valueStart}.";
                    }
                    time = parsed;
                }
                // Other modifiers (pi, da, …) are accepted and not kept.
            }
            else if (IsUpper(b) && pair && IsUpper(payload[pos + 1]))
            {
                var start = pos;
                pos += 2;
                while (pos < payload.Length && IsDigit(payload[pos]))
                {
                    pos++;
                }
                var token = payload[start..pos];
                var digits = token[2..];
                int? address = null;
                if (!digits.IsEmpty)
                {
                    if (!TryParseNumber(digits, out var number))
                    {
                        return $"Address of '{Ascii(token[..2])}' at offset {start} is too long.";
                    }
                    address = number;
                }
                var textError = ReadText(payload, ref pos, out var text);
                if (textError is not null)
                {
                    return textError;
                }

                events.Add(CreateEvent(token, address, text, new Context(old, partition, userId, time, partitionName)));
            }
            else
            {
                return $"Unexpected {Describe(b)} at offset {pos}.";
            }
        }

        return events.Count == eventsBefore ? "Data block contains no event code." : null;
    }

    private static AlarmEvent CreateEvent(ReadOnlySpan<byte> token, int? address, string? text, Context context)
    {
        var info = EventCatalogue.FindSia(token[0], token[1]);
        var raw = Ascii(token);
        if (info is null)
        {
            var code = raw[..2];
            return new AlarmEvent(
                AlarmEventKind.Unknown, EventQualifier.New, context.Partition, address, context.UserId, code, raw, text,
                ArmingMethod.NotApplicable, "Unknown event code " + code)
            {
                IsOldEvent = context.Old,
                Time = context.Time,
                PartitionName = context.PartitionName,
            };
        }

        var (zone, user) = info.Address switch
        {
            EventAddressKind.Zone => (address, context.UserId),
            EventAddressKind.User => (null, address ?? context.UserId),
            _ => ((int?)null, context.UserId),
        };
        return new AlarmEvent(info.Kind, info.Qualifier, context.Partition, zone, user, info.Code, raw, text, info.Method, info.Label)
        {
            IsOldEvent = context.Old,
            Time = context.Time,
            PartitionName = context.PartitionName,
        };
    }

    /// <summary>Block flag and modifiers in force when an event code is read.</summary>
    private readonly record struct Context(bool Old, int? Partition, int? UserId, TimeOnly? Time, string? PartitionName);

    /// <summary>Reads an optional "^text^" at <paramref name="pos"/>.</summary>
    private static string? ReadText(ReadOnlySpan<byte> payload, ref int pos, out string? text)
    {
        text = null;
        if (pos >= payload.Length || payload[pos] != '^')
        {
            return null;
        }
        var close = payload[(pos + 1)..].IndexOf((byte)'^');
        if (close < 0)
        {
            return $"Unterminated '^' text at offset {pos}.";
        }
        text = Text(payload.Slice(pos + 1, close));
        pos += close + 2;
        return null;
    }

    private static void AttachText(List<AlarmEvent> events, int from, string? text)
    {
        if (text is null)
        {
            return;
        }
        for (var i = from; i < events.Count; i++)
        {
            var own = events[i].Text;
            events[i] = events[i] with { Text = own is null ? text : own + " | " + text };
        }
    }

    private static string? Text(ReadOnlySpan<byte> bytes)
    {
        var trimmed = bytes.Trim((byte)' ');
        return trimmed.IsEmpty ? null : Encoding.Latin1.GetString(trimmed);
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static string Describe(byte b) =>
        b is >= 0x21 and < 0x7F
            ? $"'{(char)b}'"
            : "byte 0x" + b.ToString("X2", CultureInfo.InvariantCulture);

    private static bool TryParseNumber(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > MaxNumberDigits)
        {
            return false;
        }
        foreach (var d in digits)
        {
            if (!IsDigit(d))
            {
                value = 0;
                return false;
            }
            value = (value * 10) + (d - '0');
        }
        return true;
    }

    /// <summary>"hh:mm" or "hh:mm:ss" (hour on 1 or 2 digits).</summary>
    private static bool TryParseTime(ReadOnlySpan<byte> value, out TimeOnly time)
    {
        time = default;
        var first = value.IndexOf((byte)':');
        if (first < 0 || !TryParseNumber(value[..first], out var hour) || first > 2)
        {
            return false;
        }
        var rest = value[(first + 1)..];
        var second = rest.IndexOf((byte)':');
        var minutes = second < 0 ? rest : rest[..second];
        var seconds = 0;
        if (minutes.Length != 2 || !TryParseNumber(minutes, out var minute)
            || (second >= 0 && (rest.Length - second - 1 != 2 || !TryParseNumber(rest[(second + 1)..], out seconds))))
        {
            return false;
        }
        if (hour > 23 || minute > 59 || seconds > 59)
        {
            return false;
        }
        time = new TimeOnly(hour, minute, seconds);
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private static bool IsLower(byte b) => b is >= (byte)'a' and <= (byte)'z';

    private static bool IsModifierValue(byte b) => IsDigit(b) || b is (byte)':' or (byte)'-' or (byte)'.';
}
