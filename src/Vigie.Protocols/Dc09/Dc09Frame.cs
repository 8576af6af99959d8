namespace Vigie.Protocols.Dc09;

/// <summary>
/// A parsed DC-09 frame, as views over the bytes it was read from: nothing is copied.
/// <see cref="Body"/> is what follows '[': for a plain message the data, extended data and timestamp
/// (read it with <see cref="Dc09Content"/>); for an encrypted one, the hex ciphertext.
/// </summary>
public readonly ref struct Dc09Frame
{
    public ushort Crc { get; init; }
    public bool CrcWasBinary { get; init; }
    public int DeclaredLength { get; init; }
    public bool LengthWasDecimal { get; init; }
    public Dc09Token Token { get; init; }
    public bool Encrypted { get; init; }
    public int Sequence { get; init; }
    public ReadOnlySpan<byte> SequenceText { get; init; }
    public bool HasReceiver { get; init; }
    /// <summary>Receiver number, without the 'R'.</summary>
    public ReadOnlySpan<byte> Receiver { get; init; }
    public bool HasLine { get; init; }
    /// <summary>Line prefix, without the 'L'; may be empty.</summary>
    public ReadOnlySpan<byte> Line { get; init; }
    public bool HasAccount { get; init; }
    /// <summary>Account from the header, without the '#'.</summary>
    public ReadOnlySpan<byte> Account { get; init; }
    public ReadOnlySpan<byte> Body { get; init; }
}

/// <summary>
/// The part of a message after '[' once in clear: data up to ']', extended data blocks '[Xvalue]', then an
/// optional timestamp '_HH:MM:SS,MM-DD-YYYY'.
/// </summary>
public readonly ref struct Dc09Content
{
    /// <summary>Whole data field, e.g. "#1234|Nri1/BA012".</summary>
    public ReadOnlySpan<byte> Data { get; init; }
    public bool HasDataAccount { get; init; }
    /// <summary>The account written inside the data ("#1234|…"), without '#'.</summary>
    public ReadOnlySpan<byte> DataAccount { get; init; }
    /// <summary>The event payload after the account block: "Nri1/BA012" or "1130 01 003".</summary>
    public ReadOnlySpan<byte> Payload { get; init; }
    /// <summary>Raw extended data, all blocks with their brackets: "[X006E07.7][Y49N06.6]".</summary>
    public ReadOnlySpan<byte> ExtendedData { get; init; }
    public bool HasTimestamp { get; init; }
    /// <summary>The panel's timestamp as written (UTC per DC-09, but see per-account clock settings).</summary>
    public DateTime Timestamp { get; init; }

    public Dc09ExtendedDataEnumerator EnumerateExtendedData() => new(ExtendedData);

    /// <summary>Reads content in clear. For an encrypted message pass the plaintext: the pad before the first '|' is skipped.</summary>
    public static Dc09FrameError TryParse(ReadOnlySpan<byte> content, bool fromCiphertext, out Dc09Content result)
    {
        result = default;
        if (fromCiphertext)
        {
            // Some senders add PKCS#7 bytes after the timestamp on top of the DC-09 pad: control bytes never belong to content.
            while (!content.IsEmpty && content[^1] < 0x20)
            {
                content = content[..^1];
            }
            // Pad runs up to the first '|'. Some senders (replies) omit the '|': then the data is empty.
            var close = content.IndexOf((byte)']');
            var bar = content.IndexOf((byte)'|');
            if (close < 0)
            {
                return Dc09FrameError.BadCiphertext;
            }
            content = bar >= 0 && bar < close ? content[(bar + 1)..] : content[close..];
        }

        var end = content.IndexOf((byte)']');
        if (end < 0)
        {
            return Dc09FrameError.BadData;
        }
        var data = content[..end];
        var rest = content[(end + 1)..];

        var xdataLength = 0;
        while (xdataLength < rest.Length && rest[xdataLength] == '[')
        {
            var close = rest[xdataLength..].IndexOf((byte)']');
            if (close < 2)
            {
                return Dc09FrameError.BadExtendedData;
            }
            xdataLength += close + 1;
        }
        var xdata = rest[..xdataLength];
        rest = rest[xdataLength..];

        var hasTimestamp = false;
        DateTime timestamp = default;
        if (!rest.IsEmpty)
        {
            if (rest[0] != '_' || !Dc09Timestamp.TryParse(rest[1..], out timestamp, out var used) || used != rest.Length - 1)
            {
                return Dc09FrameError.BadTimestamp;
            }
            hasTimestamp = true;
        }

        var payload = data;
        var hasDataAccount = false;
        ReadOnlySpan<byte> dataAccount = default;
        if (!data.IsEmpty && (data[0] == '#' || data[0] == '|'))
        {
            var bar = data.IndexOf((byte)'|');
            if (data[0] == '#')
            {
                hasDataAccount = true;
                dataAccount = bar < 0 ? data[1..] : data[1..bar];
            }
            payload = bar < 0 ? [] : data[(bar + 1)..];
        }

        result = new Dc09Content
        {
            Data = data,
            HasDataAccount = hasDataAccount,
            DataAccount = dataAccount,
            Payload = payload,
            ExtendedData = xdata,
            HasTimestamp = hasTimestamp,
            Timestamp = timestamp,
        };
        return Dc09FrameError.None;
    }
}

/// <summary>Walks "[Xvalue][Yvalue]" yielding (identifier, value) without allocating.</summary>
public ref struct Dc09ExtendedDataEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public Dc09ExtendedDataEnumerator(ReadOnlySpan<byte> blocks)
    {
        _rest = blocks;
        Current = default;
    }

    public Dc09ExtendedData Current { get; private set; }

    public readonly Dc09ExtendedDataEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < 3 || _rest[0] != '[')
        {
            return false;
        }
        var close = _rest.IndexOf((byte)']');
        if (close < 2)
        {
            return false;
        }
        Current = new Dc09ExtendedData((char)_rest[1], _rest[2..close]);
        _rest = _rest[(close + 1)..];
        return true;
    }
}

public readonly ref struct Dc09ExtendedData
{
    public Dc09ExtendedData(char id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    /// <summary>V verification URL, X longitude, Y latitude, H time of occurrence, M MAC, K key change, …</summary>
    public char Id { get; }
    public ReadOnlySpan<byte> Value { get; }
}
