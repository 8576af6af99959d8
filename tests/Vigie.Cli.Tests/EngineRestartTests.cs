using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Cli.Commands;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Tests;

/// <summary>`vigie serve` killed with SIGKILL in the middle of an INFO Alertes cascade resumes it after a restart.</summary>
public sealed class EngineRestartTests
{
    [Fact]
    [Trait("Rule", "ALR-5")]
    public async Task A_station_killed_mid_cascade_resumes_the_cascade_after_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-engine-restart", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        // Short real-time figures so the test waits seconds, not minutes.
        File.WriteAllText(Path.Combine(data, "vigie.json"),
            """{ "Engine": { "CancellationWindowSeconds": 1, "EscalationGraceSeconds": 0, "CallTimeoutSeconds": 5, "CodeHashIterations": 1000, "SimulatorApi": true } }""");
        var tcp = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp).ToString(CultureInfo.InvariantCulture);
        var httpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var url = $"http://127.0.0.1:{httpPort}";
        string[] serve = ["serve", "--data", data, "--bind", "127.0.0.1", "--dc09-tcp", tcp, "--dc09-udp", "-1", "--http", httpPort.ToString(CultureInfo.InvariantCulture)];
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        // Provisioning is for an administrator with a second factor: one whose authenticator key the test knows.
        const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        Assert.Equal(0, await CommonOptions.WithConsoleServices(data, async services =>
            await services.GetRequiredService<Vigie.Web.Staff.StaffAccounts>().CreateAsync("tech", "tech", "restart-test-2026", [Vigie.Web.Staff.StaffRoles.Administrator], AuthenticatorKey) is null ? 0 : 1));

        var first = VigieProcess.Start(serve);
        try
        {
            await Loopback.WaitForTcpPort(httpPort, TimeSpan.FromSeconds(60));
            using (var token = await http.PostAsync("/api/v1/auth/token", JsonContent.Create(new { login = "tech", password = "restart-test-2026", code = Totp(AuthenticatorKey) })))
            {
                Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
                var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
            }
            var site = Site();
            using (var provisioned = await http.PostAsync("/api/v1/sites", JsonContent.Create(new
            {
                site = JsonSerializer.SerializeToElement(site, DomainJson.Options),
                identificationCode = "1234",
                activation = Enum.GetNames<ActivationStep>(),
            })))
            {
                Assert.True(provisioned.IsSuccessStatusCode, await provisioned.Content.ReadAsStringAsync());
            }
            // The receiver reloads its account registry every second: wait until it knows the new panel.
            await Until(async () => (await http.GetStringAsync("/health")).Contains("\"accounts\":1", StringComparison.Ordinal), "the panel's account loaded");
            Assert.Equal(0, (await VigieProcess.RunAsync("simulate", "--data", data, "--tcp", tcp, "--site", "KILL-1", "--event", "CL001")).ExitCode);
            Assert.Equal(0, (await VigieProcess.RunAsync("simulate", "--data", data, "--tcp", tcp, "--site", "KILL-1", "--event", "BA002")).ExitCode);
            await Until(async () => (await Ringing(http)).Contains("+33639981001"), "first automatic call");
        }
        finally
        {
            first.Process.Kill(); // SIGKILL: no shutdown code runs
            await first.Process.WaitForExitAsync();
            first.Dispose();
        }

        using var second = VigieProcess.Start(serve);
        await Loopback.WaitForTcpPort(httpPort, TimeSpan.FromSeconds(60));
        // The unanswered call rings again, times out after 5 s, and the cascade goes on to the neighbour.
        await Until(async () => (await Ringing(http)).Contains("+33639981001"), "the first call ringing again");
        await Until(async () => (await Ringing(http)).Contains("+33639982001"), "the cascade moving on to the neighbour", seconds: 30);
        // `vigie phone` shows the run's simulator credential, read from the station's data folder.
        var answer = await VigieProcess.RunAsync("phone", "answer", "06 39 98 20 01", "--dtmf", "1234", "--url", url, "--data", data);
        Assert.True(answer.ExitCode == 0, answer.Output);

        var shown = await VigieProcess.RunAsync("incident", "show", "KILL-1-0001", "--data", data, "--lang", "en");
        Assert.True(shown.ExitCode == 0, shown.Output);
        Assert.Contains("did not answer (timeout)", shown.Output, StringComparison.Ordinal);
        Assert.Contains("acknowledged by Neighbour", shown.Output, StringComparison.Ordinal);
        Assert.Contains("hash chain intact", shown.Output, StringComparison.Ordinal);
        var list = await VigieProcess.RunAsync("incident", "list", "--data", data, "--all");
        Assert.Single(list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("KILL-1-", StringComparison.Ordinal));

        // Someone edits the log behind the station's back: `incident show` says where the chain breaks.
        second.Process.Kill();
        await second.Process.WaitForExitAsync();
        using (var edit = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "events.db")};Pooling=False"))
        {
            edit.Open();
            using var command = edit.CreateCommand();
            command.CommandText = "UPDATE events SET data = replace(data, 'Neighbour', 'Nobody') WHERE stream = 'incident-KILL-1-0001' AND type = 'AlertAcknowledged'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var tampered = await VigieProcess.RunAsync("incident", "show", "KILL-1-0001", "--data", data);
        Assert.Equal(3, tampered.ExitCode);
        Assert.Contains("CHAÎNE D'EMPREINTES ROMPUE", tampered.Output, StringComparison.Ordinal);
    }

    /// <summary>The authenticator app's code now (RFC 6238: HMAC-SHA1, 30-s steps, 6 digits) for a base32 key.</summary>
    internal static string Totp(string base32Key)
    {
        var bits = 0;
        var value = 0;
        var key = new List<byte>();
        foreach (var c in base32Key)
        {
            value = (value << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                key.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        var counter = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        var hash = System.Security.Cryptography.HMACSHA1.HashData(key.ToArray(), counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static async Task<string> Ringing(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync("/api/v1/simulator/calls");
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static async Task Until(Func<Task<bool>> condition, string what, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }

    private static SiteDefinition Site() => new()
    {
        SiteId = "KILL-1",
        Subscriber = new Subscriber("SUB-K", "Camille Martin", SubscriberKind.Private),
        Address = new Address("3 rue des Lilas", "69003", "Lyon"),
        Panel = new Panel("4001", [new TransmissionPath(TransmissionKind.Ip, true)]),
        Zones = [new Zone(2, "Living room", DetectorKind.Motion)],
        Offer = OfferCode.ALaCarte,
        Instructions = new Instructions
        {
            SubscriberPhones = [PhoneNumber.Parse("+33639981001")],
            Contacts = [new Contact("Neighbour", PhoneNumber.Parse("+33639982001"))],
            Emails = ["camille@example.org"],
        },
    };
}
