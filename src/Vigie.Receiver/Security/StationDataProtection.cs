using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver.Postgres;

namespace Vigie.Receiver.Security;

/// <summary>
/// The station's one data-protection registration, for every host over a data folder (receiver, engine, console, CLI):
/// keys in DATA/keys (with PostgreSQL: in the shared database, so every station opens the others' cookies), application
/// "vigie", each key encrypted at rest by a certificate or a key-encryption key kept outside the data folder and the
/// database, so a copy of the folder or a dump (a backup, a stolen disk) opens no cookie and no stored secret.
/// </summary>
public static class StationDataProtection
{
    public const string ApplicationName = "vigie";

    /// <summary>
    /// Registers data protection once; a later call (another module) keeps the first registration. With
    /// <paramref name="postgres"/> the keys live in its table keyring_keys (created by <see cref="KeyRingDb.MigrateAsync"/>).
    /// </summary>
    public static IServiceCollection Add(IServiceCollection services, string dataFolder, KeyRingSettings? settings = null, string? postgres = null)
    {
        if (services.Any(s => s.ServiceType == typeof(KeyRingProtection)))
        {
            return services;
        }
        settings ??= new KeyRingSettings();
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (postgres is { Length: > 0 })
        {
            // The table before the first key is read or written (data protection reads lazily, from any thread).
            PostgresDatabase.CheckAsync(postgres, CancellationToken.None).GetAwaiter().GetResult();
            KeyRingDb.MigrateAsync(postgres, CancellationToken.None).GetAwaiter().GetResult();
            services.AddDbContext<KeyRingDb>(db => db.UseNpgsql(postgres));
            builder.PersistKeysToDbContext<KeyRingDb>();
        }
        else
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataFolder), "keys")));
        }
        if (settings.CertificatePath is { Length: > 0 } certificatePath)
        {
            var certificate = LoadCertificate(certificatePath, settings.CertificateKeyPath, settings.CertificatePassword, "DataProtection:CertificatePath");
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
            services.AddSingleton(new KeyRingProtection($"certificate {certificate.Thumbprint}"));
            return services;
        }
        var kek = settings.KeyEncryptionKey is { Length: > 0 } text
            ? KeyEncryptionKey.Parse(text, "DataProtection:KeyEncryptionKey")
            : KeyEncryptionKey.FromFile(settings.KeyEncryptionKeyFile ?? KeyRingSettings.DefaultKeyEncryptionKeyFile(), dataFolder);
        services.AddSingleton(kek);
        services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new KeyEncryptionKeyEncryptor(kek));
        services.AddSingleton(new KeyRingProtection($"key-encryption key {kek.Fingerprint}"));
        return services;
    }

    /// <summary>A provider over the data folder's key ring, for a command that runs no host.</summary>
    public static ServiceProvider CreateProvider(string dataFolder, KeyRingSettings? settings = null, string? postgres = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        Add(services, dataFolder, settings, postgres);
        return services.BuildServiceProvider();
    }

    /// <summary>A certificate with its private key from PFX/P12 (by extension) or PEM; a clear error naming the setting.</summary>
    public static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password, string setting)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}: no certificate file at {Path.GetFullPath(path)}");
        }
        try
        {
            var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : password is { Length: > 0 }
                    ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                    : X509Certificate2.CreateFromPemFile(path, keyPath);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{setting}: {Path.GetFullPath(path)} has no private key");
            }
            return certificate;
        }
        catch (CryptographicException error)
        {
            throw new InvalidOperationException($"{setting}: {Path.GetFullPath(path)} is not a readable certificate with its key ({error.Message})", error);
        }
    }
}

/// <summary>What protects the key ring, for the start-up log and for tests.</summary>
public sealed record KeyRingProtection(string Description);

/// <summary>The 256-bit key that encrypts each data-protection key at rest (AES-256-GCM).</summary>
public sealed class KeyEncryptionKey
{
    private readonly byte[] _key;

    private KeyEncryptionKey(byte[] key)
    {
        _key = key;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(key))[..16];
    }

    /// <summary>Names the key without revealing it: tells a wrong key from a damaged ring.</summary>
    public string Fingerprint { get; }

    public static KeyEncryptionKey Parse(string base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting}: not base64 (make one with: openssl rand -base64 32)");
        }
        return key.Length == 32 ? new KeyEncryptionKey(key) : throw new InvalidOperationException($"{setting}: {key.Length} bytes, 32 expected (openssl rand -base64 32)");
    }

    /// <summary>Reads the key file, or creates it (0600, in a 0700 folder) with a fresh key; refuses a file inside the data folder.</summary>
    public static KeyEncryptionKey FromFile(string path, string dataFolder)
    {
        var full = Path.GetFullPath(path);
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataFolder)) + Path.DirectorySeparatorChar;
        if (full.StartsWith(data, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"DataProtection:KeyEncryptionKeyFile {full} is inside the data folder: keep it apart, or a copy of the folder opens the key ring");
        }
        if (!File.Exists(full))
        {
            var folder = Path.GetDirectoryName(full)!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            // Written aside then moved without overwrite: two stations starting together agree on one key.
            var draft = $"{full}.{Guid.NewGuid():N}.tmp";
            StationDataFolder.WriteSecret(draft, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + Environment.NewLine);
            try
            {
                File.Move(draft, full, overwrite: false);
            }
            catch (IOException) when (File.Exists(full))
            {
                File.Delete(draft);
            }
        }
        return Parse(File.ReadAllText(full), $"DataProtection:KeyEncryptionKeyFile {full}");
    }

    private static readonly byte[] Purpose = "vigie data-protection key ring"u8.ToArray();

    internal string Seal(string plain)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(plain);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var sealedText = new byte[text.Length];
        using (var aes = new AesGcm(_key, tag.Length))
        {
            aes.Encrypt(nonce, text, sealedText, tag, Purpose);
        }
        return Convert.ToBase64String([.. nonce, .. tag, .. sealedText]);
    }

    internal string Open(string sealedBase64)
    {
        var all = Convert.FromBase64String(sealedBase64);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[all.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(_key, tagSize))
        {
            aes.Decrypt(all.AsSpan(0, nonceSize), all.AsSpan(nonceSize + tagSize), all.AsSpan(nonceSize, tagSize), plain, Purpose);
        }
        return System.Text.Encoding.UTF8.GetString(plain);
    }
}

/// <summary>Encrypts each new key's XML with the key-encryption key before it is written to DATA/keys.</summary>
internal sealed class KeyEncryptionKeyEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the station's key-encryption key (AES-256-GCM), see README 'Secrets at rest'. "),
            new XAttribute("kek", key.Fingerprint),
            new XElement("value", key.Seal(plaintextElement.ToString(SaveOptions.DisableFormatting))));
        return new EncryptedXmlInfo(element, typeof(KeyEncryptionKeyDecryptor));
    }
}

/// <summary>Opens a key written by <see cref="KeyEncryptionKeyEncryptor"/> (the key manager creates it by type name).</summary>
public sealed class KeyEncryptionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetService<KeyEncryptionKey>()
            ?? throw new InvalidOperationException("the key ring is encrypted with a key-encryption key but none is configured (DataProtection:KeyEncryptionKey or KeyEncryptionKeyFile)");
        var fingerprint = (string?)encryptedElement.Attribute("kek");
        if (fingerprint is not null && fingerprint != key.Fingerprint)
        {
            throw new InvalidOperationException($"the key ring was encrypted with key-encryption key {fingerprint}, the one configured is {key.Fingerprint}");
        }
        return XElement.Parse(key.Open((string)encryptedElement.Element("value")!));
    }
}
