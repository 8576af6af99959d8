namespace Vigie.Receiver.Security;

/// <summary>
/// The web side's listening (section "Web"): its own bind address apart from DC-09's, and HTTPS from a certificate
/// file. With a certificate the HTTP port only redirects to HTTPS, HSTS is sent and every cookie is Secure.
/// </summary>
public sealed class WebSettings
{
    public const string Section = "Web";

    /// <summary>Address the HTTP(S) side listens on; unset: the receiver's (Receiver:BindAddress).</summary>
    public string? Bind { get; set; }

    /// <summary>Server certificate: PFX/P12 (with <see cref="CertificatePassword"/>) or PEM (key inside or in <see cref="CertificateKeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>HTTPS port when a certificate is set.</summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>How long browsers remember to use HTTPS only (HSTS max-age), in days.</summary>
    public int HstsDays { get; set; } = 365;

    public bool Https => CertificatePath is { Length: > 0 };

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Bind is { Length: > 0 } bind && !System.Net.IPAddress.TryParse(bind, out _))
        {
            errors.Add($"Web:Bind '{bind}': an IP address");
        }
        if (Https && HttpsPort is < 0 or > 65535)
        {
            errors.Add("Web:HttpsPort: 0 to 65535");
        }
        if (HstsDays is < 0 or > 3650)
        {
            errors.Add("Web:HstsDays: 0 to 3650");
        }
        return errors;
    }
}
