using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>
/// Every /api/v1 route, called by each kind of caller: nobody, the site's subscriber, another site's subscriber, a
/// virtual remote's holder, a contact with an account but no site, an operator, an administrator signed in with a
/// second factor. Each gets exactly its answer; another subscriber's site is a 404 like an unknown one, so nothing
/// leaks. Run with the simulators (the demo) and without (a station in service, where their routes do not exist).
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class ApiAuthorizationMatrixTests
{
    private const string A = "WEB-A";
    private const string B = "WEB-B";
    private static readonly string[] Callers = ["anonymous", "owner", "other", "holder", "contact", "operator", "admin"];

    /// <summary>Any answer that shows the route was reached by an allowed caller (not refused by the gate, never a 500).</summary>
    private const int Reached = -1;

    private sealed record Row(string Method, string Path, string? Body, int[] Expected);

    private static Row Staff(string method, string path, string? body = null, int operatorGets = 200, int? adminGets = null) =>
        new(method, path, body, [401, 403, 403, 401, 403, operatorGets, adminGets ?? operatorGets]);

    /// <summary>Provisioning, panel accounts, activation, supervision profile, test periods: administrators with a second factor.</summary>
    private static Row Administrator(string method, string path, string? body = null, int adminGets = 200) =>
        new(method, path, body, [401, 403, 403, 401, 403, 403, adminGets]);

    private static Row Member(string method, string path, string? body = null, int ownerGets = 200, int operatorGets = 200) =>
        new(method, path, body, [401, ownerGets, 404, 401, 404, operatorGets, operatorGets]);

    /// <summary>A site's codes: its subscriber, and of the staff only administrators with a second factor.</summary>
    private static Row Codes(string method, string path, string? body) =>
        new(method, path, body, [401, 200, 404, 401, 404, 403, 200]);

    private static Row Subscriber(string method, string path, string? body = null, int ownerGets = 200) =>
        new(method, path, body, [401, ownerGets, 404, 401, 404, 403, 403]);

    /// <summary>The simulated phones and mailbox: staff only while the simulators run; no route at all otherwise.</summary>
    private static Row Simulator(bool running, string method, string path, string? body = null, int staffGets = 200) =>
        new(method, path, body, running ? [401, 403, 403, 401, 403, staffGets, staffGets] : [404, 404, 404, 404, 404, 404, 404]);

    private static readonly string Instructions = """
        { "subscriberPhones": ["+33639981001"], "contacts": [{ "name": "Voisin", "phone": "+33639982001" }, { "name": "Sœur", "phone": "+33639983001" }],
          "emails": ["camille@example.fr"], "accessNotes": "Portail : badge" }
        """;

    private static IReadOnlyList<Row> Matrix(NodaTime.Instant now, bool simulators) =>
    [
        new("GET", "/api/v1/sites", null, [401, 200, 200, 401, 200, 200, 200]),
        Member("GET", $"/api/v1/sites/{A}"),
        Member("GET", $"/api/v1/sites/{A}/history"),
        Member("GET", $"/api/v1/sites/{A}/supervision"),
        Member("PUT", $"/api/v1/sites/{A}/instructions", Instructions),
        Codes("PUT", $"/api/v1/sites/{A}/identification-code", """{ "code": "4321" }"""),
        Codes("PUT", $"/api/v1/sites/{A}/duress-code", """{ "code": "8765" }"""),
        // TOUT INCLUS has no PROTECT+: the owner and the operator reach the rule, which refuses (ALR-7).
        Member("POST", $"/api/v1/sites/{A}/protect-plus", """{ "start": "2099-01-01T00:00:00Z", "periods": 1 }""", 409, 409),
        Member("DELETE", $"/api/v1/sites/{A}/protect-plus/P9999", null, 409, 409),
        // No camera on this site: the rule refuses (VID-11), after the gate let both in.
        Member("PUT", $"/api/v1/sites/{A}/activity-detection", """{ "on": true }""", 409, 409),
        Member("PUT", $"/api/v1/sites/{A}/detection-schedule", """{ "windows": [{ "day": "Monday", "from": "08:00", "to": "19:00" }] }""", 409, 409),
        Member("PUT", $"/api/v1/sites/{A}/privacy-mode", """{ "on": true }""", 409, 409),
        Subscriber("POST", $"/api/v1/sites/{A}/arming", """{ "mode": "Partial" }""", 202),
        Subscriber("GET", $"/api/v1/sites/{A}/remotes"),
        // Issue 16: how each incident of the subscriber's own site ended; another subscriber's site is a 404.
        Subscriber("GET", $"/api/v1/sites/{A}/incidents"),
        Subscriber("POST", $"/api/v1/sites/{A}/remotes", """{ "name": "Voisin" }""", 201),
        Subscriber("PUT", $"/api/v1/sites/{A}/arming-notices", """{ "arming": { "email": false, "app": true, "sms": false }, "disarming": { "email": false, "app": true, "sms": false } }"""),
        Subscriber("PUT", $"/api/v1/sites/{A}/insurer", """{ "name": "Assur'Habitat", "assistancePhone": "+33199001234" }"""),
        Subscriber("POST", $"/api/v1/sites/{A}/lost-devices", """{ "kind": "Badge", "description": "badge bleu" }"""),
        new("GET", "/api/v1/remote", null, [401, 401, 401, 200, 401, 401, 401]),
        new("POST", "/api/v1/remote/arming", """{ "mode": "Total" }""", [401, 401, 401, 202, 401, 401, 401]),
        // After the holder's rows: revoking the other remote and forgetting the insurer.
        Subscriber("DELETE", $"/api/v1/sites/{A}/remotes/R0002"),
        Subscriber("DELETE", $"/api/v1/sites/{A}/insurer"),
        Administrator("POST", "/api/v1/sites", "{}", 400),
        Administrator("POST", $"/api/v1/sites/{A}/activation", """{ "step": "Subscribed" }"""),
        Administrator("PUT", $"/api/v1/sites/{A}/supervision-profile", """{ "profile": "DP2" }"""),
        // Cluster diagnostics: which silo holds a site's grains (the failover test and bench kill that one).
        Administrator("GET", $"/api/v1/cluster/placement?site={A}"),
        Administrator("POST", $"/api/v1/sites/{A}/test-period", $$"""{ "kind": "Maintenance", "end": "{{(now + NodaTime.Duration.FromDays(1)).ToString()}}", "reason": "contrôle" }"""),
        // Ending a test restores the watch: any staff member may (the operator ends it, the administrator finds none).
        Staff("DELETE", $"/api/v1/sites/{A}/test-period", adminGets: Reached),
        Staff("POST", $"/api/v1/sites/{A}/cameras/CAM-9/link", """{ "lost": true }""", Reached),
        Staff("GET", "/api/v1/supervision"),
        Staff("GET", "/api/v1/incidents"),
        Staff("GET", "/api/v1/incidents/NONE-0001", null, 404),
        Staff("POST", "/api/v1/incidents/NONE-0001/take", "{}", 404),
        Staff("POST", "/api/v1/incidents/NONE-0001/release", "{}", 404),
        Staff("POST", "/api/v1/incidents/NONE-0001/transfer", """{ "to": "bruno" }""", 404),
        Staff("POST", "/api/v1/incidents/NONE-0001/commands", """{ "type": "CallPolice" }""", 404),
        Staff("GET", "/api/v1/incidents/NONE-0001/report.json", null, 404),
        Staff("GET", "/api/v1/incidents/NONE-0001/report.pdf", null, 404),
        Staff("GET", "/api/v1/statistics/handling?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z"),
        Staff("GET", "/api/v1/charges"),
        Staff("GET", "/api/v1/signals"),
        // Issue 18: a camera's upload answers only the device's own credentials (HTTP Basic): every other caller gets a bare 401.
        new("POST", "/api/v1/media?kind=photo", null, [401, 401, 401, 401, 401, 401, 401]),
        Administrator("POST", $"/api/v1/sites/{A}/cameras/CAM-1/devices", null, 201),
        Staff("GET", "/api/v1/incidents/NONE-0001/media", null, 404),
        Administrator("POST", "/api/v1/incidents/NONE-0001/requisitions", """{ "authority": "TJ Lyon", "reference": "PV 1", "issuedOn": "2026-11-23" }""", 404),
        Administrator("GET", "/api/v1/incidents/NONE-0001/requisitions/1/media/M1", null, 404),
        Simulator(simulators, "GET", "/api/v1/simulator/calls"),
        Simulator(simulators, "GET", "/api/v1/simulator/outbox"),
        // No call rings at this number: staff reach the simulator, which says so.
        Simulator(simulators, "POST", "/api/v1/simulator/calls/answer", """{ "number": "+33639989999", "dtmf": "1" }""", 404),
        Simulator(simulators, "POST", "/api/v1/simulator/calls/reject", """{ "number": "+33639989999" }""", 404),
    ];

    /// <summary>Routes proven elsewhere: signing in is anonymous by nature (ApiTokenTests).</summary>
    private static readonly string[] ProvenElsewhere = ["POST /api/v1/auth/token", "POST /api/v1/auth/refresh"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    [Trait("Rule", "RC-4")]
    [Trait("Rule", "RC-2")]
    public async Task Each_caller_gets_exactly_its_answer_on_every_route(bool simulators)
    {
        await using var console = await ConsoleUnderTest.StartAsync(station: engine => engine.SimulatorApi = simulators);
        await console.Station.ProvisionAsync(Sites.Of(A, "4201", OfferCode.ToutInclus, speaker: true));
        await console.Station.ProvisionAsync(Sites.Of(B, "4202", OfferCode.ToutInclus, speaker: true));
        await console.AddSubscriberAsync("a@example.fr", "SUB-" + A);
        await console.AddSubscriberAsync("b@example.fr", "SUB-" + B);
        await console.AddSubscriberAsync("voisin@example.fr", "SUB-CONTACT");
        var desk = console.Station.Services.GetRequiredService<StationDesk>();
        var (created, _, holderToken) = await desk.CreateVirtualRemoteAsync(A, "Mamie", null, Actor.Subscriber("SUB-" + A));
        Assert.True(created.Accepted, created.Refusal?.Detail);
        Assert.True((await desk.CreateVirtualRemoteAsync(A, "Voisin", null, Actor.Subscriber("SUB-" + A))).Result.Accepted);

        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = await console.ClientAsync(null),
            ["owner"] = await console.BearerAsync("a@example.fr"),
            ["other"] = await console.BearerAsync("b@example.fr"),
            ["holder"] = await console.ClientAsync(null),
            ["contact"] = await console.BearerAsync("voisin@example.fr"),
            ["operator"] = await console.BearerAsync("alice"),
            ["admin"] = await console.BearerAsync("admin", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow)),
        };
        clients["holder"].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", holderToken);

        var wrong = new List<string>();
        foreach (var row in Matrix(desk.Now, simulators))
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
                if (row.Body is not null)
                {
                    request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
                }
                using var response = await clients[Callers[i]].SendAsync(request, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                var expected = row.Expected[i];
                var ok = expected == Reached ? status is not (401 or 403 or 500) : status == expected;
                if (!ok)
                {
                    wrong.Add($"{row.Method} {row.Path} as {Callers[i]}: {status}, expected {(expected == Reached ? "reached" : expected)} — {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                }
                if (row.Path == "/api/v1/sites" && status == 200 && Callers[i] is "owner" or "other" or "contact")
                {
                    // A subscriber's list holds their own sites and nothing else.
                    var sites = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).EnumerateArray()
                        .Select(s => s.GetProperty("siteId").GetString()).ToList();
                    var mine = Callers[i] switch { "owner" => new[] { A }, "other" => [B], _ => [] };
                    if (!sites.SequenceEqual(mine))
                    {
                        wrong.Add($"GET /api/v1/sites as {Callers[i]} listed {string.Join(", ", sites)}");
                    }
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // The matrix covers every /api/v1 route the station maps.
        var routes = console.Station.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: "/" + e.RoutePattern.RawText!.Trim('/'))))
            .ToList();
        var covered = Matrix(desk.Now, simulators).Select(r => (r.Method, Pattern: Pattern(r.Path))).ToHashSet();
        var missing = routes.Where(r => !covered.Contains(r) && !ProvenElsewhere.Contains($"{r.Method} {r.Pattern}")).ToList();
        Assert.True(missing.Count == 0, "not in the matrix: " + string.Join(", ", missing));

        // Refusals of the wrong audience are audited (ARCHITECTURE rule 7).
        var audit = await console.Station.Services.GetRequiredService<Staff.StaffAudit>().RecentAsync(500);
        Assert.Contains(audit, a => a.Entry.Action == "api" && !a.Entry.Allowed && a.Entry.Target == "GET /api/v1/incidents");
    }

    /// <summary>The route pattern a concrete path was made from (the matrix's ids are in known places).</summary>
    private static string Pattern(string path)
    {
        var bare = path.Split('?')[0];
        var parts = bare.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = (i > 0 ? parts[i - 1] : "") switch
            {
                "sites" when parts[i] is A or B => "{siteId}",
                "incidents" when parts[i] == "NONE-0001" => "{incidentId}",
                "protect-plus" => "{bookingId}",
                "remotes" => "{remoteId}",
                "cameras" => "{cameraId}",
                "requisitions" => "{number}",
                "media" when parts[i] == "M1" => "{mediaId}",
                _ => parts[i],
            };
        }
        return string.Join('/', parts);
    }
}
