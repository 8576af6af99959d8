using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Cli.Commands;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Reception;
using Vigie.Receiver.Simulation;
using Vigie.Tests;

namespace Vigie.Cli.Tests;

/// <summary>
/// SUP-7, issue 17 "Prove it": two `vigie serve` silos on one PostgreSQL, panels reporting to both (primary and backup),
/// the station holding a 30-s window and an INFO Alertes cascade SIGKILLed: the survivor ends the window, runs both
/// cascades to their end, and raises no "site lost" for the panels that kept polling. Real time in real processes.
/// </summary>
public sealed class FailoverTests
{
    private const string Code = "1234";
    private const string Profile = "FAILOVER";

    /// <summary>Each window and cascade site has its own panel; several, so the killed station surely holds one of each.</summary>
    private const int SitesOfEachKind = 4;

    private static readonly ReceiverFailover PanelFailover = new() { AttemptsPerReceiver = 1, ReplyTimeout = TimeSpan.FromSeconds(2), ReturnToPrimaryAfter = TimeSpan.FromMinutes(10) };

    [Fact]
    [Trait("Rule", "SUP-7")]
    [Trait("Rule", "ALR-5")]
    public async Task A_station_killed_during_a_window_and_a_cascade_leaves_both_to_the_survivor_which_ends_them_and_loses_no_polling_site()
    {
        var ct = TestContext.Current.CancellationToken;
        var postgres = await PostgresServer.NewDatabaseAsync("failover");
        // One after the other, as ClusterTests does: two stations creating a fresh database's tables and roles at the same
        // moment may collide (a duplicate role stops the second).
        using var first = FailoverStation.Start(postgres);
        await first.UntilAsync(async () => await first.HealthAsync() is { Silos: 1 } h && h.PartitionsAnswering == h.Partitions, "the first station up");
        using var second = FailoverStation.Start(postgres);
        FailoverStation[] stations = [first, second];
        foreach (var station in stations)
        {
            await station.UntilAsync(async () => await station.HealthAsync() is { Silos: 2 } h && h.PartitionsAnswering == h.Partitions, "both stations in the cluster");
        }
        // Provisioning is for an administrator with a second factor: one in the shared database whose authenticator key the test knows.
        const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        Assert.Equal(0, await CommonOptions.WithConsoleServices(first.Data, postgres, async services =>
            await services.GetRequiredService<Vigie.Web.Staff.StaffAccounts>().CreateAsync("tech", "tech", "failover-test-2026", [Vigie.Web.Staff.StaffRoles.Administrator], AuthenticatorKey) is null ? 0 : 1));
        foreach (var station in stations)
        {
            await station.SignInAsync("tech", "failover-test-2026", AuthenticatorKey);
        }

        string[] windowSites = [.. Enumerable.Range(1, SitesOfEachKind).Select(i => $"FO-W{i}")];
        string[] cascadeSites = [.. Enumerable.Range(1, SitesOfEachKind).Select(i => $"FO-C{i}")];
        var sites = cascadeSites.Concat(windowSites).Select((id, i) => Site(id, 4600 + i, i)).ToList();
        foreach (var site in sites)
        {
            using var provisioned = await first.Http.PostAsync("/api/v1/sites", JsonContent.Create(new
            {
                site = JsonSerializer.SerializeToElement(site, DomainJson.Options),
                identificationCode = Code,
                activation = Enum.GetNames<ActivationStep>(),
            }), ct);
            Assert.True(provisioned.IsSuccessStatusCode, await provisioned.Content.ReadAsStringAsync(ct));
        }
        foreach (var station in stations)
        {
            await station.UntilAsync(async () => (await station.Http.GetStringAsync("/health", ct)).Contains($"\"accounts\":{sites.Count}", StringComparison.Ordinal),
                "every panel's account loaded");
        }

        // Every panel polls every 3 s, half with the first station as primary, half with the second; each is armed.
        await using var panels = new PollingPanels(sites.Select((s, i) => (s.SiteId, s.Panel.Account, i % 2 == 0 ? new[] { first, second } : [second, first])));
        foreach (var site in sites)
        {
            Assert.Equal(ReplyKind.Ack, (await panels.SendAsync(site.SiteId, "Nri1/CL001", ct)).Kind);
        }
        await first.UntilAsync(async () => (await Task.WhenAll(sites.Select(s => first.SiteAsync(s.SiteId))))
            .All(s => s.GetProperty("arming").GetString() != "Disarmed"), "every site armed");

        // The cascades start: intrusion, 30-s window, incident, first automatic call ringing.
        foreach (var site in cascadeSites)
        {
            Assert.Equal(ReplyKind.Ack, (await panels.SendAsync(site, "Nri1/BA002", ct)).Kind);
        }
        var cascades = new Dictionary<string, string>();
        await first.UntilAsync(async () =>
        {
            foreach (var site in cascadeSites.Where(s => !cascades.ContainsKey(s)))
            {
                if ((await first.SiteAsync(site)).GetProperty("openIncidents") is { } open && open.GetArrayLength() == 1
                    && (await RingingAsync(stations, open[0].GetString()!)).Count > 0)
                {
                    cascades[site] = open[0].GetString()!;
                }
            }
            return cascades.Count == cascadeSites.Length;
        }, "every cascade's first call ringing", seconds: 120);

        // The windows open: each intrusion waits 30 s for a disarm.
        foreach (var site in windowSites)
        {
            Assert.Equal(ReplyKind.Ack, (await panels.SendAsync(site, "Nri1/BA002", ct)).Kind);
        }
        await first.UntilAsync(async () => (await Task.WhenAll(windowSites.Select(first.SiteAsync))).All(s => s.GetProperty("pendingAlerts").GetArrayLength() == 1),
            "every window open");

        // Which station holds what: the victim is one holding a window and a cascade.
        var placements = new Dictionary<string, JsonElement>();
        foreach (var site in sites)
        {
            placements[site.SiteId] = await first.PlacementAsync(site.SiteId);
            TestContext.Current.TestOutputHelper?.WriteLine($"placement {placements[site.SiteId]}");
        }
        var victim = stations.FirstOrDefault(s =>
            windowSites.Any(w => Port(placements[w].GetProperty("site")) == s.SiloPort)
            && cascadeSites.Any(c => placements[c].GetProperty("incidents").EnumerateArray().Any(i => Port(i) == s.SiloPort)));
        Assert.True(victim is not null, "no station holds both a window and a cascade: " + string.Join("\n", placements.Values));
        var survivor = victim == first ? second : first;
        var windowsKilled = windowSites.Where(w => Port(placements[w].GetProperty("site")) == victim.SiloPort).ToList();
        var cascadesKilled = cascadeSites.Where(c => placements[c].GetProperty("incidents").EnumerateArray().Any(i => Port(i) == victim.SiloPort)).ToList();

        // The windows are still open when the station holding them dies.
        Assert.All(await Task.WhenAll(windowsKilled.Select(survivor.SiteAsync)), s => Assert.Equal(1, s.GetProperty("pendingAlerts").GetArrayLength()));
        victim.Process.Process.Kill(); // SIGKILL: no goodbye to the cluster
        var killedAt = Stopwatch.StartNew();
        await victim.Process.Process.WaitForExitAsync(ct);
        await survivor.UntilAsync(async () => await survivor.HealthAsync() is { Silos: 1 } h && h.PartitionsAnswering == h.Partitions,
            "the survivor alone, every partition answering", seconds: 120);
        var takeover = killedAt.Elapsed;

        // Each window closes on the survivor with no disarm: its incident opens and its cascade rings there, then ends.
        foreach (var site in windowsKilled)
        {
            // The site names its incident as it opens it; the incident's own stream follows a moment later.
            JsonElement? opened = null;
            await survivor.UntilAsync(async () => (await survivor.SiteAsync(site)).GetProperty("openIncidents") is { } open && open.GetArrayLength() == 1
                && (opened = await survivor.IncidentIfAnyAsync(open[0].GetString()!)) is not null, $"{site}'s incident opened", seconds: 90);
            var incident = opened!.Value.GetProperty("summary").GetProperty("incidentId").GetString()!;
            var summary = opened.Value.GetProperty("summary");
            var lateness = Instant(summary, "openedAt") - Instant(summary, "alertAt") - TimeSpan.FromSeconds(30);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"window of {site}: closed on the survivor {lateness.TotalSeconds:F2} s after its 30 s (takeover {takeover.TotalSeconds:F1} s after the SIGKILL)"));
            Assert.Equal("Intrusion", summary.GetProperty("kind").GetString());
            await AnswerAndCloseAsync(survivor, incident);
        }
        // Each cascade the lost station was ringing rings again on the survivor and ends with a contact's acknowledgement.
        foreach (var site in cascadesKilled)
        {
            await AnswerAndCloseAsync(survivor, cascades[site]);
        }
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"takeover: every supervision partition answered from the survivor {takeover.TotalSeconds:F1} s after the SIGKILL; "
            + $"{windowsKilled.Count} window(s) and {cascadesKilled.Count} cascade(s) taken over; {panels.Polls} polls, {panels.Unanswered} unanswered"));

        // Supervision: the panels kept polling (some through their backup); no site was lost, none had an outage.
        Assert.True(killedAt.Elapsed > TimeSpan.FromSeconds(2 * IpDeadlineSeconds), "less than two supervision intervals passed since the SIGKILL");
        foreach (var site in sites)
        {
            var status = await survivor.SiteAsync(site.SiteId);
            Assert.True(status.GetProperty("faults").GetArrayLength() == 0 && status.GetProperty("outages").GetArrayLength() == 0, $"{site.SiteId}: {status}");
        }
        await StationProcess.WaitForOutputAsync(survivor.Process, "cluster: took over");
        Assert.DoesNotContain("taking over from a lost station failed", survivor.Process.Output, StringComparison.Ordinal);
        // Grain calls between the two stations carried their arguments (a pulse's time, NodaTime.Instant, had no codec).
        Assert.All(stations, s => Assert.DoesNotContain("CodecNotFoundException", s.Process.Output, StringComparison.Ordinal));
    }

    private const int IpDeadlineSeconds = 15;

    private static async Task AnswerAndCloseAsync(FailoverStation survivor, string incident)
    {
        var ct = TestContext.Current.CancellationToken;
        List<JsonElement> ringing = [];
        await survivor.UntilAsync(async () => (ringing = await RingingAsync([survivor], incident)).Count > 0, $"{incident}'s call ringing on the survivor", seconds: 90);
        using (var answer = await survivor.Http.PostAsync("/api/v1/simulator/calls/answer",
            JsonContent.Create(new { call = ringing[0].GetProperty("callId").GetString(), dtmf = Code }), ct))
        {
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync(ct));
        }
        await survivor.UntilAsync(async () => (await survivor.IncidentAsync(incident)).GetProperty("summary").GetProperty("status").GetString() == "Closed",
            $"{incident} closed by the acknowledgement");
    }

    private static async Task<List<JsonElement>> RingingAsync(IEnumerable<FailoverStation> stations, string incident)
    {
        var calls = new List<JsonElement>();
        foreach (var station in stations)
        {
            var all = await station.Http.GetFromJsonAsync<JsonElement>("/api/v1/simulator/calls", TestContext.Current.CancellationToken);
            calls.AddRange(all.EnumerateArray().Where(c => c.GetProperty("incidentId").GetString() == incident));
        }
        return calls;
    }

    private static int? Port(JsonElement grain) => grain.GetProperty("siloPort").ValueKind == JsonValueKind.Number ? grain.GetProperty("siloPort").GetInt32() : null;

    private static DateTimeOffset Instant(JsonElement summary, string field) =>
        DateTimeOffset.Parse(summary.GetProperty(field).GetString()!, CultureInfo.InvariantCulture);

    private static SiteDefinition Site(string id, int account, int n) => new()
    {
        SiteId = id,
        Subscriber = new Subscriber("SUB-" + id, "Camille Martin", SubscriberKind.Private),
        Address = new Address($"{n + 1} rue des Lilas", "69003", "Lyon"),
        Panel = new Panel(account.ToString(CultureInfo.InvariantCulture), [new TransmissionPath(TransmissionKind.Ip, true)]),
        Zones = [new Zone(2, "Living room", DetectorKind.Motion)],
        Offer = OfferCode.ALaCarte,
        SupervisionProfile = Profile,
        Instructions = new Instructions
        {
            SubscriberPhones = [PhoneNumber.Parse($"+336399{n:D2}101")],
            Contacts = [new Contact("Neighbour", PhoneNumber.Parse($"+336399{n:D2}201"))],
            Emails = ["camille@example.org"],
        },
    };

    /// <summary>One `vigie serve` silo of the cluster, with its simulators on and its figures shortened where configuration allows.</summary>
    private sealed class FailoverStation : IDisposable
    {
        public sealed record Health(int Silos, int Partitions, int PartitionsAnswering);

        private FailoverStation(string postgres)
        {
            Directory.CreateDirectory(Data);
            // The 30-s window is the rule's (ALR-1); only figures outside the rule are shortened: a call rings 45 s, a dead
            // silo is declared after 3 missed probes of 2 s, a polling site is lost after 15 s of silence.
            File.WriteAllText(Path.Combine(Data, "vigie.json"), $$"""
                { "Engine": { "SimulatorApi": true, "EscalationGraceSeconds": 0, "CallTimeoutSeconds": 45, "CodeHashIterations": 1000,
                    "ClusterProbeSeconds": 2, "ClusterMissedProbes": 3,
                    "SupervisionProfiles": [ { "Name": "{{Profile}}", "IpDeadlineSeconds": {{IpDeadlineSeconds}}, "CyclicTestHours": 1000 } ] } }
                """);
            Process = VigieProcess.StartIn(null, new Dictionary<string, string?> { ["VIGIE_Receiver__Postgres"] = postgres },
                "serve", "--data", Data, "--bind", "127.0.0.1", "--dc09-tcp", Dc09.ToString(CultureInfo.InvariantCulture), "--dc09-udp", "-1",
                "--http", HttpPort.ToString(CultureInfo.InvariantCulture), "--silo-port", SiloPort.ToString(CultureInfo.InvariantCulture),
                "--gateway-port", StationProcess.Port(), "--silo-address", "127.0.0.1");
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        }

        public string Data { get; } = StationProcess.NewFolder("vigie-failover");
        public int Dc09 { get; } = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        public int HttpPort { get; } = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        public int SiloPort { get; } = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        public VigieProcess Process { get; }
        public HttpClient Http { get; }
        public IPEndPoint Receiver => new(IPAddress.Loopback, Dc09);

        public static FailoverStation Start(string postgres) => new(postgres);

        public async Task SignInAsync(string login, string password, string authenticatorKey)
        {
            using var token = await Http.PostAsync("/api/v1/auth/token",
                JsonContent.Create(new { login, password, code = EngineRestartTests.Totp(authenticatorKey) }), TestContext.Current.CancellationToken);
            Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (await token.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString());
        }

        public async Task<Health?> HealthAsync()
        {
            try
            {
                return await Http.GetFromJsonAsync<Health>("/health/cluster", TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException)
            {
                return null; // not listening yet
            }
        }

        public Task<JsonElement> SiteAsync(string site) => Http.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{site}", TestContext.Current.CancellationToken);

        public Task<JsonElement> IncidentAsync(string incident) => Http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incident}", TestContext.Current.CancellationToken);

        public async Task<JsonElement?> IncidentIfAnyAsync(string incident)
        {
            using var response = await Http.GetAsync($"/api/v1/incidents/{incident}", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.NotFound ? null
                : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        }

        public Task<JsonElement> PlacementAsync(string site) => Http.GetFromJsonAsync<JsonElement>($"/api/v1/cluster/placement?site={site}", TestContext.Current.CancellationToken);

        public async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 90)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
            while (!await condition())
            {
                Assert.False(Process.Process.HasExited, $"stopped before {what}: {Process.Output}");
                Assert.True(DateTime.UtcNow < deadline, $"not reached: {what}\n{Process.Output}");
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }

        public void Dispose()
        {
            Http.Dispose();
            Process.Dispose();
        }
    }

    /// <summary>The sites' panels, each with a primary and a backup station, polling every 3 s until disposed.</summary>
    private sealed class PollingPanels : IAsyncDisposable
    {
        private readonly Dictionary<string, (PanelWithBackups Panel, SemaphoreSlim Gate)> _panels = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _polling;
        private long _polls;
        private long _unanswered;

        public PollingPanels(IEnumerable<(string Site, string Account, FailoverStation[] Receivers)> panels)
        {
            foreach (var (site, account, receivers) in panels)
            {
                _panels[site] = (new PanelWithBackups(new PanelProfile { Account = account }, [.. receivers.Select(r => r.Receiver)], PanelTransport.Tcp, PanelFailover),
                    new SemaphoreSlim(1));
            }
            _polling = Task.WhenAll(_panels.Keys.Select(Poll));
        }

        public long Polls => Interlocked.Read(ref _polls);
        public long Unanswered => Interlocked.Read(ref _unanswered);

        public async Task<PanelReply> SendAsync(string site, string payload, CancellationToken ct)
        {
            var (panel, gate) = _panels[site];
            await gate.WaitAsync(ct);
            try
            {
                return await panel.SendEventAsync(Dc09Token.SiaDcs, payload, ct);
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task Poll(string site)
        {
            var (panel, gate) = _panels[site];
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(3), _stop.Token);
                    await gate.WaitAsync(_stop.Token);
                    try
                    {
                        var reply = await panel.SendLinkTestAsync(_stop.Token);
                        Interlocked.Increment(ref _polls);
                        if (reply.Kind != ReplyKind.Ack)
                        {
                            Interlocked.Increment(ref _unanswered);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _polling;
            foreach (var (panel, gate) in _panels.Values)
            {
                await panel.DisposeAsync();
                gate.Dispose();
            }
            _stop.Dispose();
        }
    }
}
