using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Vigie.Web.Tests;

/// <summary>
/// Sign-in tries are counted per account and per client address (issue 15), over real connections from distinct
/// loopback addresses (127.0.0.x); X-Forwarded-For names the client only when a configured proxy sends it.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class RateLimitTests
{
    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.0.0.0/8 address reaches the station on loopback).</summary>
    private static HttpClient From(ConsoleUnderTest console, string source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri(console.BaseUrl) };

    private static async Task<HttpStatusCode> TryAsync(HttpClient client, string login, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { login, password = "not-the-password" }) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await client.SendAsync(request);
        if (response.StatusCode == (HttpStatusCode)429)
        {
            Assert.NotNull(response.Headers.RetryAfter);
        }
        return response.StatusCode;
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_by_account_across_addresses_and_by_address_across_accounts()
    {
        await using var console = await ConsoleUnderTest.StartAsync(options => options.LoginAttemptsPerMinute = 3);
        var byAccount = new List<HttpStatusCode>();
        foreach (var source in new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" })
        {
            using var client = From(console, source);
            byAccount.Add(await TryAsync(client, "ghost"));
        }
        // One account tried from four addresses: the fourth try is refused although each address tried once.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], byAccount);

        using var one = From(console, "127.0.0.6");
        var byAddress = new List<HttpStatusCode>();
        foreach (var login in new[] { "ghost-1", "ghost-2", "ghost-3", "ghost-4" })
        {
            byAddress.Add(await TryAsync(one, login));
        }
        // One address trying four accounts: refused at the fourth too.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], byAddress);
    }

    [Fact]
    public async Task X_Forwarded_For_is_ignored_from_an_untrusted_peer_and_honoured_from_a_configured_proxy()
    {
        await using var console = await ConsoleUnderTest.StartAsync(options =>
        {
            options.LoginAttemptsPerMinute = 2;
            options.TrustedProxies = ["127.0.0.7"];
        });
        // Through the proxy, three clients each try their own account once: three clients, none limited.
        using var proxy = From(console, "127.0.0.7");
        var throughProxy = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            throughProxy.Add(await TryAsync(proxy, $"proxied-{i}", $"203.0.113.{i}"));
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], throughProxy);

        // A peer that is no configured proxy claims to be other clients: it is still one address, limited at the third.
        using var stranger = From(console, "127.0.0.8");
        var claimed = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            claimed.Add(await TryAsync(stranger, $"spoofed-{i}", $"198.51.100.{i}"));
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], claimed);
    }

    [Fact]
    public void A_trusted_proxy_that_is_no_address_or_network_is_named()
    {
        var errors = new ConsoleOptions { TrustedProxies = ["10.0.0.0/8", "192.0.2.1", "proxy.local"] }.Validate();
        Assert.Equal(["Console:TrustedProxies 'proxy.local': an IP address (203.0.113.7) or a network (10.0.0.0/8)"], errors);
    }
}
