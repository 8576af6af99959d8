using System.Security.Cryptography;

namespace Vigie.Protocols.Dc09;

/// <summary>How an account's key is written: panels and tools disagree.</summary>
public enum Dc09KeyFormat
{
    /// <summary>16, 24 or 32 characters, each one byte of key ("0123456789ABCDEF" is a 128-bit key).</summary>
    Ascii,
    /// <summary>32, 48 or 64 hex digits, two per byte of key.</summary>
    Hex,
}

/// <summary>
/// An account's AES key: CBC with an all-zero IV and no padding mode (DC-09 pads at the start of the plaintext).
/// Thread-safe: one instance is shared by every connection of the account.
/// </summary>
public sealed class Dc09Key : IDisposable
{
    private readonly Aes _aes;
    private readonly Lock _gate = new();
    private static readonly byte[] ZeroIv = new byte[16];

    private Dc09Key(byte[] key)
    {
        _aes = Aes.Create();
        _aes.Key = key;
        BitLength = key.Length * 8;
    }

    public int BitLength { get; }

    public static Dc09Key Parse(string text, Dc09KeyFormat format) =>
        TryParse(text, format, out var key, out var error) ? key : throw new FormatException(error);

    public static bool TryParse(string? text, Dc09KeyFormat format, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Dc09Key? key, out string error)
    {
        key = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the key is empty";
            return false;
        }
        byte[] bytes;
        switch (format)
        {
            case Dc09KeyFormat.Ascii:
                if (text.Length is not (16 or 24 or 32))
                {
                    error = $"an ASCII key has 16, 24 or 32 characters, this one has {text.Length}";
                    return false;
                }
                if (text.Any(c => c is < ' ' or > '~'))
                {
                    error = "an ASCII key holds printable ASCII characters only";
                    return false;
                }
                bytes = System.Text.Encoding.ASCII.GetBytes(text);
                break;
            case Dc09KeyFormat.Hex:
                if (text.Length is not (32 or 48 or 64))
                {
                    error = $"a hex key has 32, 48 or 64 hex digits, this one has {text.Length}";
                    return false;
                }
                try
                {
                    bytes = Convert.FromHexString(text);
                }
                catch (FormatException)
                {
                    error = "a hex key holds only the digits 0-9 and A-F";
                    return false;
                }
                break;
            default:
                error = $"unknown key format {format}";
                return false;
        }
        key = new Dc09Key(bytes);
        error = "";
        return true;
    }

    /// <summary>Decrypts whole blocks. <paramref name="destination"/> must be as long as <paramref name="ciphertext"/>.</summary>
    public void Decrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        lock (_gate)
        {
            _aes.DecryptCbc(ciphertext, ZeroIv, destination, PaddingMode.None);
        }
    }

    /// <summary>Encrypts whole blocks. <paramref name="plaintext"/> length must be a multiple of 16.</summary>
    public void Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        lock (_gate)
        {
            _aes.EncryptCbc(plaintext, ZeroIv, destination, PaddingMode.None);
        }
    }

    /// <summary>
    /// Decrypts the hex ciphertext of a frame body into <paramref name="plaintext"/> (at least half the hex length).
    /// Returns the plaintext length, or -1 when the body is not whole hex AES blocks.
    /// </summary>
    public int DecryptHex(ReadOnlySpan<byte> hex, Span<byte> plaintext)
    {
        if (hex.IsEmpty || hex.Length % 32 != 0 || plaintext.Length < hex.Length / 2)
        {
            return -1;
        }
        var length = hex.Length / 2;
        var cipher = plaintext[..length];
        for (var i = 0; i < length; i++)
        {
            var hi = Ascii.HexValue(hex[2 * i], allowLower: true);
            var lo = Ascii.HexValue(hex[(2 * i) + 1], allowLower: true);
            if (hi < 0 || lo < 0)
            {
                return -1;
            }
            cipher[i] = (byte)((hi << 4) | lo);
        }
        // In-place CBC decryption is supported by the one-shot API.
        Decrypt(cipher, cipher);
        return length;
    }

    public void Dispose() => _aes.Dispose();
}
