using System.Security.Cryptography;
using System.Text;

namespace Vigie.Station.Engine;

/// <summary>
/// Virtual remote tokens (RC-2): "vr1.{siteId}.{remoteId}.{secret}" with 32 random bytes of secret in base64url. Only the
/// SHA-256 (lowercase hex) of the whole token is stored; the token is shown once and never logged.
/// </summary>
public static class VirtualRemoteTokens
{
    private const string Prefix = "vr1";
    private const int SecretBytes = 32;

    public static string Create(string siteId, string remoteId) =>
        $"{Prefix}.{siteId}.{remoteId}.{Base64Url(RandomNumberGenerator.GetBytes(SecretBytes))}";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The site and remote a well-formed token names; false for anything else (no secret is checked here).</summary>
    public static bool TryRead(string? token, out string siteId, out string remoteId)
    {
        siteId = remoteId = "";
        if (token is null || token.Length > 200)
        {
            return false;
        }
        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length != 43 ||
            !parts[3].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }
        siteId = parts[1];
        remoteId = parts[2];
        return true;
    }

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string token, string storedHash)
    {
        var computed = Encoding.ASCII.GetBytes(Hash(token));
        var stored = Encoding.ASCII.GetBytes(storedHash);
        return computed.Length == stored.Length && CryptographicOperations.FixedTimeEquals(computed, stored);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
