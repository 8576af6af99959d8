using Vigie.Protocols.Dc09;

namespace Vigie.Receiver.Listeners;

/// <summary>
/// Whether a datagram at least begins like a DC-09 frame: [LF] CRC (4 hex digits, or 2 bytes when the dialect
/// allows binary CRC), length ("0LLL", hex or decimal digits), then the quote opening the ID token. Anything
/// else gets no UDP reply at all: with a forged source address, a reply would be reflected onto a victim.
/// </summary>
public static class Dc09FrameHeader
{
    public static bool IsPresent(ReadOnlySpan<byte> datagram, Dc09Dialect dialect)
    {
        if (!datagram.IsEmpty && datagram[0] == 0x0A)
        {
            datagram = datagram[1..];
        }
        else if (!dialect.AllowBareFrame)
        {
            return false;
        }
        if (datagram.Length > 8 && datagram[8] == '"')
        {
            return AllHex(datagram[..4]) && AllHex(datagram[4..8]);
        }
        return dialect.AllowBinaryCrc && datagram.Length > 6 && datagram[6] == '"' && AllHex(datagram[2..6]);
    }

    private static bool AllHex(ReadOnlySpan<byte> field)
    {
        foreach (var b in field)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }
        return true;
    }
}
