using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain.Offers;
using Vigie.Station.Mail;
using Vigie.Station.Tests;
using Vigie.Web.Portal;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>
/// RC-4: a subscriber's personal login. Invitation by e-mail (through a real SMTP server on loopback), registration,
/// forgotten password, lockout, the optional second factor and the password change, over HTTP with antiforgery.
/// </summary>
public sealed partial class SubscriberAccountTests
{
    private const string Email = "lea.moreau@example.fr";
    private const string NewPassword = "un nouveau mot de passe 2027";

    /// <summary>The console's public address: required with an SMTP server, the start of every e-mailed link.</summary>
    internal const string PublicUrl = "https://espace.vigie.test";

    internal static Task<ConsoleUnderTest> StartAsync(SmtpSink sink, Action<ConsoleOptions>? configure = null) =>
        ConsoleUnderTest.StartAsync(options =>
        {
            options.PublicUrl = PublicUrl;
            configure?.Invoke(options);
        }, station: engine => engine.Email = new EmailOptions
        {
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, From = "Vigie <noreply@vigie.test>" },
        });

    private static async Task<InvitationSent> InviteAsync(ConsoleUnderTest console, string subscriberId, string email)
    {
        using var scope = console.Station.Services.CreateScope();
        var (sent, error) = await scope.ServiceProvider.GetRequiredService<SubscriberInvitations>().InviteAsync(subscriberId, email, console.BaseUrl);
        Assert.Null(error);
        return sent!;
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string login, string password) =>
        await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login", new() { ["login"] = login, ["password"] = password, ["returnUrl"] = "/portal" });

    private static string Location(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static async Task<string> PageAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task An_invited_subscriber_registers_from_the_emailed_link_lands_on_their_own_sites_and_the_link_cannot_serve_again()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        await console.Station.ProvisionAsync(Sites.Of("WEB-A1", "4201", OfferCode.ToutInclus));
        await console.Station.ProvisionAsync(Sites.Of("WEB-B1", "4202", OfferCode.ToutInclus));

        await InviteAsync(console, "SUB-WEB-A1", Email);
        var mail = await sink.NextAsync();
        Assert.Equal([Email], mail.To);
        Assert.Equal("noreply@vigie.test", mail.From);
        Assert.Equal("Votre accès à l'espace abonné Vigie", mail.Subject);
        Assert.Contains("Ouvrez ce lien pour choisir votre mot de passe", mail.Body);
        var link = new Uri(RegisterLink().Match(mail.Body).Value);
        Assert.Equal(console.Station.HttpPort, link.Port);

        // Only the token's hash is kept.
        var token = link.AbsolutePath.Split('/')[^1];
        using (var scope = console.Station.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<StaffDb>().Invitations.SingleAsync();
            Assert.NotEqual(token, stored.TokenHash);
            Assert.DoesNotContain(token, stored.TokenHash, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(EngineUnderTest.Start.AddDays(7), stored.ExpiresAt);
        }

        using var browser = await console.ClientAsync(null);
        Assert.Contains(Email, await PageAsync(browser, link.PathAndQuery));
        var mismatch = await ConsoleUnderTest.PostFormAsync(browser, link.PathAndQuery, link.AbsolutePath, new() { ["password"] = NewPassword, ["confirmation"] = NewPassword + "x" });
        Assert.EndsWith("error=mismatch", Location(mismatch));
        Assert.Contains("Les deux mots de passe ne sont pas identiques.", await PageAsync(browser, Location(mismatch)));
        var tooShort = await ConsoleUnderTest.PostFormAsync(browser, link.PathAndQuery, link.AbsolutePath, new() { ["password"] = "court", ["confirmation"] = "court" });
        Assert.EndsWith("error=password", Location(tooShort));
        Assert.Contains("Le mot de passe est trop court\u202F: au moins 10 caractères.", await PageAsync(browser, Location(tooShort)));

        var registered = await ConsoleUnderTest.PostFormAsync(browser, link.PathAndQuery, link.AbsolutePath, new() { ["password"] = NewPassword, ["confirmation"] = NewPassword });
        Assert.Equal("/portal", Location(registered));
        var portal = await browser.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        var home = await portal.Content.ReadAsStringAsync();
        Assert.Contains("data-site=\"WEB-A1\"", home);
        Assert.DoesNotContain("WEB-B1", home);

        // The account is a subscriber's: role, subscriber id, login = e-mail; the invitation is used up.
        using (var scope = console.Station.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
            var account = await users.FindByNameAsync(Email);
            Assert.Equal("SUB-WEB-A1", account!.SubscriberId);
            Assert.True(await users.IsInRoleAsync(account, SubscriberAccounts.Role));
            Assert.NotNull((await scope.ServiceProvider.GetRequiredService<StaffDb>().Invitations.SingleAsync()).UsedAt);
        }

        // The same link again: refused in French, and posting it opens nothing.
        using var other = await console.ClientAsync(null);
        Assert.Contains("Cette invitation a déjà été utilisée.", await PageAsync(other, link.PathAndQuery));
        using var raw = await console.ClientAsync(null);
        var again = await ConsoleUnderTest.PostFormAsync(raw, "/account/login", link.AbsolutePath, new() { ["password"] = "another password 2028", ["confirmation"] = "another password 2028" });
        Assert.EndsWith("error=used", Location(again));
        Assert.Contains("/account/login", Location(await LoginAsync(raw, Email, "another password 2028")));
        Assert.Equal("/portal", Location(await LoginAsync(raw, Email, NewPassword)));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task An_expired_or_unknown_invitation_is_refused_and_an_address_with_an_account_cannot_be_invited()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink, o => o.InvitationDays = 2);
        var sent = await InviteAsync(console, "SUB-WEB-C1", Email);
        var link = new Uri(sent.Link);
        await sink.NextAsync();
        console.Station.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

        using var client = await console.ClientAsync(null);
        Assert.Contains("Cette invitation a expiré. Demandez-en une nouvelle à la station.", await PageAsync(client, link.PathAndQuery));
        var late = await ConsoleUnderTest.PostFormAsync(client, "/account/login", link.AbsolutePath, new() { ["password"] = NewPassword, ["confirmation"] = NewPassword });
        Assert.EndsWith("error=expired", Location(late));
        Assert.Contains("Ce lien d'invitation n'est pas valable.", await PageAsync(client, "/account/register/" + new string('A', 43)));

        using var scope = console.Station.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().FindByNameAsync(Email));
        await console.AddSubscriberAsync("deja@example.fr", "SUB-WEB-C1");
        var (refused, error) = await scope.ServiceProvider.GetRequiredService<SubscriberInvitations>().InviteAsync("SUB-WEB-C1", "deja@example.fr", console.BaseUrl);
        Assert.Null(refused);
        Assert.Contains("already has an account", error);
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_forgotten_password_is_reset_through_the_emailed_link_and_only_the_new_one_opens()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        await console.AddSubscriberAsync(Email, "SUB-WEB-D1");
        using var client = await console.ClientAsync(null);
        Assert.Contains("Mot de passe oublié\u202F?", await PageAsync(client, "/account/login"));

        var asked = await ConsoleUnderTest.PostFormAsync(client, "/account/forgot", "/account/forgot", new() { ["email"] = Email });
        Assert.Equal("/account/forgot?sent=1", Location(asked));
        Assert.Contains("si cette adresse est connue, un e-mail a été envoyé", (await PageAsync(client, Location(asked))).ToLowerInvariant());
        var mail = await sink.NextAsync();
        Assert.Equal([Email], mail.To);
        Assert.Equal("Réinitialisation de votre mot de passe Vigie", mail.Subject);
        var link = new Uri(ResetLink().Match(mail.Body).Value);
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.Equal(Email, query["email"]);
        Assert.Matches("^[A-Za-z0-9_-]+$", query["token"]!);

        var badToken = await ConsoleUnderTest.PostFormAsync(client, link.PathAndQuery, "/account/reset",
            new() { ["email"] = Email, ["token"] = "QUJD", ["password"] = NewPassword, ["confirmation"] = NewPassword });
        Assert.Contains("error=token", Location(badToken));
        Assert.Contains("Ce lien de réinitialisation n'est pas valable ou a expiré.", await PageAsync(client, Location(badToken)));

        var reset = await ConsoleUnderTest.PostFormAsync(client, link.PathAndQuery, "/account/reset",
            new() { ["email"] = query["email"]!, ["token"] = query["token"]!, ["password"] = NewPassword, ["confirmation"] = NewPassword });
        Assert.Equal("/account/reset?done=1", Location(reset));
        Assert.Contains("Votre mot de passe a été changé.", await PageAsync(client, "/account/reset?done=1"));

        using var fresh = await console.ClientAsync(null);
        Assert.Contains("error=invalid", Location(await LoginAsync(fresh, Email, ConsoleUnderTest.Password)));
        Assert.Equal("/portal", Location(await LoginAsync(fresh, Email, NewPassword)));

        // The link served once: the password changed, so the token no longer holds.
        using var replay = await console.ClientAsync(null);
        var twice = await ConsoleUnderTest.PostFormAsync(replay, link.PathAndQuery, "/account/reset",
            new() { ["email"] = query["email"]!, ["token"] = query["token"]!, ["password"] = "encore un autre 2029", ["confirmation"] = "encore un autre 2029" });
        Assert.Contains("error=token", Location(twice));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task Forgot_for_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        await console.AddSubscriberAsync(Email, "SUB-WEB-E1");
        using var client = await console.ClientAsync(null);
        var unknown = await ConsoleUnderTest.PostFormAsync(client, "/account/forgot", "/account/forgot", new() { ["email"] = "personne@example.fr" });
        var staff = await ConsoleUnderTest.PostFormAsync(client, "/account/forgot", "/account/forgot", new() { ["email"] = "alice" });
        var known = await ConsoleUnderTest.PostFormAsync(client, "/account/forgot", "/account/forgot", new() { ["email"] = Email });
        Assert.Equal(Location(known), Location(unknown));
        Assert.Equal(Location(known), Location(staff));
        // Mails arrive in order: the first one is the known address's, and it is the only one.
        Assert.Equal([Email], (await sink.NextAsync()).To);
        await Task.Delay(300);
        Assert.Single(sink.Received);
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_subscriber_is_locked_out_after_the_configured_failures()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink, o => o.LockoutAttempts = 4);
        await console.AddSubscriberAsync(Email, "SUB-WEB-F1");
        using var client = await console.ClientAsync(null);
        for (var i = 0; i < 4; i++)
        {
            Assert.Contains(i < 3 ? "error=invalid" : "error=locked", Location(await LoginAsync(client, Email, "pas le bon mot de passe")));
        }
        Assert.Contains("error=locked", Location(await LoginAsync(client, Email, ConsoleUnderTest.Password)));
        Assert.Contains("Compte verrouillé", await PageAsync(client, "/account/login?error=locked"));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_subscriber_turns_the_second_factor_on_then_sign_in_asks_the_code_and_off_again_with_the_password()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        await console.AddSubscriberAsync(Email, "SUB-WEB-G1");
        using var client = await console.ClientAsync(null);
        Assert.Contains("/account/login?ReturnUrl=", Location(await client.GetAsync("/account/security")));
        Assert.Equal("/portal", Location(await LoginAsync(client, Email, ConsoleUnderTest.Password)));
        Assert.Contains("Désactivée\u202F: seul le mot de passe est demandé.", await PageAsync(client, "/account/security"));

        var enable = await PageAsync(client, "/account/security?enable=1");
        var key = AuthenticatorKey().Match(enable).Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Contains($"otpauth://totp/Vigie:{Uri.EscapeDataString(Email)}?secret={key}&issuer=Vigie", enable);
        var wrong = await ConsoleUnderTest.PostFormAsync(client, "/account/security?enable=1", "/account/security/two-factor/enable", new() { ["code"] = "000000" });
        Assert.Contains("error=code", Location(wrong));
        var on = await ConsoleUnderTest.PostFormAsync(client, "/account/security?enable=1", "/account/security/two-factor/enable", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        // The recovery codes are shown once, then the page says they are gone.
        Assert.Equal("/account/recovery-codes?returnUrl=%2Faccount%2Fsecurity%3Fdone%3Denabled", Location(on));
        Assert.Contains("id=\"recovery-codes\"", await PageAsync(client, "/account/recovery-codes"));
        Assert.Contains("id=\"recovery-gone\"", await PageAsync(client, "/account/recovery-codes"));
        Assert.Contains("Activée\u202F: un code de votre application", await PageAsync(client, "/account/security?done=enabled"));

        // The next sign-in asks the code before the portal.
        using var next = await console.ClientAsync(null);
        Assert.StartsWith("/account/second-factor", Location(await LoginAsync(next, Email, ConsoleUnderTest.Password)));
        Assert.Contains("/account/login?ReturnUrl=", Location(await next.GetAsync("/portal")));
        var code = await ConsoleUnderTest.PostFormAsync(next, "/account/second-factor", "/account/second-factor",
            new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)), ["returnUrl"] = "/portal" });
        Assert.Equal("/portal", Location(code));
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/portal")).StatusCode);

        // Off again: the current password is asked.
        var badPassword = await ConsoleUnderTest.PostFormAsync(next, "/account/security", "/account/security/two-factor/disable", new() { ["password"] = "pas le bon mot de passe" });
        Assert.Contains("error=current", Location(badPassword));
        var off = await ConsoleUnderTest.PostFormAsync(next, "/account/security", "/account/security/two-factor/disable", new() { ["password"] = ConsoleUnderTest.Password });
        Assert.Equal("/account/security?done=disabled", Location(off));
        using var last = await console.ClientAsync(null);
        Assert.Equal("/portal", Location(await LoginAsync(last, Email, ConsoleUnderTest.Password)));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_subscriber_changes_their_password_with_the_current_one()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        await console.AddSubscriberAsync(Email, "SUB-WEB-H1");
        using var client = await console.ClientAsync(null);
        Assert.Equal("/portal", Location(await LoginAsync(client, Email, ConsoleUnderTest.Password)));
        var wrongCurrent = await ConsoleUnderTest.PostFormAsync(client, "/account/security", "/account/security/password",
            new() { ["current"] = "pas le bon mot de passe", ["password"] = NewPassword, ["confirmation"] = NewPassword });
        Assert.Contains("error=current", Location(wrongCurrent));
        Assert.Contains("Le mot de passe actuel n'est pas le bon.", await PageAsync(client, Location(wrongCurrent)));
        var mismatch = await ConsoleUnderTest.PostFormAsync(client, "/account/security", "/account/security/password",
            new() { ["current"] = ConsoleUnderTest.Password, ["password"] = NewPassword, ["confirmation"] = "autre chose 2027" });
        Assert.Contains("error=mismatch", Location(mismatch));
        var changed = await ConsoleUnderTest.PostFormAsync(client, "/account/security", "/account/security/password",
            new() { ["current"] = ConsoleUnderTest.Password, ["password"] = NewPassword, ["confirmation"] = NewPassword });
        Assert.Equal("/account/security?done=password", Location(changed));
        // Still signed in after the change.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/security")).StatusCode);

        using var fresh = await console.ClientAsync(null);
        Assert.Contains("error=invalid", Location(await LoginAsync(fresh, Email, ConsoleUnderTest.Password)));
        Assert.Equal("/portal", Location(await LoginAsync(fresh, Email, NewPassword)));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_supervisor_cannot_turn_off_the_second_factor_the_console_requires()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        using var claire = await console.ClientAsync("claire");
        Assert.Contains("Votre rôle exige la double authentification.", await PageAsync(claire, "/account/security"));
        var off = await ConsoleUnderTest.PostFormAsync(claire, "/account/security", "/account/security/two-factor/disable", new() { ["password"] = ConsoleUnderTest.Password });
        Assert.Contains("error=required", Location(off));
        using var scope = console.Station.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().FindByNameAsync("claire"))!.TwoFactorEnabled);
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task The_smtp_sender_delivers_french_text_intact_to_a_real_server()
    {
        await using var sink = new SmtpSink();
        var sender = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, From = "Vigie <noreply@vigie.test>" });
        const string Body = "Bonjour Léa,\n\nÉvénement : intrusion détectée à 03:12 — « garage ».\n.Ligne qui commence par un point\n" +
            "Une ligne très longue pour obliger le codage à couper : " + "abcdefghij éèàùç " + "abcdefghij éèàùç " + "abcdefghij éèàùç " + "abcdefghij éèàùç.";
        await sender.SendEmailAsync(new Station.Ports.EmailMessage(["lea@example.fr", "paul@example.fr"], "Alerte : « garage » à 03:12", Body), CancellationToken.None);
        var mail = await sink.NextAsync();
        Assert.Equal(["lea@example.fr", "paul@example.fr"], mail.To);
        Assert.Equal("Alerte : « garage » à 03:12", mail.Subject);
        Assert.Equal(Body.Replace("\n", "\r\n", StringComparison.Ordinal), mail.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task The_demo_opens_one_account_per_demo_subscriber_that_signs_in_to_the_portal()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        var demo = DemoAccounts.Generate();
        await StaffDatabase.PrepareAsync(console.Station.Services, demo);
        Assert.Equal(Station.Simulator.DemoSites.All.Count, demo.Subscribers.Count);
        using var client = await console.ClientAsync(null);
        var third = demo.Subscribers.Single(s => s.Email == "sub-003@demo.vigie.fr");
        Assert.Equal("/portal", Location(await LoginAsync(client, third.Email, third.Password)));
        using var scope = console.Station.Services.CreateScope();
        Assert.Equal("SUB-003", (await scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().FindByNameAsync("sub-003@demo.vigie.fr"))!.SubscriberId);
    }

    [Fact]
    public async Task A_station_whose_accounts_still_open_with_an_earlier_demos_published_password_is_refused()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        using (var scope = console.Station.Services.CreateScope())
        {
            // As `vigie demo` left ./data before its accounts were marked: a subscriber with the password printed in the source.
            Assert.Null(await scope.ServiceProvider.GetRequiredService<SubscriberAccounts>().CreateAsync("sub-002@demo.vigie.fr", "demo-sub-002-2026", "SUB-002"));
        }
        await Assert.ThrowsAsync<DemoFolderException>(() => StaffDatabase.PrepareAsync(console.Station.Services, demo: null));
    }

    [Fact]
    public async Task Demo_passwords_are_drawn_per_demo_and_a_station_start_refuses_a_staff_database_holding_demo_accounts()
    {
        var first = DemoAccounts.Generate();
        var second = DemoAccounts.Generate();
        Assert.Empty(first.Staff.Select(m => m.Password).Concat(first.Subscribers.Select(s => s.Password))
            .Intersect(second.Staff.Select(m => m.Password).Concat(second.Subscribers.Select(s => s.Password))));
        Assert.DoesNotContain(first.Staff, m => m.Password.StartsWith("demo-", StringComparison.Ordinal));
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        await StaffDatabase.PrepareAsync(console.Station.Services, first);
        await Assert.ThrowsAsync<DemoFolderException>(() => StaffDatabase.PrepareAsync(console.Station.Services, demo: null));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public async Task A_staff_database_made_before_invitations_gets_their_table_at_start()
    {
        await using var sink = new SmtpSink();
        await using var console = await StartAsync(sink);
        using (var scope = console.Station.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StaffDb>().Database.ExecuteSqlRawAsync("DROP TABLE \"SubscriberInvitations\"");
        }
        await StaffDatabase.PrepareAsync(console.Station.Services, demo: null);
        var sent = await InviteAsync(console, "SUB-WEB-I1", Email);
        Assert.Equal([Email], (await sink.NextAsync()).To);
        using var client = await console.ClientAsync(null);
        Assert.Contains(Email, await PageAsync(client, new Uri(sent.Link).PathAndQuery));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/account/register/[A-Za-z0-9_-]+")]
    private static partial Regex RegisterLink();

    [GeneratedRegex(@"https://espace\.vigie\.test/account/reset\?\S+")]
    private static partial Regex ResetLink();

    [GeneratedRegex("id=\"authenticator-key\">([A-Z2-7]+)<")]
    private static partial Regex AuthenticatorKey();
}
