using System.Buffers;

namespace Vigie.Protocols.Dc09;

/// <summary>Routing part of a frame to write: the fields between the sequence number and '['.</summary>
public readonly ref struct Dc09Routing
{
    public Dc09Routing(ReadOnlySpan<byte> receiver, bool hasReceiver, ReadOnlySpan<byte> line, bool hasLine, ReadOnlySpan<byte> account, bool hasAccount)
    {
        Receiver = receiver;
        HasReceiver = hasReceiver;
        Line = line;
        HasLine = hasLine;
        Account = account;
        HasAccount = hasAccount;
    }

    public ReadOnlySpan<byte> Receiver { get; }
    public bool HasReceiver { get; }
    public ReadOnlySpan<byte> Line { get; }
    public bool HasLine { get; }
    public ReadOnlySpan<byte> Account { get; }
    public bool HasAccount { get; }

    /// <summary>The same routing as a received frame, so a reply echoes it.</summary>
    public static Dc09Routing Echo(in Dc09Frame frame) =>
        new(frame.Receiver, frame.HasReceiver, frame.Line, frame.HasLine, frame.Account, frame.HasAccount);
}

/// <summary>Builds DC-09 frames into a caller's buffer: no allocation for plain frames.</summary>
public static class Dc09Writer
{
    /// <summary>Room a caller should give for a frame whose clear content has <paramref name="contentLength"/> bytes.</summary>
    public static int MaxFrameLength(int contentLength) => 80 + (2 * (contentLength + 17)) + 32;

    /// <summary>
    /// Writes &lt;LF&gt;CRC 0LLL "ID" seq routing [ content &lt;CR&gt;, where content is "data]xdata_timestamp".
    /// With a key, the content is encrypted: random pad (1-16 bytes, never '|', '[' or ']'), '|', content.
    /// </summary>
    public static int Write(Span<byte> destination, Dc09Token token, int sequence, in Dc09Routing routing,
        ReadOnlySpan<byte> content, Dc09Key? key, Dc09WriteOptions? options = null)
    {
        options ??= Dc09WriteOptions.Default;
        if ((uint)sequence > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "A DC-09 sequence number has four digits.");
        }
        var encrypted = key is not null;
        var crcWidth = options.BinaryCrc ? 2 : 4;
        destination[0] = 0x0A;
        var start = 1 + crcWidth + 4; // first '"'
        var p = start;
        destination[p++] = (byte)'"';
        if (encrypted)
        {
            destination[p++] = (byte)'*';
        }
        var tokenBytes = Dc09Tokens.Bytes(token);
        tokenBytes.CopyTo(destination[p..]);
        p += tokenBytes.Length;
        destination[p++] = (byte)'"';
        Ascii.WriteDecimal(destination.Slice(p, 4), sequence, 4);
        p += 4;
        if (token == Dc09Token.Nak)
        {
            "R0L0A0"u8.CopyTo(destination[p..]);
            p += 6;
        }
        else
        {
            if (routing.HasReceiver)
            {
                destination[p++] = (byte)'R';
                routing.Receiver.CopyTo(destination[p..]);
                p += routing.Receiver.Length;
            }
            if (routing.HasLine)
            {
                destination[p++] = (byte)'L';
                routing.Line.CopyTo(destination[p..]);
                p += routing.Line.Length;
            }
            if (routing.HasAccount)
            {
                destination[p++] = (byte)'#';
                routing.Account.CopyTo(destination[p..]);
                p += routing.Account.Length;
            }
        }
        destination[p++] = (byte)'[';

        if (key is null)
        {
            content.CopyTo(destination[p..]);
            p += content.Length;
        }
        else
        {
            p += WriteCiphertext(destination[p..], content, key, options);
        }

        var covered = destination[start..p];
        var length = covered.Length;
        if (options.DecimalLength)
        {
            Ascii.WriteDecimal(destination.Slice(1 + crcWidth, 4), length, 4);
        }
        else
        {
            Ascii.WriteHex4(destination.Slice(1 + crcWidth, 4), length);
        }
        var crc = Crc16Arc.Compute(covered);
        if (options.BinaryCrc)
        {
            destination[1] = (byte)(crc >> 8);
            destination[2] = (byte)crc;
        }
        else
        {
            Ascii.WriteHex4(destination.Slice(1, 4), crc);
        }
        destination[p++] = 0x0D;
        return p;
    }

    private static int WriteCiphertext(Span<byte> destination, ReadOnlySpan<byte> content, Dc09Key key, Dc09WriteOptions options)
    {
        var padLength = 16 - ((content.Length + 1) % 16);
        var total = padLength + 1 + content.Length;
        var rented = ArrayPool<byte>.Shared.Rent(total * 2);
        try
        {
            var plain = rented.AsSpan(0, total);
            var cipher = rented.AsSpan(total, total);
            options.Pad(plain[..padLength]);
            plain[padLength] = (byte)'|';
            content.CopyTo(plain[(padLength + 1)..]);
            key.Encrypt(plain, cipher);
            const string digits = "0123456789ABCDEF";
            for (var i = 0; i < cipher.Length; i++)
            {
                destination[2 * i] = (byte)digits[cipher[i] >> 4];
                destination[(2 * i) + 1] = (byte)digits[cipher[i] & 0xF];
            }
            return cipher.Length * 2;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Plain ACK echoing the frame's sequence, receiver, line and account; encrypted (*ACK with pad and timestamp) when a key is given.</summary>
    public static int WriteAck(Span<byte> destination, in Dc09Frame frame, Dc09Key? key, DateTime receiverUtc)
    {
        if (key is null)
        {
            return Write(destination, Dc09Token.Ack, frame.Sequence, Dc09Routing.Echo(frame), "]"u8, null);
        }
        Span<byte> content = stackalloc byte[1 + 1 + Dc09Timestamp.Length];
        content[0] = (byte)']';
        content[1] = (byte)'_';
        Dc09Timestamp.Write(content[2..], receiverUtc);
        return Write(destination, Dc09Token.Ack, frame.Sequence, Dc09Routing.Echo(frame), content, key);
    }

    /// <summary>NAK: never encrypted, sequence 0000, "R0L0A0", with the receiver's UTC time so the panel can resynchronise.</summary>
    public static int WriteNak(Span<byte> destination, DateTime receiverUtc)
    {
        Span<byte> content = stackalloc byte[1 + 1 + Dc09Timestamp.Length];
        content[0] = (byte)']';
        content[1] = (byte)'_';
        Dc09Timestamp.Write(content[2..], receiverUtc);
        return Write(destination, Dc09Token.Nak, 0, default, content, null);
    }

    /// <summary>DUH: the receiver cannot read the message (e.g. encrypted for an account it has no key for). Plain.</summary>
    public static int WriteDuh(Span<byte> destination, in Dc09Frame frame) =>
        Write(destination, Dc09Token.Duh, frame.Sequence, Dc09Routing.Echo(frame), "]"u8, null);
}

/// <summary>How to write a frame: the dialect tolerances, on the sending side (for simulating odd panels).</summary>
public sealed record Dc09WriteOptions
{
    public static readonly Dc09WriteOptions Default = new();

    public bool BinaryCrc { get; init; }
    public bool DecimalLength { get; init; }

    /// <summary>Fills the encryption pad. Default: random printable characters other than '|', '[' and ']'.</summary>
    public PadFiller Pad { get; init; } = RandomPad;

    public delegate void PadFiller(Span<byte> pad);

    private static void RandomPad(Span<byte> pad)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)alphabet[Random.Shared.Next(alphabet.Length)];
        }
    }
}
