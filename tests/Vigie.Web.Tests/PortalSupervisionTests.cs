using System.Net;
using NodaTime;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>
/// Issue 4, point 7: what supervision knows of a site reaches its subscriber's page: last contact, each path's status
/// and the outage history, with how long each outage lasted.
/// </summary>
public sealed class PortalSupervisionTests
{
    private const string Site = "WEB-SUP-1";
    private const string Email = "paul.girard@example.fr";

    [Fact]
    public async Task A_silent_spell_shows_on_the_subscribers_page_as_an_outage_with_its_start_and_duration()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        var station = console.Station;
        await station.Pulse.Ready;
        await station.ProvisionAsync(Sites.Of(Site, "4601", OfferCode.ToutInclus) with
        {
            Panel = new Panel("4601", [new TransmissionPath(TransmissionKind.Ip, true)]),
            SupervisionProfile = "SP5",
        });
        await console.AddSubscriberAsync(Email, "SUB-" + Site);
        using var client = await console.ClientAsync(null);
        await ConsoleUnderTest.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["login"] = Email, ["password"] = ConsoleUnderTest.Password, ["returnUrl"] = "/portal" });

        var before = WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/sites/{Site}"));
        Assert.Contains("Coupures récentes", before);
        Assert.Contains("Aucune coupure enregistrée.", before);

        await using var panel = station.Panel("4601");
        await station.PollAsync(panel);
        await station.BeatAsync(Duration.FromSeconds(95)); // past SP5's 90 s: lost, held back in case others follow
        await station.BeatAsync(Duration.FromSeconds(60)); // its own technical incident
        await EngineUnderTest.Until(async () => (await station.SiteAsync(Site)).Faults.Count > 0, "the site's fault");
        await station.BeatAsync(Duration.FromMinutes(10));
        await station.PollAsync(panel);
        await EngineUnderTest.Until(async () => (await station.SiteAsync(Site)).Outages.Count == 1, "the outage recorded");
        var outage = (await station.SiteAsync(Site)).Outages[0];
        Assert.Equal(Duration.FromSeconds(755), outage.Duration);

        var after = WebUtility.HtmlDecode(await client.GetStringAsync($"/portal/sites/{Site}"));
        Assert.DoesNotContain("Aucune coupure enregistrée.", after);
        var table = after[after.IndexOf("id=\"outages\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains("site muet", table);
        Assert.Contains("12 min", table);
        Assert.Contains("Internet (IP)\u202F: opérationnelle", after);
    }
}
