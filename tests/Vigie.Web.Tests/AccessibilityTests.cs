using System.Reflection;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;
using Vigie.Web.Components;

namespace Vigie.Web.Tests;

/// <summary>
/// Every page of the console and the portal, in French, as the member it is for, scanned by axe-core: no serious or
/// critical violation, one title, the page's language. The pages come from the application's routes, so a new page
/// without a visit here fails the scan.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed partial class AccessibilityTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Site = "WEB-A11Y";
    private const string Email = "camille.martin@example.fr";
    private const string Invited = "lea.martin@example.fr";

    /// <summary>What the pages need: an incident in the queue, a remote to open, an invitation to register with.</summary>
    private sealed record Seeds(string IncidentId, string RemotePath, string RegisterPath);

    /// <summary>Who opens a page, and where.</summary>
    private sealed record Visit(string Who, string Path);

    private const string Anonymous = "anonymous";
    private const string Operator = "alice (operator)";
    private const string Supervisor = "claire (supervisor)";
    private const string SupervisorAtSecondFactor = "claire, password given";
    private const string Administrator = "admin";
    private const string Enrolling = "dora, enrolling an authenticator";
    private const string Enrolled = "dora, just enrolled";
    private const string Subscriber = "camille (subscriber)";

    /// <summary>Each route of the application (its @page template), and the visit that scans it.</summary>
    private static readonly (string Route, Func<Seeds, Visit> Visit)[] Visits =
    [
        ("/account/login", _ => new(Anonymous, "/account/login?error=invalid&returnUrl=%2Fconsole")),
        ("/account/forgot", _ => new(Anonymous, "/account/forgot")),
        ("/account/reset", _ => new(Anonymous, "/account/reset?email=" + Uri.EscapeDataString(Email) + "&token=AAAA")),
        ("/account/register/{Token}", s => new(Anonymous, s.RegisterPath)),
        ("/remote/{Token}", s => new(Anonymous, s.RemotePath)),
        ("/account/second-factor", _ => new(SupervisorAtSecondFactor, "/account/second-factor")),
        ("/account/enroll", _ => new(Enrolling, "/account/enroll")),
        ("/account/recovery-codes", _ => new(Enrolled, "/account/recovery-codes")),
        ("/console/incidents/{IncidentId}", s => new(Operator, "/console/incidents/" + s.IncidentId)),
        ("/", _ => new(Operator, "/")),
        ("/console", _ => new(Operator, "/console")),
        ("/account/denied", _ => new(Operator, "/account/denied")),
        ("/console/supervisor", _ => new(Supervisor, "/console/supervisor")),
        ("/console/staff", _ => new(Administrator, "/console/staff")),
        ("/portal", _ => new(Subscriber, "/portal")),
        ("/portal/sites/{SiteId}", _ => new(Subscriber, $"/portal/sites/{Site}")),
        ("/portal/sites/{SiteId}/instructions", _ => new(Subscriber, $"/portal/sites/{Site}/instructions")),
        ("/portal/sites/{SiteId}/codes", _ => new(Subscriber, $"/portal/sites/{Site}/codes")),
        ("/portal/sites/{SiteId}/protect-plus", _ => new(Subscriber, $"/portal/sites/{Site}/protect-plus")),
        ("/portal/sites/{SiteId}/remotes", _ => new(Subscriber, $"/portal/sites/{Site}/remotes")),
        ("/portal/sites/{SiteId}/settings", _ => new(Subscriber, $"/portal/sites/{Site}/settings")),
        ("/portal/sites/{SiteId}/video", _ => new(Subscriber, $"/portal/sites/{Site}/video")),
        ("/account/security", _ => new(Subscriber, "/account/security")),
    ];

    /// <summary>The application's pages: every routable component, with its templates, and whether it is live (interactive).</summary>
    private static readonly Dictionary<string, bool> Routes = typeof(App).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Live: t.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is null)))
        .ToDictionary(r => r.Template, r => r.Live);

    [Fact]
    public void Every_page_of_the_application_has_a_visit_in_the_scan()
    {
        Assert.NotEmpty(Routes);
        Assert.Empty(Routes.Keys.Except(Visits.Select(v => v.Route)));
        Assert.Empty(Visits.Select(v => v.Route).Except(Routes.Keys));
    }

    [Fact]
    public async Task Every_page_in_French_has_no_serious_axe_violation_one_title_and_no_glued_words()
    {
        await using var sink = new SmtpSink();
        await using var console = await SubscriberAccountTests.StartAsync(sink);
        await console.Station.ProvisionAsync(Sites.Of(Site, "4301", OfferCode.ToutInclus, speaker: true));
        await console.AddSubscriberAsync(Email, "SUB-" + Site);
        using (var scope = console.Station.Services.CreateScope())
        {
            var (_, error) = await scope.ServiceProvider.GetRequiredService<Portal.SubscriberInvitations>().InviteAsync("SUB-" + Site, Invited, console.BaseUrl);
            Assert.Null(error);
        }
        var registerPath = RegisterLink().Match((await sink.NextAsync()).Body).Value;
        Assert.NotEmpty(registerPath);

        // A burglary on the armed site, past its window: an operator's incident in the queue.
        await using (var panel = console.Station.Panel("4301"))
        {
            await console.Station.SendAsync(panel, "CL001");
            await console.Station.SendAsync(panel, "BA002");
        }
        console.Station.Advance(Duration.FromSeconds(32));
        var incidentId = Site + "-0001";
        await console.Station.IncidentAsync(incidentId);

        var sessions = new Sessions(chromium, console.BaseUrl);
        // The subscriber hands out a remote (so the remotes page lists one, and the remote page has a link to open).
        var subscriber = await sessions.Of(Subscriber);
        await subscriber.GotoAsync($"/portal/sites/{Site}/remotes");
        await Live(subscriber);
        await subscriber.FillAsync("#remote-name", "Mamie");
        await subscriber.ClickAsync("#create-remote");
        var remotePath = new Uri(await subscriber.InputValueAsync("#remote-link")).AbsolutePath;

        // alice takes the incident and a caller gives a wrong code: the screen with its error state.
        var alice = await sessions.Of(Operator);
        await alice.ClickAsync($"tr[data-incident='{incidentId}'] button[data-action='take']");
        await alice.WaitForURLAsync("**/console/incidents/" + incidentId);
        await alice.ClickAsync("button[data-action='interpellate-answered']");
        await Assertions.Expect(alice.Locator("#incident-message")).ToContainTextAsync("Interpellation");
        await alice.Locator("#heard-code").FillAsync("0000");
        await alice.ClickAsync("button[data-action='check-code']");
        await Assertions.Expect(alice.Locator("#code-result")).ToContainTextAsync("Code faux");
        var wrongCode = await alice.Locator("#code-result").InnerTextAsync();

        var seeds = new Seeds(incidentId, remotePath, registerPath);
        var faults = new List<string>();
        if (!WrongCodeCounted().IsMatch(wrongCode))
        {
            faults.Add($"incident screen: no space between the code's result and the count of wrong codes: « {wrongCode} »");
        }
        foreach (var (route, visitOf) in Visits)
        {
            var visit = visitOf(seeds);
            var page = await sessions.Of(visit.Who);
            // A page the member is already on is scanned as it is: reached by the sign-in itself (the recovery codes are
            // shown once), or left in an error state (the wrong code on the incident screen).
            if (new Uri(page.Url).AbsolutePath != new Uri(new Uri(console.BaseUrl), visit.Path).AbsolutePath)
            {
                await page.GotoAsync(visit.Path);
            }
            if (Routes[route])
            {
                await Live(page);
            }
            await page.Locator("h1").First.WaitForAsync();
            faults.AddRange((await FaultsAsync(page)).Select(f => $"{visit.Path} ({visit.Who}): {f}"));
        }

        // The gaps Razor drops between a text and what follows it: "En service depuis", not "En servicedepuis".
        foreach (var (page, path, state) in new[] { (alice, "/console/incidents/" + incidentId, "p:has(#arming)"), (subscriber, $"/portal/sites/{Site}", "p:has(#arming-mode)") })
        {
            await page.GotoAsync(path);
            await Live(page);
            var text = await page.Locator(state).InnerTextAsync();
            if (!ArmedSince().IsMatch(text))
            {
                faults.Add($"{path}: no space between the arming state and its time: « {text} »");
            }
        }
        Assert.True(faults.Count == 0, $"{faults.Count} accessibility faults:\n" + string.Join("\n", faults));
    }

    [Fact]
    public async Task A_bad_number_in_the_instructions_is_announced_marked_and_focused_and_disabled_buttons_look_disabled()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of(Site, "4302", OfferCode.ToutInclus, speaker: true));
        await console.AddSubscriberAsync(Email, "SUB-" + Site);
        var page = await new Sessions(chromium, console.BaseUrl).Of(Subscriber);
        await page.GotoAsync($"/portal/sites/{Site}/instructions");
        await Live(page);
        var phone = page.Locator("#contact-phone-0");
        await phone.FillAsync("0612");
        await page.ClickAsync("#save-instructions");

        // Announced: the message is in an alert; the field says it is wrong, which message tells why, and has the focus.
        var errors = page.Locator("#instructions-errors[role=alert]");
        await Assertions.Expect(errors).ToContainTextAsync("« 0612 »");
        await Assertions.Expect(phone).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await phone.GetAttributeAsync("aria-describedby");
        Assert.NotNull(describedBy);
        // The field's hint stays described; the error's message is added to it.
        await Assertions.Expect(page.Locator("#" + describedBy.Split(' ')[^1])).ToContainTextAsync("« 0612 »");
        await Assertions.Expect(phone).ToBeFocusedAsync();
        Assert.Null(await page.Locator("#contact-name-0").GetAttributeAsync("aria-invalid"));

        // Once right, the field is no longer marked.
        await phone.FillAsync("06 39 98 44 01");
        await page.ClickAsync("#save-instructions");
        await Assertions.Expect(page.Locator("#instructions-saved")).ToBeVisibleAsync();
        await Assertions.Expect(phone).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("phone-hint", await phone.GetAttributeAsync("aria-describedby"));

        // The first contact cannot move up: its secondary button is greyed, unlike an enabled one beside it.
        const string Look = "b => getComputedStyle(b).backgroundColor + ' ' + getComputedStyle(b).color";
        var disabled = await page.Locator("li.contact[data-index='0'] button.secondary[disabled]").First.EvaluateAsync<string>(Look);
        var enabled = await page.Locator("#add-contact").EvaluateAsync<string>(Look);
        Assert.NotEqual(enabled, disabled);
    }

    /// <summary>The serious and critical axe violations of the page as it is, and a page without one title or without French.</summary>
    private static async Task<List<string>> FaultsAsync(IPage page)
    {
        var faults = new List<string>();
        AxeResult result = await page.RunAxe();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            foreach (var node in violation.Nodes)
            {
                faults.Add($"{violation.Id} [{violation.Impact}] {violation.Help}: {node.Target} {node.Html}");
            }
        }
        var titles = await page.EvaluateAsync<string[]>("() => [...document.head.querySelectorAll('title')].map(t => t.textContent)");
        if (titles.Length != 1 || string.IsNullOrWhiteSpace(titles[0]))
        {
            faults.Add($"{titles.Length} <title> in the head ({string.Join(" | ", titles)}), not one");
        }
        var language = await page.EvaluateAsync<string>("() => document.documentElement.lang");
        if (language != "fr")
        {
            faults.Add($"lang=\"{language}\", not fr");
        }
        return faults;
    }

    private static Task Live(IPage page) => page.Locator("main[data-live='on']").WaitForAsync(new LocatorWaitForOptions { Timeout = Chromium.FirstPageTimeout });

    /// <summary>One browser profile per member, signed in as the visit needs, made on first use.</summary>
    private sealed class Sessions(Chromium chromium, string baseUrl)
    {
        private readonly Dictionary<string, IPage> _pages = [];

        public async Task<IPage> Of(string who)
        {
            if (_pages.TryGetValue(who, out var known))
            {
                return known;
            }
            var page = who == Enrolled ? await Of(Enrolling) : await chromium.PageAsync(baseUrl);
            switch (who)
            {
                case Operator:
                    await Chromium.LoginAsync(page, "alice");
                    break;
                case Supervisor:
                    await Chromium.LoginAsync(page, "claire", ConsoleUnderTest.SupervisorKey);
                    break;
                case Administrator:
                    await PasswordAsync(page, "admin", "/console/staff");
                    await page.WaitForURLAsync("**/account/second-factor**");
                    await page.FillAsync("#code", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow));
                    await page.ClickAsync("button[type=submit]");
                    await page.WaitForURLAsync("**/console/staff", new PageWaitForURLOptions { Timeout = Chromium.FirstPageTimeout });
                    break;
                case SupervisorAtSecondFactor:
                    await PasswordAsync(page, "claire");
                    await page.WaitForURLAsync("**/account/second-factor**");
                    break;
                case Enrolling:
                    await PasswordAsync(page, "dora");
                    await page.WaitForURLAsync("**/account/enroll**");
                    break;
                case Enrolled:
                    var key = (await page.TextContentAsync("#authenticator-key"))!.Trim();
                    await page.FillAsync("#code", Totp.Code(key, DateTimeOffset.UtcNow));
                    await page.ClickAsync("button[type=submit]");
                    await page.WaitForURLAsync("**/account/recovery-codes**");
                    await page.Locator("#recovery-codes").WaitForAsync();
                    break;
                case Subscriber:
                    await PasswordAsync(page, Email, "/portal");
                    await page.WaitForURLAsync("**/portal", new PageWaitForURLOptions { Timeout = Chromium.FirstPageTimeout });
                    break;
                case Anonymous:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(who), who, "no such member in the scan");
            }
            _pages[who] = page;
            return page;
        }

        private static async Task PasswordAsync(IPage page, string login, string returnUrl = "/console")
        {
            await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
            await page.FillAsync("#login", login);
            await page.FillAsync("#password", ConsoleUnderTest.Password);
            await page.ClickAsync("button[type=submit]");
        }
    }

    /// <summary>"… armé depuis le 3 déc. …": the state, a space, then "depuis".</summary>
    [GeneratedRegex(@"\S\s+depuis\s")]
    private static partial Regex ArmedSince();

    /// <summary>"Code faux 1 faux": the result, a space, then the count.</summary>
    [GeneratedRegex(@"Code faux\s+1 faux")]
    private static partial Regex WrongCodeCounted();

    [GeneratedRegex(@"/account/register/[A-Za-z0-9_-]+")]
    private static partial Regex RegisterLink();
}
