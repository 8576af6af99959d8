using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>Bearer tokens for the mobile app, the API's rate limits, and no 500 whatever a route is sent.</summary>
[Collection(HeavyTests.Name)]
public sealed class ApiTokenTests
{
    private static async Task<HttpResponseMessage> TokenAsync(HttpClient client, string login, string password, string? code = null) =>
        await client.PostAsJsonAsync("/api/v1/auth/token", new { login, password, code });

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_subscriber_signs_in_for_a_token_refreshes_it_and_is_locked_out_like_on_the_pages()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of("TOK-1", "4301", OfferCode.ToutInclus));
        await console.AddSubscriberAsync("camille@example.fr", "SUB-TOK-1");
        using var client = await console.ClientAsync(null);

        using var token = await TokenAsync(client, "camille@example.fr", ConsoleUnderTest.Password);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sites/TOK-1")).StatusCode);

        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = body.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "forged" })).StatusCode);

        // A bad token is nobody: 401, not the previous caller.
        using var forged = await console.ClientAsync(null);
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/sites/TOK-1")).StatusCode);

        // Lockout counts API failures too (3 in this console), and then even the right password is refused.
        using var anonymous = await console.ClientAsync(null);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(anonymous, "camille@example.fr", "wrong-password-0000")).StatusCode);
        }
        using var locked = await TokenAsync(anonymous, "camille@example.fr", ConsoleUnderTest.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Supervisors_need_their_second_factor_for_a_token_and_act_as_themselves()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        using var withoutCode = await TokenAsync(client, "claire", ConsoleUnderTest.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("code", await withoutCode.Content.ReadAsStringAsync());
        // dora is a supervisor who never enrolled: the console's sign-in enrols first; the API does not let her in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, "dora", ConsoleUnderTest.Password)).StatusCode);
        using var supervisor = await console.BearerAsync("claire", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/v1/incidents")).StatusCode);
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    public async Task Sign_in_tries_and_code_changes_are_rate_limited()
    {
        await using var console = await ConsoleUnderTest.StartAsync(options =>
        {
            options.LoginAttemptsPerMinute = 4;
            options.CodeChangesPerHour = 2;
        });
        await console.Station.ProvisionAsync(Sites.Of("LIM-1", "4302", OfferCode.ToutInclus));
        await console.AddSubscriberAsync("lim@example.fr", "SUB-LIM-1");
        var owner = await console.BearerAsync("lim@example.fr"); // the first try of this address
        using var anonymous = await console.ClientAsync(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await TokenAsync(anonymous, "nobody@example.fr", "x")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], statuses);

        HttpStatusCode Change(string code) =>
            owner.PutAsJsonAsync("/api/v1/sites/LIM-1/identification-code", new { code }).GetAwaiter().GetResult().StatusCode;
        Assert.Equal(HttpStatusCode.OK, Change("4321"));
        Assert.Equal(HttpStatusCode.OK, Change("4322"));
        var refused = await owner.PutAsJsonAsync("/api/v1/sites/LIM-1/identification-code", new { code = "4323" });
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        owner.Dispose();
    }

    [Fact]
    [Trait("Rule", "RC-2")]
    public async Task A_virtual_remote_is_rate_limited_per_remote()
    {
        await using var console = await ConsoleUnderTest.StartAsync(options => options.RemoteUsesPerMinute = 2);
        await console.Station.ProvisionAsync(Sites.Of("LIM-2", "4303", OfferCode.ToutInclus));
        await console.AddSubscriberAsync("rem@example.fr", "SUB-LIM-2");
        using var owner = await console.BearerAsync("rem@example.fr");
        var created = await (await owner.PostAsJsonAsync("/api/v1/sites/LIM-2/remotes", new { name = "Mamie" })).Content.ReadFromJsonAsync<JsonElement>();
        using var holder = await console.ClientAsync(null);
        holder.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("token").GetString());
        var statuses = new List<int>();
        foreach (var mode in new[] { "Total", "Disarmed", "Partial" })
        {
            statuses.Add((int)(await holder.PostAsJsonAsync("/api/v1/remote/arming", new { mode })).StatusCode);
        }
        Assert.Equal(429, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.NotEqual(429, s));
    }

    /// <summary>Malformed input on every route, as the staff and as a subscriber: a clear 4xx, never a 500.</summary>
    [Fact]
    public async Task No_route_answers_500_to_malformed_input()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of("BAD-1", "4304", OfferCode.ToutInclus));
        await console.AddSubscriberAsync("bad@example.fr", "SUB-BAD-1");
        // An administrator with a second factor reaches every staff route, provisioning included.
        using var staff = await console.BearerAsync("admin", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow));
        using var subscriber = await console.BearerAsync("bad@example.fr");
        string[] bodies = ["{", "[]", "null", "\"text\"", "{\"mode\":42,\"code\":[1],\"start\":\"yesterday\",\"periods\":-5,\"kind\":\"Nope\",\"name\":{}}", "\u0000\u00ff",
            "{\"site\":{\"siteId\":\"\"}}", "{\"type\":\"CheckCode\",\"code\":12}", "{\"subscriberPhones\":[\"abc\"],\"contacts\":[{}]}"];
        string[] ids = ["BAD-1", "x", new string('z', 300), "%2e%2e", "NONE-0001", "-1"];
        var routes = console.Station.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: "/" + e.RoutePattern.RawText!.Trim('/'))))
            .ToList();
        Assert.True(routes.Count >= 40);
        var failures = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            foreach (var id in ids)
            {
                var path = System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", id) + "?all=maybe&from=x&to=y&lang=zz&after=-1&limit=abc&by=%00";
                foreach (var body in method is "GET" or "DELETE" ? new string?[] { null } : bodies)
                {
                    foreach (var client in new[] { staff, subscriber })
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), path);
                        if (body is not null)
                        {
                            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                        }
                        using var response = await client.SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{method} {path} {body}: {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }
}
