using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;

namespace Vigie.Station.Tests;

/// <summary>The supervision routes over real HTTP: the portal's data, and bad input refused by name with nothing changed.</summary>
public sealed class SupervisionApiTests
{
    private static string Iso(Instant at) => InstantPattern.ExtendedIso.Format(at);

    [Fact]
    public async Task The_portal_reads_last_contact_and_each_paths_status_and_bad_input_is_refused_by_name_changing_nothing()
    {
        await using var station = await EngineUnderTest.StartAsync(http: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") };
        await station.Pulse.Ready;
        var site = Sites.Of("SA-1", "4601", OfferCode.ToutInclus) with
        {
            Panel = new Panel("4601", [new TransmissionPath(TransmissionKind.Ip, true, "0"), new TransmissionPath(TransmissionKind.Gsm, false, "2")]),
            SupervisionProfile = "DP4",
        };
        await station.ProvisionAsync(site);
        await using (var panel = station.Panel("4601"))
        {
            var before = station.Contacts.Passed;
            Assert.Equal(ReplyKind.Ack, (await panel.SendLinkTestAsync()).Kind);
            await EngineUnderTest.Until(() => Task.FromResult(station.Contacts.Passed > before), "the poll reached its partition");
        }
        var heard = station.Now;
        station.Advance(Duration.FromSeconds(20));
        await using (var gsm = new SimulatedPanel(new PanelProfile { Account = "4601", Line = "2", StampPlainMessages = false },
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, station.Receiver.TcpPort), PanelTransport.Tcp))
        {
            var before = station.Contacts.Passed;
            Assert.Equal(ReplyKind.Ack, (await gsm.SendLinkTestAsync()).Kind);
            await EngineUnderTest.Until(() => Task.FromResult(station.Contacts.Passed > before), "the GSM poll reached its partition");
        }
        var heardOnGsm = station.Now;

        var view = JsonDocument.Parse(await http.GetStringAsync("/api/v1/sites/SA-1/supervision")).RootElement;
        Assert.Equal("DP4", view.GetProperty("profile").GetString());
        Assert.Equal(Iso(heardOnGsm), view.GetProperty("lastContact").GetString());
        var paths = view.GetProperty("liveness").GetProperty("paths").EnumerateArray().ToList();
        Assert.Equal(["Ip", "Gsm"], paths.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal(Iso(heard), paths[0].GetProperty("lastHeard").GetString()); // line 0: the IP path
        Assert.Equal(Iso(heardOnGsm), paths[1].GetProperty("lastHeard").GetString()); // line 2: the GSM path
        Assert.Equal(Iso(heard + Duration.FromSeconds(90)), paths[0].GetProperty("due").GetString());
        Assert.Empty(view.GetProperty("faults").EnumerateArray());

        using var unknownSite = await http.GetAsync("/api/v1/sites/NOPE/supervision");
        Assert.Equal(HttpStatusCode.NotFound, unknownSite.StatusCode);

        using var unknownProfile = await http.PutAsJsonAsync("/api/v1/sites/SA-1/supervision-profile", new { profile = "SP9" });
        Assert.True(unknownProfile.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
        Assert.Contains("SP9", await unknownProfile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var changed = await http.PutAsJsonAsync("/api/v1/sites/SA-1/supervision-profile", new { profile = "DP2", by = "operator:alice" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("DP2", (await station.SiteAsync("SA-1")).SupervisionProfile);

        using var pastEnd = await http.PostAsJsonAsync("/api/v1/sites/SA-1/test-period",
            new { kind = "OnTest", end = Iso(station.Now - Duration.FromHours(1)), reason = "detector test" });
        Assert.Equal(HttpStatusCode.BadRequest, pastEnd.StatusCode);
        Assert.Equal("end", JsonDocument.Parse(await pastEnd.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        using var badKind = await http.PostAsJsonAsync("/api/v1/sites/SA-1/test-period", new { kind = "Holiday", end = Iso(station.Now + Duration.FromHours(1)), reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal("kind", JsonDocument.Parse(await badKind.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        Assert.Null((await station.SiteAsync("SA-1")).TestPeriod);

        using var onTest = await http.PostAsJsonAsync("/api/v1/sites/SA-1/test-period",
            new { kind = "OnTest", end = Iso(station.Now + Duration.FromHours(1)), reason = "detector test", by = "operator:tech-paul" });
        Assert.Equal(HttpStatusCode.OK, onTest.StatusCode);
        Assert.Equal(TestPeriodKind.OnTest, (await station.SiteAsync("SA-1")).TestPeriod!.Kind);

        var overview = JsonDocument.Parse(await http.GetStringAsync("/api/v1/supervision")).RootElement;
        Assert.Equal(1, overview.GetProperty("sites").GetInt32());
        Assert.Contains(overview.GetProperty("profiles").EnumerateArray(), p => p.GetProperty("name").GetString() == "DP4");
    }
}
