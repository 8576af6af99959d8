using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Station.Media;

/// <summary>
/// A camera's credentials: a device id and a random secret (256 bits, prefixed so a leaked one is recognised), shown
/// once at creation; the station keeps the secret's SHA-256 only. A random secret of that length needs no slow hash.
/// Cameras send them as HTTP Basic authentication, which every camera firmware knows.
/// </summary>
public static class DeviceSecrets
{
    public const string Prefix = "vmd1.";

    public static (string DeviceId, string Secret) Create() =>
        ("cam-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
         Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(MediaDevice device, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(device.SecretSha256));

    /// <summary>The device id and secret of an "Authorization: Basic …" header; null for anything else.</summary>
    public static (string DeviceId, string Secret)? FromAuthorization(string? header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (text[..colon], text[(colon + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
