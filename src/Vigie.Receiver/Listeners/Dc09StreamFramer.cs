using System.Buffers;

namespace Vigie.Receiver.Listeners;

public enum FrameScan
{
    /// <summary>A whole frame, LF to CR, is in <c>frame</c>.</summary>
    Found,
    /// <summary>No complete frame yet; bytes before a LF were dropped as noise.</summary>
    NeedMore,
    /// <summary>A frame started but passed the length cap without its CR: a protocol violation.</summary>
    TooLong,
}

/// <summary>
/// Cuts DC-09 frames out of a TCP byte stream: from a LF to the CR that ends it. The CR is searched only past
/// the CRC field, whose binary form (2 bytes) may itself contain a CR; that form is told apart by where the
/// opening quote stands (offset 9 for hex CRC, 7 for binary).
/// </summary>
public static class Dc09StreamFramer
{
    private const byte Lf = 0x0A;
    private const byte Cr = 0x0D;

    public static FrameScan TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> frame, out long noise)
    {
        frame = default;
        noise = 0;
        var lf = buffer.PositionOf(Lf);
        if (lf is null)
        {
            noise = buffer.Length;
            buffer = buffer.Slice(buffer.End);
            return FrameScan.NeedMore;
        }
        var start = lf.Value;
        noise = buffer.Slice(0, start).Length;
        buffer = buffer.Slice(start);
        if (buffer.Length < 10)
        {
            return buffer.Length > maxLength ? FrameScan.TooLong : FrameScan.NeedMore;
        }
        Span<byte> head = stackalloc byte[10];
        buffer.Slice(0, 10).CopyTo(head);
        var searchFrom = head[9] == '"' ? 10 : head[7] == '"' ? 8 : 1;
        var rest = buffer.Slice(searchFrom);
        var cr = rest.PositionOf(Cr);
        if (cr is null)
        {
            return buffer.Length > maxLength ? FrameScan.TooLong : FrameScan.NeedMore;
        }
        var end = buffer.GetPosition(1, cr.Value);
        frame = buffer.Slice(0, end);
        if (frame.Length > maxLength)
        {
            return FrameScan.TooLong;
        }
        buffer = buffer.Slice(end);
        return FrameScan.Found;
    }
}
