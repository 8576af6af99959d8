using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Web.Console;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>
/// Every console page, download and desk call (what the live pages invoke over their circuit) refuses anonymous
/// members and the wrong roles, and lets the right ones through.
/// </summary>
public sealed class AuthorizationTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    /// <summary>Pages: where each member lands (200: shown; login: sent to sign in; denied: refused).</summary>
    public static TheoryData<string, string?, string> Pages => new()
    {
        { "/console", null, "login" },
        { "/", null, "login" },
        { "/console/incidents/ANY-0001", null, "login" },
        { "/console/supervisor", null, "login" },
        { "/console/staff", null, "login" },
        { "/console", "alice", "200" },
        { "/console/incidents/ANY-0001", "alice", "200" },
        { "/console/supervisor", "alice", "denied" },
        { "/console/staff", "alice", "denied" },
        { "/console/supervisor", "claire", "200" },
        { "/console/staff", "claire", "denied" },
        { "/console", "admin", "denied" },
        { "/console/supervisor", "admin", "denied" },
        { "/console/staff", "admin", "200" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_is_shown_only_to_its_roles(string path, string? login, string expected)
    {
        var console = fixture.Console;
        using var client = await console.ClientAsync(login);
        var response = await client.GetAsync(path);
        switch (expected)
        {
            case "200":
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                break;
            case "login":
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
                break;
            default:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/denied", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
                break;
        }
    }

    [Fact]
    public async Task The_cluster_health_answers_anyone_with_counts_and_the_oldest_pulse_only()
    {
        using var client = await fixture.Console.ClientAsync(null);
        var response = await client.GetAsync("/health/cluster");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        // No address, no site, no member: how many stations and supervision partitions answer, and when the oldest pulsed.
        Assert.Equal(["oldestpartitionpulse", "partitions", "partitionsanswering", "silos"], report.Select(p => p.Key.ToLowerInvariant()).Order());
        Assert.Equal(1, (int)report.First(p => p.Key.Equals("silos", StringComparison.OrdinalIgnoreCase)).Value!);
    }

    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_site_icon_is_served_to_anyone(string path, string contentType)
    {
        using var client = await fixture.Console.ClientAsync(null);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("alice")]
    [InlineData("claire")]
    public async Task The_second_factor_routes_give_nothing_to_a_caller_without_a_pending_sign_in(string? login)
    {
        var console = fixture.Console;
        using var client = await console.ClientAsync(login);

        // Recovery codes are shown once, to the one who just enrolled: nobody else sees any.
        var page = await client.GetAsync("/account/recovery-codes");
        if (login is null)
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/login", page.Headers.Location?.PathAndQuery ?? page.Headers.Location?.OriginalString);
        }
        else
        {
            var codes = await page.Content.ReadAsStringAsync();
            Assert.Contains("id=\"recovery-gone\"", codes, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"recovery-codes\"", codes, StringComparison.Ordinal);
        }
        // A recovery code without a password step first signs nobody in.
        var recovery = await ConsoleUnderTest.PostFormAsync(client, "/account/second-factor", "/account/second-factor/recovery",
            new() { ["recoveryCode"] = "BCDFG-HJKMN", ["returnUrl"] = "/console" });
        Assert.Equal(HttpStatusCode.Redirect, recovery.StatusCode);
        Assert.StartsWith("/account/login", recovery.Headers.Location?.OriginalString);
    }

    /// <summary>The console's browser files (Leaflet, the map's script) are public like Blazor's script; only those files are served.</summary>
    [Theory]
    [InlineData("/assets/lib/leaflet/leaflet.js", HttpStatusCode.OK, "text/javascript")]
    [InlineData("/assets/lib/leaflet/leaflet.css", HttpStatusCode.OK, "text/css")]
    [InlineData("/assets/lib/leaflet/images/marker-icon.png", HttpStatusCode.OK, "image/png")]
    [InlineData("/assets/site-map.js", HttpStatusCode.OK, "text/javascript")]
    [InlineData("/assets/lib/leaflet/LICENSE", HttpStatusCode.NotFound, null)]
    [InlineData("/assets/refresh-leaflet.sh", HttpStatusCode.NotFound, null)]
    [InlineData("/assets/../Vigie.Web.dll", HttpStatusCode.NotFound, null)]
    [InlineData("/assets/%2e%2e/ConsoleModule.cs", HttpStatusCode.NotFound, null)]
    public async Task Console_assets_are_served_to_anyone_and_only_the_embedded_files(string path, HttpStatusCode expected, string? type)
    {
        using var client = await fixture.Console.ClientAsync(null);
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        if (type is not null)
        {
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/console/api/incidents/ANY-0001/report.json", null, HttpStatusCode.Unauthorized)]
    [InlineData("/console/api/incidents/ANY-0001/report.pdf", null, HttpStatusCode.Unauthorized)]
    [InlineData("/console/api/incidents/ANY-0001/report.json", "admin", HttpStatusCode.Forbidden)]
    [InlineData("/console/api/incidents/ANY-0001/report.pdf", "admin", HttpStatusCode.Forbidden)]
    [InlineData("/console/api/incidents/ANY-0001/report.json", "alice", HttpStatusCode.NotFound)]
    [InlineData("/console/api/incidents/ANY-0001/report.pdf", "claire", HttpStatusCode.NotFound)]
    public async Task Report_downloads_need_a_member_who_handles_incidents(string path, string? login, HttpStatusCode expected)
    {
        var console = fixture.Console;
        using var client = await console.ClientAsync(login);
        Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }

    /// <summary>
    /// The demo banner's "Signals (JSON)" link: the journal for a signed-in member's cookie, read only. An administrator
    /// is refused by the same group policy as the reports above (signing admin in again here would trip the
    /// second-factor rate limit the fixture shares).
    /// </summary>
    [Theory]
    [InlineData("/console/api/signals", null, HttpStatusCode.Unauthorized)]
    [InlineData("/console/api/signals", "alice", HttpStatusCode.OK)]
    [InlineData("/console/api/signals?limit=5&after=0", "claire", HttpStatusCode.OK)]
    public async Task The_consoles_signals_journal_opens_with_the_cookie_of_a_member_who_handles_incidents(string path, string? login, HttpStatusCode expected)
    {
        var console = fixture.Console;
        using var client = await console.ClientAsync(login);
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("[", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>The desk's calls, by the role each needs. The pages call nothing else.</summary>
    public static TheoryData<string> DeskCalls => new() { "queue", "queue-filtered", "incident", "take", "release", "transfer", "act", "check-code", "handlers", "statistics", "audit", "staff", "create-staff", "unlock-staff" };

    private static readonly HashSet<string> HandlerCalls = ["queue", "queue-filtered", "incident", "take", "release", "transfer", "act", "check-code", "handlers"];
    private static readonly HashSet<string> SupervisorCalls = ["statistics", "audit"];
    private static readonly HashSet<string> AdministratorCalls = ["staff", "create-staff", "unlock-staff"];

    [Theory]
    [MemberData(nameof(DeskCalls))]
    public async Task Each_desk_call_refuses_anonymous_members_and_wrong_roles(string call)
    {
        var console = fixture.Console;
        var members = new (string Who, ClaimsPrincipal User, bool Allowed)[]
        {
            ("anonymous", new ClaimsPrincipal(new ClaimsIdentity()), false),
            ("operator", Member("alice", StaffRoles.Operator, mfa: false), HandlerCalls.Contains(call)),
            ("supervisor", Member("claire", StaffRoles.Supervisor, mfa: true), HandlerCalls.Contains(call) || SupervisorCalls.Contains(call)),
            // A supervisor signed in without the second factor is not a supervisor for the supervisor's pages.
            ("supervisor without 2FA", Member("dora", StaffRoles.Supervisor, mfa: false), HandlerCalls.Contains(call)),
            ("administrator", Member("admin", StaffRoles.Administrator, mfa: true), AdministratorCalls.Contains(call)),
        };
        foreach (var (who, user, allowed) in members)
        {
            using var scope = console.Station.Services.CreateScope();
            var state = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            state.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
            var desk = scope.ServiceProvider.GetRequiredService<ConsoleDesk>();
            var refused = await Record.ExceptionAsync(() => Call(desk, call));
            if (allowed)
            {
                Assert.True(refused is null, $"{who} refused {call}: {refused}");
            }
            else
            {
                Assert.True(refused is ConsoleAccessDenied, $"{who} was not refused {call}: {refused?.GetType().Name ?? "no refusal"}");
            }
        }
        // Every refusal is in the audit trail.
        var audit = await console.Station.Services.GetRequiredService<StaffAudit>().RecentAsync(100);
        var action = call switch { "incident" => "view", "act" => "dispatch-agent", "queue-filtered" => "queue", _ => call };
        Assert.Contains(audit, a => a.Entry.Action == action && !a.Entry.Allowed && a.Actor == "anonymous");
    }

    private static ClaimsPrincipal Member(string login, string role, bool mfa)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, login), new(ClaimTypes.Role, role) };
        if (mfa)
        {
            claims.Add(new Claim("amr", "mfa"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test", ClaimTypes.Name, ClaimTypes.Role));
    }

    private static Task Call(ConsoleDesk desk, string call) => call switch
    {
        "queue" => desk.QueueAsync(),
        "queue-filtered" => desk.QueueAsync(new QueueFilter("dupre", AlertKind.Smoke, QueueState.Taken, Mine: true)),
        "incident" => desk.IncidentAsync("ANY-0001"),
        "take" => desk.TakeAsync("ANY-0001"),
        "release" => desk.ReleaseAsync("ANY-0001"),
        "transfer" => desk.TransferAsync("ANY-0001", "bruno"),
        "act" => desk.ActAsync("ANY-0001", "dispatch-agent", (by, at) => new DispatchAgent(by, at)),
        "check-code" => desk.CheckCodeAsync("ANY-0001", "1234"),
        "handlers" => desk.HandlersAsync(),
        "statistics" => desk.StatisticsAsync(desk.Now - Duration.FromDays(1), desk.Now),
        "audit" => desk.AuditAsync(10),
        "staff" => desk.StaffAsync(),
        "create-staff" => desk.CreateStaffAsync("new-" + Guid.NewGuid().ToString("N")[..6], "New", ConsoleUnderTest.Password, StaffRoles.Operator),
        "unlock-staff" => desk.UnlockStaffAsync("alice"),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };
}
