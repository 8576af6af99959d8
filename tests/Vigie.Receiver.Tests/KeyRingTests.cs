using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver.Security;

namespace Vigie.Receiver.Tests;

/// <summary>Issue 15, secrets at rest: the data-protection key ring on disk opens only with the key kept outside the data folder.</summary>
public class KeyRingTests
{
    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "vigie-keyring", Guid.NewGuid().ToString("N"));

    private static string Protect(string data, KeyRingSettings settings, string secret)
    {
        using var services = StationDataProtection.CreateProvider(data, settings);
        return services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect(secret);
    }

    private static string Unprotect(string data, KeyRingSettings settings, string sealedText)
    {
        using var services = StationDataProtection.CreateProvider(data, settings);
        return services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText);
    }

    private static void AssertNoPlainKeyOnDisk(string data)
    {
        var keys = Directory.GetFiles(Path.Combine(data, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.DoesNotContain("<masterKey", File.ReadAllText(k), StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_ring_is_encrypted_with_the_key_encryption_key_and_opens_after_a_restart_only_with_it()
    {
        var data = NewFolder();
        var settings = new KeyRingSettings { KeyEncryptionKeyFile = data + "-kek" };
        var sealedText = Protect(data, settings, "panel key 0123456789ABCDEF");

        AssertNoPlainKeyOnDisk(data);
        Assert.Equal("panel key 0123456789ABCDEF", Unprotect(data, settings, sealedText));
        var another = new KeyRingSettings { KeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        Assert.ThrowsAny<CryptographicException>(() => Unprotect(data, another, sealedText));
    }

    [Fact]
    public void The_key_ring_is_encrypted_with_a_certificate_from_a_file_when_one_is_set()
    {
        var data = NewFolder();
        Directory.CreateDirectory(data + "-outside");
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=vigie-key-ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(data + "-outside", "key-ring.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        var settings = new KeyRingSettings { CertificatePath = pfx, CertificatePassword = "secret" };
        var sealedText = Protect(data, settings, "authenticator secret");

        AssertNoPlainKeyOnDisk(data);
        Assert.Contains(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml"), k => File.ReadAllText(k).Contains("EncryptedXml", StringComparison.Ordinal) || File.ReadAllText(k).Contains("EncryptedData", StringComparison.Ordinal));
        Assert.Equal("authenticator secret", Unprotect(data, settings, sealedText));
    }

    [Fact]
    public void A_key_encryption_key_file_inside_the_data_folder_or_a_short_key_is_refused_by_name()
    {
        var data = NewFolder();
        var inside = Assert.Throws<InvalidOperationException>(() => StationDataProtection.CreateProvider(data, new KeyRingSettings { KeyEncryptionKeyFile = Path.Combine(data, "kek") }));
        Assert.Contains("DataProtection:KeyEncryptionKeyFile", inside.Message, StringComparison.Ordinal);
        var shortKey = Assert.Throws<InvalidOperationException>(() => StationDataProtection.CreateProvider(data, new KeyRingSettings { KeyEncryptionKey = Convert.ToBase64String(new byte[16]) }));
        Assert.Contains("DataProtection:KeyEncryptionKey", shortKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_registration_of_data_protection_is_the_one_every_module_shares()
    {
        var data = NewFolder();
        var services = new ServiceCollection();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        StationDataProtection.Add(services, data, new KeyRingSettings { KeyEncryptionKey = key });
        StationDataProtection.Add(services, data + "-elsewhere");
        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<KeyRingProtection>());
        Assert.StartsWith("key-encryption key", provider.GetRequiredService<KeyRingProtection>().Description, StringComparison.Ordinal);
    }
}
