namespace Vigie.Protocols.Dc09;

/// <summary>
/// What the parser tolerates beyond the letter of SIA DC-09, because real panels and tools send it.
/// Every switch defaults to the value a station wants in production: accept what is unambiguous.
/// </summary>
public sealed record Dc09Dialect
{
    public static readonly Dc09Dialect Default = new();
    public static readonly Dc09Dialect Strict = new()
    {
        AllowBinaryCrc = false,
        AllowDecimalLength = false,
        AllowNonHexAccount = false,
        AllowMissingLinePrefix = false,
        AllowBareFrame = false,
        AllowLowercaseHex = false,
    };

    /// <summary>CRC sent as two binary bytes (big-endian) instead of four hex characters.</summary>
    public bool AllowBinaryCrc { get; init; } = true;

    /// <summary>Length field written in decimal ("0047" for 47 bytes) instead of hex.</summary>
    public bool AllowDecimalLength { get; init; } = true;

    /// <summary>Ignore a wrong length field entirely (some simulators write nonsense); CRC still protects the frame.</summary>
    public bool IgnoreLength { get; init; }

    /// <summary>Account characters outside 0-9A-F (letters, lowercase) accepted as they are.</summary>
    public bool AllowNonHexAccount { get; init; } = true;

    /// <summary>No "L" field, or "L" with no digits.</summary>
    public bool AllowMissingLinePrefix { get; init; } = true;

    /// <summary>Frame without the leading LF and trailing CR (seen on UDP, where the datagram is the frame).</summary>
    public bool AllowBareFrame { get; init; } = true;

    /// <summary>Lowercase hex in CRC, length, receiver and ciphertext.</summary>
    public bool AllowLowercaseHex { get; init; } = true;

    /// <summary>Longest frame accepted, LF to CR inclusive. DC-09 frames are short; a cap stops memory abuse.</summary>
    public int MaxFrameLength { get; init; } = 1024;
}
