using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigie.Station.Tests;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>
/// The station with its console on a real Kestrel port of 127.0.0.1, a fake station clock, and four staff members:
/// two operators, a supervisor whose authenticator key the test knows, and an administrator.
/// </summary>
public sealed partial class ConsoleUnderTest : IAsyncDisposable
{
    public const string Password = "test-password-2026";
    /// <summary>The supervisor's authenticator key (base32), so the test can compute the codes an app would show.</summary>
    public const string SupervisorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    private ConsoleUnderTest(EngineUnderTest station) => Station = station;

    public EngineUnderTest Station { get; }
    public string BaseUrl => $"http://127.0.0.1:{Station.HttpPort}";

    /// <param name="station">Changes to the engine's settings (e.g. its SMTP server) before it starts.</param>
    /// <param name="postgres">The cluster's shared database (Identity and key ring there); null: SQLite files.</param>
    /// <param name="addStaff">Create the four staff members (false for a second station on a database that has them).</param>
    public static async Task<ConsoleUnderTest> StartAsync(Action<ConsoleOptions>? configure = null, FakeTimeProvider? time = null, Action<Vigie.Station.StationOptions>? station = null,
        string? postgres = null, bool addStaff = true)
    {
        var options = new ConsoleOptions { LockoutAttempts = 3 };
        configure?.Invoke(options);
        var started = await EngineUnderTest.StartAsync(http: true, time: time, configure: station, build: (receiver, engine, host) =>
        {
            receiver.Postgres = postgres;
            return ConsoleHost.Build(receiver, engine, options, host);
        });
        if (!addStaff)
        {
            return new ConsoleUnderTest(started);
        }
        using (var scope = started.Services.CreateScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
            foreach (var (login, role, key) in new[]
            {
                ("alice", StaffRoles.Operator, (string?)null),
                ("bruno", StaffRoles.Operator, null),
                ("claire", StaffRoles.Supervisor, SupervisorKey),
                ("dora", StaffRoles.Supervisor, null),
                ("admin", StaffRoles.Administrator, SupervisorKey),
            })
            {
                Assert.Null(await accounts.CreateAsync(login, login, Password, [role], key));
            }
        }
        return new ConsoleUnderTest(started);
    }

    /// <summary>A subscriber's account (login = email, the test password) for the sites of <paramref name="subscriberId"/>.</summary>
    public async Task AddSubscriberAsync(string email, string subscriberId)
    {
        using var scope = Station.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<Portal.SubscriberAccounts>().CreateAsync(email, Password, subscriberId));
    }

    /// <summary>An HTTP client that calls the API with a bearer token of <paramref name="login"/> (no cookie).</summary>
    public async Task<HttpClient> BearerAsync(string login, string? code = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { login, password = Password, code });
        Assert.True(response.IsSuccessStatusCode, $"token for {login}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An HTTP client with its own cookies, signed in as <paramref name="login"/> (null: anonymous).</summary>
    public async Task<HttpClient> ClientAsync(string? login)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
        if (login is null)
        {
            return client;
        }
        var response = await PostFormAsync(client, "/account/login", "/account/login", new() { ["login"] = login, ["password"] = Password, ["returnUrl"] = "/console" });
        if (response.Headers.Location?.OriginalString.StartsWith("/account/second-factor", StringComparison.Ordinal) == true)
        {
            response = await PostFormAsync(client, "/account/second-factor", "/account/second-factor", new() { ["code"] = Totp.Code(SupervisorKey, DateTimeOffset.UtcNow), ["returnUrl"] = "/console" });
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>Posts a form as a browser would: with the antiforgery token of the page that shows it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public ValueTask DisposeAsync() => Station.DisposeAsync();
}

/// <summary>RFC 6238 codes, as an authenticator app computes them (HMAC-SHA1, 30-s steps, 6 digits).</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        var step = at.ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }
}

/// <summary>One console for a whole test class (tests that only read or are refused can share it).</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public ConsoleUnderTest Console { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Console = await ConsoleUnderTest.StartAsync();

    public ValueTask DisposeAsync() => Console.DisposeAsync();
}
