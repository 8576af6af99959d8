using Microsoft.Extensions.Configuration;

namespace Vigie.Receiver.Security;

/// <summary>
/// How the data-protection key ring (sign-in cookies, tokens, secrets encrypted at rest) is protected on disk
/// (section "DataProtection"). First that is set wins: a certificate, a key-encryption key, a key-encryption key file.
/// </summary>
public sealed class KeyRingSettings
{
    public const string Section = "DataProtection";

    /// <summary>The settings of a data folder: DATA/vigie.json's section, then VIGIE_DataProtection__… variables.</summary>
    public static KeyRingSettings Load(string dataFolder)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(Path.Combine(dataFolder, "vigie.json")), optional: true)
            .AddEnvironmentVariables("VIGIE_")
            .Build();
        var settings = new KeyRingSettings();
        configuration.GetSection(Section).Bind(settings);
        return settings;
    }

    /// <summary>A certificate with its private key: PFX/P12 (with <see cref="CertificatePassword"/>) or PEM.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM only: the private key's file when it is not in <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>256-bit key-encryption key, base64 (e.g. VIGIE_DataProtection__KeyEncryptionKey from a secret store).</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>
    /// File holding the key-encryption key (base64), made with a fresh key (0600) when missing; never in the data folder.
    /// Default: vigie/key-encryption.key under the user's configuration folder (~/.config).
    /// </summary>
    public string? KeyEncryptionKeyFile { get; set; }

    public static string DefaultKeyEncryptionKeyFile()
    {
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(config))
        {
            throw new InvalidOperationException("DataProtection: no user configuration folder (HOME unset): set DataProtection:KeyEncryptionKeyFile or DataProtection:CertificatePath");
        }
        return Path.Combine(config, "vigie", "key-encryption.key");
    }
}
