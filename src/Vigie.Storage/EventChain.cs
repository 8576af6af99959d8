using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Vigie.Storage;

/// <summary>
/// The hash chain of a stream: each event's hash covers the previous event's hash, so editing, removing or
/// reordering a stored event breaks every hash after it. The same function serves append and verification.
/// </summary>
public static class EventChain
{
    /// <summary>The previous hash of a stream's first event: 32 zero bytes.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>
    /// SHA-256 over the 32 bytes of <paramref name="previousHash"/> followed by the UTF-8 of
    /// "stream\nversion\ntype\nactor\nat-as-unix-ms\ndata"; lowercase hex.
    /// </summary>
    public static string ComputeHash(string previousHash, string stream, long version, string type, string actor, Instant at, string data)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(data);
        var line = string.Join('\n',
            stream,
            version.ToString(CultureInfo.InvariantCulture),
            type,
            actor,
            at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            data);
        var content = new byte[32 + Encoding.UTF8.GetByteCount(line)];
        if (previousHash.Length != 64 || Convert.FromHexString(previousHash, content.AsSpan(0, 32), out _, out _) != OperationStatus.Done)
        {
            throw new ArgumentException("the previous hash must be 64 hexadecimal digits", nameof(previousHash));
        }
        Encoding.UTF8.GetBytes(line, content.AsSpan(32));
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }
}
