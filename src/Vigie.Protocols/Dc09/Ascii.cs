namespace Vigie.Protocols.Dc09;

/// <summary>Byte-level helpers for the ASCII fields of a frame; no strings on the hot path.</summary>
internal static class Ascii
{
    public static int HexValue(byte b, bool allowLower) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' when allowLower => b - 'a' + 10,
        _ => -1,
    };

    public static bool IsHex(byte b, bool allowLower) => HexValue(b, allowLower) >= 0;

    public static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    public static bool IsAlphaNumeric(byte b) =>
        b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z';

    public static bool TryParseHex(ReadOnlySpan<byte> text, bool allowLower, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 7)
        {
            return false;
        }
        foreach (var b in text)
        {
            var v = HexValue(b, allowLower);
            if (v < 0)
            {
                value = 0;
                return false;
            }
            value = (value << 4) | v;
        }
        return true;
    }

    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }
        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                value = 0;
                return false;
            }
            value = (value * 10) + (b - '0');
        }
        return true;
    }

    public static void WriteHex4(Span<byte> destination, int value)
    {
        const string digits = "0123456789ABCDEF";
        destination[0] = (byte)digits[(value >> 12) & 0xF];
        destination[1] = (byte)digits[(value >> 8) & 0xF];
        destination[2] = (byte)digits[(value >> 4) & 0xF];
        destination[3] = (byte)digits[value & 0xF];
    }

    public static void WriteDecimal(Span<byte> destination, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
