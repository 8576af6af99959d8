namespace Vigie.Protocols.Dc09;

/// <summary>The DC-09 timestamp "HH:MM:SS,MM-DD-YYYY" (the '_' before it is the caller's).</summary>
public static class Dc09Timestamp
{
    public const int Length = 19;

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime value, out int used)
    {
        value = default;
        used = 0;
        if (text.Length < Length
            || text[2] != ':' || text[5] != ':' || text[8] != ',' || text[11] != '-' || text[14] != '-')
        {
            return false;
        }
        if (!Ascii.TryParseDecimal(text[0..2], out var hour) || !Ascii.TryParseDecimal(text[3..5], out var minute)
            || !Ascii.TryParseDecimal(text[6..8], out var second) || !Ascii.TryParseDecimal(text[9..11], out var month)
            || !Ascii.TryParseDecimal(text[12..14], out var day) || !Ascii.TryParseDecimal(text[15..19], out var year))
        {
            return false;
        }
        if (hour > 23 || minute > 59 || second > 59 || month is < 1 or > 12 || year < 1
            || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        used = Length;
        return true;
    }

    public static void Write(Span<byte> destination, DateTime value)
    {
        Ascii.WriteDecimal(destination[0..2], value.Hour, 2);
        destination[2] = (byte)':';
        Ascii.WriteDecimal(destination[3..5], value.Minute, 2);
        destination[5] = (byte)':';
        Ascii.WriteDecimal(destination[6..8], value.Second, 2);
        destination[8] = (byte)',';
        Ascii.WriteDecimal(destination[9..11], value.Month, 2);
        destination[11] = (byte)'-';
        Ascii.WriteDecimal(destination[12..14], value.Day, 2);
        destination[14] = (byte)'-';
        Ascii.WriteDecimal(destination[15..19], value.Year, 4);
    }
}
