using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vigie.Cli.Tests;

/// <summary>Issue 15: HTTPS from a certificate file, web and DC-09 apart, API docs off, the data folder and key ring closed.</summary>
public class HostSecurityTests
{
    private const string PfxPassword = "pfx-test-password";

    /// <summary>A self-signed server certificate for 127.0.0.1, written as PEM (certificate, key) and as PFX.</summary>
    private static (X509Certificate2 Certificate, string Pem, string Key, string Pfx) TestCertificate(string folder)
    {
        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=vigie-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var (pem, key, pfx) = (Path.Combine(folder, "station.crt"), Path.Combine(folder, "station.key"), Path.Combine(folder, "station.pfx"));
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, PfxPassword));
        return (certificate, pem, key, pfx);
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static HttpClient TrustingClient(X509Certificate2 certificate, CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.Thumbprint },
    });

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Serve_with_a_certificate_answers_over_TLS_redirects_HTTP_sends_HSTS_and_only_Secure_cookies(string format)
    {
        var data = StationProcess.NewFolder("vigie-https");
        var outside = data + "-outside";
        var (certificate, pem, key, pfx) = TestCertificate(outside);
        using var _ = certificate;
        var (http, https) = (StationProcess.Port(), StationProcess.Port());
        var web = format == "pem"
            ? $$"""{ "CertificatePath": {{Json(pem)}}, "CertificateKeyPath": {{Json(key)}}, "HttpsPort": {{https}} }"""
            : $$"""{ "CertificatePath": {{Json(pfx)}}, "CertificatePassword": "{{PfxPassword}}", "HttpsPort": {{https}} }""";
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "vigie.json"),
            $$"""{ "Web": {{web}}, "Console": { "ApiDocs": true }, "DataProtection": { "KeyEncryptionKeyFile": {{Json(Path.Combine(outside, "kek"))}} } }""",
            TestContext.Current.CancellationToken);
        var staff = await VigieProcess.RunAsync("staff", "add", "--data", data, "--login", "nadia", "--role", "operator", "--password", "a long enough password");
        Assert.True(staff.ExitCode == 0, staff.Output);

        using var station = await StationProcess.StartAsync(IPAddress.Loopback, https, "serve", "--data", data, "--bind", "127.0.0.1",
            "--dc09-tcp", "-1", "--dc09-udp", "-1", "--http", http, "--quiet");
        var cookies = new CookieContainer();
        using var client = TrustingClient(certificate, cookies);
        var ct = TestContext.Current.CancellationToken;

        using var health = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/health"), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("max-age=31536000", health.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        using var plain = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/console?x=1"), ct);
        Assert.True(plain.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect, plain.StatusCode.ToString());
        Assert.Equal($"https://127.0.0.1:{https}/console?x=1", plain.Headers.Location!.OriginalString);

        // Antiforgery (the sign-in form), language and the staff sign-in cookie: all Secure.
        var loginPage = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/account/login"), ct);
        var html = await loginPage.Content.ReadAsStringAsync(ct);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(token.Success, html);
        using var signIn = await client.PostAsync(new Uri($"https://127.0.0.1:{https}/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = "nadia",
            ["password"] = "a long enough password",
            ["returnUrl"] = "/console",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }), ct);
        Assert.Equal("/console", signIn.Headers.Location?.OriginalString);
        using var language = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/account/language/en-GB"), ct);
        var set = SetCookies(loginPage).Concat(SetCookies(signIn)).Concat(SetCookies(language)).ToList();
        Assert.Contains(set, c => c.StartsWith("vigie.staff", StringComparison.Ordinal));
        Assert.Contains(set, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(set, c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        Assert.All(set, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        loginPage.Dispose();

        // The setting turned the API's documentation on.
        using var docs = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/openapi/v1.json"), ct);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Web_side_and_DC09_listen_on_their_own_addresses_and_the_API_docs_are_off_by_default()
    {
        var data = StationProcess.NewFolder("vigie-bind");
        var (http, tcp) = (StationProcess.Port(), StationProcess.Port());
        var web = IPAddress.Parse("127.0.0.2");
        using var station = await StationProcess.StartAsync(web, http, "serve", "--data", data, "--bind-web", "127.0.0.2", "--bind-dc09", "127.0.0.1",
            "--dc09-tcp", tcp, "--dc09-udp", "-1", "--http", http, "--quiet");
        Assert.True(await StationProcess.AcceptsAsync(IPAddress.Loopback, tcp));
        Assert.False(await StationProcess.AcceptsAsync(web, tcp));
        Assert.False(await StationProcess.AcceptsAsync(IPAddress.Loopback, http));

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.2:{http}") };
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/docs/index.html", UriKind.Relative), ct)).StatusCode);
        // Without a certificate, plain HTTP as before: no redirect, no HSTS.
        Assert.False((await client.GetAsync(new Uri("/health", UriKind.Relative), ct)).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_folder_and_its_files_are_the_station_users_only_and_the_key_ring_is_encrypted_on_disk()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var data = StationProcess.NewFolder("vigie-closed");
        var outside = data + "-outside";
        // A folder and a settings file made readable by all, as an installer or a copy would leave them.
        Directory.CreateDirectory(data, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
        var settings = Path.Combine(data, "vigie.json");
        await File.WriteAllTextAsync(settings, $$"""{ "DataProtection": { "KeyEncryptionKeyFile": {{Json(Path.Combine(outside, "kek"))}} } }""", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(settings, (UnixFileMode)0b110_100_100);
        var http = StationProcess.Port();
        using (var station = await StationProcess.StartAsync(IPAddress.Loopback, http, "serve", "--data", data, "--bind", "127.0.0.1",
            "--dc09-tcp", StationProcess.Port(), "--dc09-udp", "-1", "--http", http, "--quiet"))
        {
            using var client = new HttpClient();
            // The sign-in form's antiforgery token makes the key ring's first key.
            Assert.Contains("__RequestVerificationToken", await client.GetStringAsync(new Uri($"http://127.0.0.1:{http}/account/login"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(data));
        var entries = new DirectoryInfo(data).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToList();
        foreach (var name in new[] { "vigie.json", "vigie.db", "events.db", "staff.db", "keys" })
        {
            Assert.Contains(entries, e => e.Name == name);
        }
        Assert.All(entries, e => Assert.True(File.GetUnixFileMode(e.FullName) == (e is DirectoryInfo ? OwnerFolder : OwnerFile), $"{e.FullName}: {File.GetUnixFileMode(e.FullName)}"));

        var keys = Directory.GetFiles(Path.Combine(data, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var xml = await File.ReadAllTextAsync(key, TestContext.Current.CancellationToken);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        }
        Assert.Equal(OwnerFile, File.GetUnixFileMode(Path.Combine(outside, "kek")));
    }
}
