using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Receiver.Accounts;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>
/// Provisioning sites and panel accounts, codes and test periods are administrators' actions with a second factor
/// (issue 15): an operator's password alone changes none of them, and moving a panel account between sites is asked
/// for explicitly, names the site it leaves, and is audited.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class AdministrationTests
{
    private static object Provision(string siteId, string account, bool rebind = false) => new
    {
        site = JsonSerializer.SerializeToElement(Sites.Of(siteId, account, OfferCode.ToutInclus), DomainJson.Options),
        identificationCode = "2468",
        rebind,
    };

    private static string? BoundSite(ConsoleUnderTest console, string account) =>
        console.Station.Services.GetRequiredService<AccountStore>().Load().Accounts.Single(a => a.Account == account).SiteReference;

    [Fact]
    public async Task An_operator_cannot_rebind_a_panel_account_set_codes_or_put_a_site_on_test()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of("ADM-A", "5101", OfferCode.ToutInclus));
        using var operatorClient = await console.BearerAsync("alice");

        var rebind = await operatorClient.PostAsJsonAsync("/api/v1/sites", Provision("ADM-B", "5101", rebind: true));
        var code = await operatorClient.PutAsJsonAsync("/api/v1/sites/ADM-A/identification-code", new { code = "0000" });
        var duress = await operatorClient.PutAsJsonAsync("/api/v1/sites/ADM-A/duress-code", new { code = "1111" });
        var test = await operatorClient.PostAsJsonAsync("/api/v1/sites/ADM-A/test-period",
            new { kind = "OnTest", end = (console.Station.Now + NodaTime.Duration.FromHours(4)).ToString(), reason = "essai" });

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { rebind.StatusCode, code.StatusCode, duress.StatusCode, test.StatusCode });
        // Nothing changed: the panel still reports to its site, no site B, no test period, the code is still 1234.
        Assert.Equal("ADM-A", BoundSite(console, "5101"));
        Assert.Null(await console.Station.Desk.SiteAsync("ADM-B"));
        var status = await console.Station.Desk.SiteAsync("ADM-A");
        Assert.Null(status!.TestPeriod);
        var audit = await console.Station.Services.GetRequiredService<Staff.StaffAudit>().RecentAsync(50);
        Assert.Contains(audit, a => a.Actor == "alice" && a.Entry.Action == "api" && !a.Entry.Allowed && a.Entry.Target == "POST /api/v1/sites");
    }

    [Fact]
    public async Task Rebinding_a_panel_account_names_the_old_site_and_is_audited()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of("ADM-C", "5102", OfferCode.ToutInclus));
        using var admin = await console.BearerAsync("admin", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow));

        var refused = await admin.PostAsJsonAsync("/api/v1/sites", Provision("ADM-D", "5102"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ADM-C", problem.GetProperty("boundTo").GetString());
        Assert.Contains("ADM-C", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("ADM-C", BoundSite(console, "5102"));
        Assert.Null(await console.Station.Desk.SiteAsync("ADM-D"));

        var moved = await admin.PostAsJsonAsync("/api/v1/sites", Provision("ADM-D", "5102", rebind: true));
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        Assert.Equal("ADM-D", BoundSite(console, "5102"));
        var audit = await console.Station.Services.GetRequiredService<Staff.StaffAudit>().RecentAsync(50);
        var entry = Assert.Single(audit, a => a.Entry.Action == "rebind-panel-account");
        Assert.Equal("operator:admin", entry.Actor);
        Assert.Contains("ADM-C", entry.Entry.Detail, StringComparison.Ordinal);
        Assert.Contains("ADM-D", entry.Entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_with_a_second_factor_provisions_sets_codes_and_puts_a_site_on_test()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var admin = await console.BearerAsync("admin", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/sites", Provision("ADM-E", "5103"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/sites/ADM-E/identification-code", new { code = "4321" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/v1/sites/ADM-E/test-period",
            new { kind = "OnTest", end = (console.Station.Now + NodaTime.Duration.FromHours(4)).ToString(), reason = "essai" })).StatusCode);
        // Ending a test restores the watch: an operator may.
        using var operatorClient = await console.BearerAsync("alice");
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.DeleteAsync("/api/v1/sites/ADM-E/test-period")).StatusCode);
    }
}
