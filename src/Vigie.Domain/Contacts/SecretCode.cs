using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Vigie.Domain.Contacts;

/// <summary>
/// A code (identification, duress) kept only as a salted PBKDF2-SHA256 hash, so nobody, operators included,
/// can read it back (ARCHITECTURE rule 8, DOMAIN CON-5/CON-6). Stored as "pbkdf2-sha256$iterations$salt$hash".
/// </summary>
[JsonConverter(typeof(SecretCodeJsonConverter))]
public sealed class SecretCode
{
    private const string Scheme = "pbkdf2-sha256";
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private SecretCode(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    /// <summary>Checks the form of a code typed by a person: 4 to 8 digits (what a keypad and a phone can send).</summary>
    public static bool IsWellFormed(string? code, [NotNullWhen(false)] out string? error)
    {
        if (code is null || code.Length is < 4 or > 8 || !code.All(char.IsAsciiDigit))
        {
            error = "a code is 4 to 8 digits";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Hashes a new code with a fresh random salt.</summary>
    public static SecretCode Create(string code, int iterations)
    {
        if (!IsWellFormed(code, out var error))
        {
            throw new ArgumentException(error, nameof(code));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(16);
        return new SecretCode(iterations, salt, Derive(code, salt, iterations));
    }

    public bool Matches(string candidate) =>
        candidate.Length is > 0 and <= 64 &&
        CryptographicOperations.FixedTimeEquals(Derive(candidate, _salt, Iterations), _hash);

    private static byte[] Derive(string code, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(code, salt, iterations, HashAlgorithmName.SHA256, 32);

    public string Encoded => string.Create(CultureInfo.InvariantCulture,
        $"{Scheme}${Iterations}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}");

    public static SecretCode Decode(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            throw new FormatException("not a stored code hash (expected pbkdf2-sha256$iterations$salt$hash)");
        }
        return new SecretCode(iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
    }

    /// <summary>Never the code: only that one is set.</summary>
    public override string ToString() => "(code hash)";
}

internal sealed class SecretCodeJsonConverter : JsonConverter<SecretCode>
{
    public override SecretCode Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        SecretCode.Decode(reader.GetString() ?? throw new System.Text.Json.JsonException("code hash is null"));

    public override void Write(System.Text.Json.Utf8JsonWriter writer, SecretCode value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Encoded);
}
