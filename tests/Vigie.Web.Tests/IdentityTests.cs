using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>Staff sign-in: lockout, the second factor for supervisors and administrators, safe redirects, audit.</summary>
public sealed class IdentityTests
{
    private static Dictionary<string, string> Login(string login, string password) => new() { ["login"] = login, ["password"] = password, ["returnUrl"] = "/console" };

    [Fact]
    public async Task An_account_is_locked_after_the_configured_failures_even_for_the_right_password()
    {
        await using var console = await ConsoleUnderTest.StartAsync(o => o.LockoutAttempts = 3);
        using var client = await console.ClientAsync(null);
        for (var i = 0; i < 3; i++)
        {
            var wrong = await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login", Login("alice", "not-the-password"));
            Assert.Contains(i < 2 ? "error=invalid" : "error=locked", wrong.Headers.Location!.OriginalString);
        }
        var right = await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login", Login("alice", ConsoleUnderTest.Password));
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString);
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/account/login?error=locked"));
        Assert.Contains("Compte verrouillé", page);

        var audit = await console.Station.Services.GetRequiredService<StaffAudit>().RecentAsync(10);
        Assert.Contains(audit, a => a.Actor == "staff:alice" && a.Entry.Action == "login" && a.Entry.Detail == "locked out");
    }

    [Fact]
    public async Task A_supervisor_without_a_second_factor_must_enrol_one_before_getting_in()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var signIn = await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login", Login("dora", ConsoleUnderTest.Password));
        Assert.StartsWith("/account/enroll", signIn.Headers.Location!.OriginalString);
        // Not signed in yet: the console still sends to the login page.
        Assert.StartsWith("/account/login", (await client.GetAsync("/console")).Headers.Location!.PathAndQuery);

        var enrolPage = await client.GetStringAsync("/account/enroll");
        var key = System.Text.RegularExpressions.Regex.Match(enrolPage, "id=\"authenticator-key\">([A-Z2-7]+)<").Groups[1].Value;
        Assert.NotEmpty(key);
        var wrong = await ConsoleUnderTest.PostFormAsync(client, "/account/enroll", "/account/enroll", new() { ["code"] = "000000", ["returnUrl"] = "/console" });
        Assert.Contains("error=code", wrong.Headers.Location!.OriginalString);
        var enrolled = await ConsoleUnderTest.PostFormAsync(client, "/account/enroll", "/account/enroll", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow), ["returnUrl"] = "/console/supervisor" });
        Assert.Equal("/account/recovery-codes?returnUrl=%2Fconsole%2Fsupervisor", enrolled.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console/supervisor")).StatusCode);

        using var scope = console.Station.Services.CreateScope();
        var dora = await scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().FindByNameAsync("dora");
        Assert.True(dora!.TwoFactorEnabled);
    }

    [Fact]
    public async Task A_supervisor_with_a_second_factor_is_asked_for_the_code_and_a_wrong_code_keeps_them_out()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var signIn = await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login", Login("claire", ConsoleUnderTest.Password));
        Assert.StartsWith("/account/second-factor", signIn.Headers.Location!.OriginalString);
        var wrong = await ConsoleUnderTest.PostFormAsync(client, "/account/second-factor", "/account/second-factor", new() { ["code"] = "000000", ["returnUrl"] = "/console" });
        Assert.Contains("error=code", wrong.Headers.Location!.OriginalString);
        Assert.StartsWith("/account/login", (await client.GetAsync("/console")).Headers.Location!.PathAndQuery);
        var right = await ConsoleUnderTest.PostFormAsync(client, "/account/second-factor", "/account/second-factor",
            new() { ["code"] = Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow), ["returnUrl"] = "/console" });
        Assert.Equal("/console", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console/supervisor")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/console/incidents/X-1", "/console/incidents/X-1")]
    public async Task Sign_in_returns_only_to_pages_of_the_console(string returnUrl, string expected)
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var signIn = await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["login"] = "alice", ["password"] = ConsoleUnderTest.Password, ["returnUrl"] = returnUrl });
        Assert.Equal(expected, signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(Login("alice", ConsoleUnderTest.Password)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
