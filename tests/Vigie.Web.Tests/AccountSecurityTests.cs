using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Station.Mail;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>
/// Issue 15, sign-in and sessions: one regression test per hole found, named after it — a password that opened the
/// second factor, second-factor tries neither counted nor limited, sessions and tokens that outlived a password reset
/// or a lockout, reset links built from the Host header, return addresses that left the site, unbounded logins, and
/// authenticator keys stored in clear.
/// </summary>
public sealed class AccountSecurityTests
{
    private static Dictionary<string, string> Login(string login, string password = ConsoleUnderTest.Password, string returnUrl = "/console") =>
        new() { ["login"] = login, ["password"] = password, ["returnUrl"] = returnUrl };

    private static string Location(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, Dictionary<string, string> fields) =>
        ConsoleUnderTest.PostFormAsync(client, page, action, fields);

    private static async Task<StaffMember> MemberAsync(ConsoleUnderTest console, string login)
    {
        using var scope = console.Station.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().FindByNameAsync(login))!;
    }

    /// <summary>Runs <paramref name="change"/> with the station's own user manager, as the console's pages do.</summary>
    private static async Task ChangeAsync(ConsoleUnderTest console, string login, Func<UserManager<StaffMember>, StaffMember, Task<IdentityResult>> change)
    {
        using var scope = console.Station.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var result = await change(users, (await users.FindByNameAsync(login))!);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task Enroll_page_after_a_password_does_not_show_or_reset_an_existing_authenticator()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        // claire has an authenticator: her password alone leads to the code, and the enrolment page gives nothing.
        Assert.StartsWith("/account/second-factor", Location(await PostAsync(client, "/account/login", "/account/login", Login("claire"))));
        var page = await client.GetStringAsync("/account/enroll");
        Assert.DoesNotContain("authenticator-key", page);
        Assert.DoesNotContain(ConsoleUnderTest.SupervisorKey, page);
        Assert.DoesNotContain("otpauth://", page);
        Assert.Contains("id=\"enroll-exists\"", page);
        // Posting an enrolment does not sign in nor replace the key.
        var posted = await PostAsync(client, "/account/login", "/account/enroll", new() { ["code"] = "123456", ["returnUrl"] = "/console" });
        Assert.StartsWith("/account/second-factor", Location(posted));
        Assert.StartsWith("/account/login", (await client.GetAsync("/console")).Headers.Location!.PathAndQuery);

        using var scope = console.Station.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var claire = (await users.FindByNameAsync("claire"))!;
        Assert.Equal(ConsoleUnderTest.SupervisorKey, await users.GetAuthenticatorKeyAsync(claire));
        Assert.True(claire.TwoFactorEnabled);
    }

    [Fact]
    public async Task Second_factor_failures_lock_the_account_out_on_every_second_step()
    {
        await using var console = await ConsoleUnderTest.StartAsync(o => o.LockoutAttempts = 3);
        // claire: two wrong authenticator codes and a wrong recovery code make three failures.
        using var client = await console.ClientAsync(null);
        Assert.StartsWith("/account/second-factor", Location(await PostAsync(client, "/account/login", "/account/login", Login("claire"))));
        for (var i = 0; i < 2; i++)
        {
            var wrong = await PostAsync(client, "/account/second-factor", "/account/second-factor", new() { ["code"] = "000000", ["returnUrl"] = "/console" });
            Assert.Contains("error=code", Location(wrong));
        }
        var recovery = await PostAsync(client, "/account/second-factor", "/account/second-factor/recovery", new() { ["recoveryCode"] = "BCDFG-HJKMN", ["returnUrl"] = "/console" });
        Assert.Equal("/account/login?error=locked", Location(recovery));
        using var again = await console.ClientAsync(null);
        Assert.Contains("error=locked", Location(await PostAsync(again, "/account/login", "/account/login", Login("claire"))));

        // dora enrols: wrong codes at the enrolment count the same.
        using var enrolling = await console.ClientAsync(null);
        Assert.StartsWith("/account/enroll", Location(await PostAsync(enrolling, "/account/login", "/account/login", Login("dora"))));
        var outcomes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(Location(await PostAsync(enrolling, "/account/enroll", "/account/enroll", new() { ["code"] = "000000", ["returnUrl"] = "/console" })));
        }
        Assert.Contains("error=code", outcomes[0]);
        Assert.Equal("/account/login?error=locked", outcomes[2]);
        Assert.NotNull((await MemberAsync(console, "dora")).LockoutEnd);
    }

    [Fact]
    public async Task Second_factor_tries_are_rate_limited_per_account_on_the_pages_and_the_token_route()
    {
        await using var console = await ConsoleUnderTest.StartAsync(o =>
        {
            o.LockoutAttempts = 50;
            o.SecondFactorAttemptsPerMinute = 2;
        });
        using var client = await console.ClientAsync(null);
        Assert.StartsWith("/account/second-factor", Location(await PostAsync(client, "/account/login", "/account/login", Login("claire"))));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("error=code", Location(await PostAsync(client, "/account/second-factor", "/account/second-factor", new() { ["code"] = "000000", ["returnUrl"] = "/console" })));
        }
        // Past the limit even the right code is not checked, from the pages...
        var right = Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow);
        Assert.Contains("error=tooMany", Location(await PostAsync(client, "/account/second-factor", "/account/second-factor", new() { ["code"] = right, ["returnUrl"] = "/console" })));
        Assert.Contains("error=tooMany", Location(await PostAsync(client, "/account/second-factor", "/account/second-factor/recovery", new() { ["recoveryCode"] = "BCDFG-HJKMN", ["returnUrl"] = "/console" })));
        // ...nor from the API, whatever the address: the count is the account's.
        using var api = new HttpClient { BaseAddress = new Uri(console.BaseUrl) };
        using var token = await api.PostAsJsonAsync("/api/v1/auth/token", new { login = "claire", password = ConsoleUnderTest.Password, code = right });
        Assert.Equal((HttpStatusCode)429, token.StatusCode);
        Assert.Contains("second-factor", await token.Content.ReadAsStringAsync());
        // Another account is not held back by claire's.
        using var admin = await console.BearerAsync("admin", right);
    }

    [Theory]
    [InlineData("password reset")]
    [InlineData("lockout")]
    [InlineData("role change")]
    public async Task A_session_cookie_is_refused_within_a_minute_after_a_password_reset_a_lockout_or_a_role_change(string change)
    {
        await using var console = await ConsoleUnderTest.StartAsync(o => o.LockoutAttempts = 3);
        using var alice = await console.ClientAsync("alice");
        using var claire = await console.ClientAsync("claire");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/console")).StatusCode);
        switch (change)
        {
            case "password reset":
                await ChangeAsync(console, "alice", async (users, member) =>
                    await users.ResetPasswordAsync(member, await users.GeneratePasswordResetTokenAsync(member), "a brand new password 2027"));
                break;
            case "lockout":
                using (var stranger = await console.ClientAsync(null))
                {
                    for (var i = 0; i < 3; i++)
                    {
                        await PostAsync(stranger, "/account/login", "/account/login", Login("alice", "not the password"));
                    }
                }
                break;
            default:
                await ChangeAsync(console, "alice", (users, member) => users.RemoveFromRoleAsync(member, StaffRoles.Operator));
                break;
        }
        // The check comes at most Console:SessionCheckSeconds (60) after the cookie was issued.
        console.Station.Time.Advance(TimeSpan.FromSeconds(61));
        var refused = await alice.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login", refused.Headers.Location!.PathAndQuery);
        // An account that did not change keeps its session, and its second factor with it.
        Assert.Equal(HttpStatusCode.OK, (await claire.GetAsync("/console/supervisor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await claire.GetAsync("/console/supervisor")).StatusCode);
    }

    [Theory]
    [InlineData("lockout")]
    [InlineData("password change")]
    public async Task A_refresh_token_and_a_live_access_token_are_refused_after_a_lockout_or_a_password_change(string change)
    {
        await using var console = await ConsoleUnderTest.StartAsync(o => o.LockoutAttempts = 3);
        using var client = new HttpClient { BaseAddress = new Uri(console.BaseUrl) };
        using var issued = await client.PostAsJsonAsync("/api/v1/auth/token", new { login = "alice", password = ConsoleUnderTest.Password });
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var refresh = body.GetProperty("refreshToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/incidents")).StatusCode);

        if (change == "lockout")
        {
            using var stranger = new HttpClient { BaseAddress = new Uri(console.BaseUrl) };
            for (var i = 0; i < 3; i++)
            {
                await stranger.PostAsJsonAsync("/api/v1/auth/token", new { login = "alice", password = "not the password" });
            }
            Assert.NotNull((await MemberAsync(console, "alice")).LockoutEnd);
        }
        else
        {
            await ChangeAsync(console, "alice", (users, member) => users.ChangePasswordAsync(member, ConsoleUnderTest.Password, "a brand new password 2027"));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/incidents")).StatusCode);
        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
    }

    [Fact]
    public async Task A_reset_link_is_built_from_PublicUrl_when_the_request_has_a_hostile_Host_header()
    {
        await using var sink = new SmtpSink();
        await using var console = await SubscriberAccountTests.StartAsync(sink);
        await console.AddSubscriberAsync("hote@example.fr", "SUB-HOST-1");
        using var client = await console.ClientAsync(null);
        await ForgotWithHostAsync(client, "hote@example.fr", "evil.example");
        var mail = await sink.NextAsync();
        Assert.DoesNotContain("evil.example", mail.Body);
        Assert.Contains(SubscriberAccountTests.PublicUrl + "/account/reset?", mail.Body);
    }

    [Fact]
    public async Task A_reset_link_without_PublicUrl_comes_from_the_listening_address_not_a_hostile_Host_header()
    {
        // No SMTP server: the e-mail stays in the simulated mailbox, and its link starts with where the station listens.
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.AddSubscriberAsync("hote@example.fr", "SUB-HOST-2");
        using var client = await console.ClientAsync(null);
        await ForgotWithHostAsync(client, "hote@example.fr", "evil.example");
        var mailbox = Assert.IsType<Vigie.Station.Simulator.SimulatedMailbox>(console.Station.Services.GetRequiredService<Vigie.Station.Ports.IEmailSender>());
        var mail = Assert.Single(mailbox.Sent(), m => m.To.Contains("hote@example.fr"));
        Assert.DoesNotContain("evil.example", mail.Body);
        // The simulator keeps where the link leads and withholds its secret (a stranger could read this mailbox).
        Assert.Contains(console.BaseUrl + "/account/reset " + Vigie.Station.Simulator.SecretLinks.Withheld, mail.Body);
        Assert.DoesNotContain("/account/reset?", mail.Body);
    }

    private static async Task ForgotWithHostAsync(HttpClient client, string email, string host)
    {
        var page = await client.GetStringAsync("/account/forgot");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/forgot")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }),
        };
        request.Headers.Host = host;
        using var asked = await client.SendAsync(request);
        Assert.Equal("/account/forgot?sent=1", Location(asked));
    }

    [Fact]
    public async Task Start_is_refused_with_an_SMTP_server_and_no_PublicUrl()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ConsoleUnderTest.StartAsync(station: engine => engine.Email = new EmailOptions
        {
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = 2525, From = "Vigie <noreply@vigie.test>" },
        }));
        Assert.Contains("Console:PublicUrl", error.Message);
        Assert.Contains("Email:Smtp:Host", error.Message);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/ /evil.example")]
    [InlineData("/console\\..\\\\evil.example")]
    public async Task A_return_url_with_a_tab_or_another_control_character_stays_on_the_site(string returnUrl)
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var signIn = await PostAsync(client, "/account/login", "/account/login", Login("alice", returnUrl: returnUrl));
        Assert.Equal("/", Location(signIn));
        var language = await client.GetAsync("/account/language/en-GB?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal("/", Location(language));
    }

    [Fact]
    public async Task An_overlong_login_or_password_is_refused_with_a_clear_error_and_not_audited()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var longLogin = new string('x', SignInInput.MaxLoginLength + 1);
        var page = Location(await PostAsync(client, "/account/login", "/account/login", Login(longLogin)));
        Assert.Contains("error=loginTooLong", page);
        Assert.Contains("Identifiant trop long", WebUtility.HtmlDecode(await client.GetStringAsync(page)));
        Assert.Contains("error=passwordTooLong",
            Location(await PostAsync(client, "/account/login", "/account/login", Login("alice", new string('p', SignInInput.MaxPasswordLength + 1)))));

        using var api = new HttpClient { BaseAddress = new Uri(console.BaseUrl) };
        using var token = await api.PostAsJsonAsync("/api/v1/auth/token", new { login = longLogin, password = ConsoleUnderTest.Password });
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        var problem = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("login", problem.GetProperty("field").GetString());
        Assert.Contains("at most 256 characters", problem.GetProperty("detail").GetString());

        var audit = await console.Station.Services.GetRequiredService<StaffAudit>().RecentAsync(50);
        Assert.DoesNotContain(audit, a => a.Actor.Length > StaffAudit.MaxTextLength);
        Assert.DoesNotContain(audit, a => a.Actor.Contains(longLogin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_stored_authenticator_key_is_not_the_plain_secret_and_an_old_plain_one_is_protected_at_start()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var scope = console.Station.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StaffDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var claire = (await users.FindByNameAsync("claire"))!;
        var stored = await db.UserTokens.AsNoTracking().SingleAsync(t => t.UserId == claire.Id && t.Name == StaffStore.AuthenticatorKey);
        Assert.DoesNotContain(ConsoleUnderTest.SupervisorKey, stored.Value!);
        Assert.Equal(ConsoleUnderTest.SupervisorKey, await users.GetAuthenticatorKeyAsync(claire));
        // Recovery codes too.
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(claire, 3))!.ToList();
        var storedCodes = await db.UserTokens.AsNoTracking().SingleAsync(t => t.UserId == claire.Id && t.Name == StaffStore.RecoveryCodes);
        Assert.All(codes, code => Assert.DoesNotContain(code, storedCodes.Value!));

        // A key an older Vigie wrote in clear is still read, then rewritten protected.
        var dora = (await users.FindByNameAsync("dora"))!;
        const string OldKey = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
        await db.Database.ExecuteSqlAsync($"INSERT INTO AspNetUserTokens (UserId, LoginProvider, Name, Value) VALUES ({dora.Id}, {StaffStore.Provider}, {StaffStore.AuthenticatorKey}, {OldKey})");
        Assert.Equal(OldKey, await users.GetAuthenticatorKeyAsync(dora));
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<StaffStore>().ProtectStoredSecretsAsync());
        var rewritten = await db.UserTokens.AsNoTracking().SingleAsync(t => t.UserId == dora.Id && t.Name == StaffStore.AuthenticatorKey);
        Assert.DoesNotContain(OldKey, rewritten.Value!);
        using var fresh = console.Station.Services.CreateScope();
        var again = fresh.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        Assert.Equal(OldKey, await again.GetAuthenticatorKeyAsync((await again.FindByNameAsync("dora"))!));
    }
}
