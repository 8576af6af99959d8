using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain.Contacts;
using Vigie.Station.Ports;
using Vigie.Station.Simulator;

namespace Vigie.Web.Tests;

/// <summary>
/// The simulated phones and mailbox (issue 15): present only when the station runs its simulators, for staff and the
/// run's credential only, and holding no secret a reader could use.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class SimulatorExposureTests
{
    private static Task<ConsoleUnderTest> WithSimulatorsAsync() => ConsoleUnderTest.StartAsync(station: engine => engine.SimulatorApi = true);

    [Fact]
    public async Task Anonymous_simulator_outbox_and_calls_are_refused_401()
    {
        await using var console = await WithSimulatorsAsync();
        using var anonymous = await console.ClientAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/simulator/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/simulator/calls")).StatusCode);
        // A subscriber is no staff: refused too (and audited).
        await console.AddSubscriberAsync("sim@example.fr", "SUB-SIM");
        using var subscriber = await console.BearerAsync("sim@example.fr");
        Assert.Equal(HttpStatusCode.Forbidden, (await subscriber.GetAsync("/api/v1/simulator/outbox")).StatusCode);
        using var operatorClient = await console.BearerAsync("alice");
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/api/v1/simulator/calls")).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_then_outbox_shows_no_reset_link()
    {
        await using var console = await WithSimulatorsAsync();
        await console.AddSubscriberAsync("lea@example.fr", "SUB-SIM-2");
        using var anonymous = await console.ClientAsync(null);
        await ConsoleUnderTest.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = "lea@example.fr" });

        using var staff = await console.BearerAsync("alice");
        var outbox = await staff.GetFromJsonAsync<JsonElement>("/api/v1/simulator/outbox", TestContext.Current.CancellationToken);
        var email = Assert.Single(outbox.GetProperty("emails").EnumerateArray(), e => e.GetProperty("to").EnumerateArray().Any(t => t.GetString() == "lea@example.fr"));
        var body = email.GetProperty("body").GetString()!;
        // The e-mail was sent (its text is there) but the link that would reset the password is not.
        Assert.Contains("/account/reset", body, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", body, StringComparison.Ordinal);
        Assert.DoesNotContain("email=", body, StringComparison.Ordinal);
        Assert.Contains(SecretLinks.Withheld, body, StringComparison.Ordinal);
        Assert.DoesNotContain(console.Station.Mailbox.Sent(), m => m.Body.Contains("token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_calls_answer_and_reject_are_refused_and_the_call_keeps_ringing()
    {
        await using var console = await WithSimulatorsAsync();
        var number = PhoneNumber.Parse("+33639981001");
        await console.Station.Phones.PlaceCallAsync(new VoiceCall("SIM-1-0001", "CALL-1", number, "Camille", "alarme", console.Station.Now), CancellationToken.None);
        using var anonymous = await console.ClientAsync(null);
        var answer = await anonymous.PostAsJsonAsync("/api/v1/simulator/calls/answer", new { number = number.Value, dtmf = "1234" });
        var reject = await anonymous.PostAsJsonAsync("/api/v1/simulator/calls/reject", new { number = number.Value });
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reject.StatusCode);
        // Neither closed the incident nor burnt the call list: the call still rings.
        Assert.Single(console.Station.Phones.Ringing(), c => c.CallId == "CALL-1");
    }

    [Fact]
    public async Task A_number_two_calls_ring_at_is_refused_409_naming_both_ids_and_neither_call_stops()
    {
        await using var console = await WithSimulatorsAsync();
        var number = PhoneNumber.Parse("+33639981001");
        await console.Station.Phones.PlaceCallAsync(new VoiceCall("SIM-1-0001", "SIM-1-0001-C01", number, "Camille", "alarme", console.Station.Now), CancellationToken.None);
        await console.Station.Phones.PlaceCallAsync(new VoiceCall("SIM-2-0001", "SIM-2-0001-C01", number, "Camille", "alarme", console.Station.Now), CancellationToken.None);
        using var staff = await console.BearerAsync("alice");

        foreach (var route in new[] { "/api/v1/simulator/calls/reject", "/api/v1/simulator/calls/answer" })
        {
            var refused = await staff.PostAsJsonAsync(route, new { number = number.Value, dtmf = "1234" });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("simulator.call-ambiguous", problem.GetProperty("code").GetString());
            Assert.Contains("SIM-1-0001-C01, SIM-2-0001-C01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        // A call's id that is no id, or an id with a number: the field named, nothing settled.
        var badId = await staff.PostAsJsonAsync("/api/v1/simulator/calls/reject", new { call = "SIM 1; drop" });
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal("call", (await badId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var both = await staff.PostAsJsonAsync("/api/v1/simulator/calls/reject", new { call = "SIM-1-0001-C01", number = number.Value });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        var unknown = await staff.PostAsJsonAsync("/api/v1/simulator/calls/reject", new { call = "SIM-9-0001-C01" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("simulator.call-not-ringing", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(2, console.Station.Phones.Ringing().Count);
    }

    [Fact]
    public async Task Simulator_routes_are_absent_in_a_station_without_simulators()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var staff = await console.BearerAsync("alice");
        using var anonymous = await console.ClientAsync(null);
        foreach (var client in new[] { staff, anonymous })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/simulator/outbox")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/simulator/calls")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/v1/simulator/calls/reject", new { number = "+33639981001" })).StatusCode);
        }
        Assert.Null(console.Station.Services.GetService<SimulatorCredential>());
        Assert.False(File.Exists(Path.Combine(console.Station.Receiver.DataDirectory, SimulatorCredential.FileName)));
    }

    [Fact]
    public async Task The_runs_simulator_credential_is_written_for_the_station_user_only_and_opens_the_simulator()
    {
        var console = await WithSimulatorsAsync();
        var path = Path.Combine(console.Station.Receiver.DataDirectory, SimulatorCredential.FileName);
        try
        {
            await CredentialOpensTheSimulatorOnlyAsync(console, path);
        }
        finally
        {
            await console.DisposeAsync();
        }
        // Per run: gone when the station stops.
        Assert.False(File.Exists(path));
    }

    private static async Task CredentialOpensTheSimulatorOnlyAsync(ConsoleUnderTest console, string path)
    {
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        using var phone = await console.ClientAsync(null);
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredential.Read(console.Station.Receiver.DataDirectory));
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/simulator/calls")).StatusCode);
        // The credential opens the simulator and nothing else.
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/v1/incidents")).StatusCode);
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredential.Prefix + "guessed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/v1/simulator/calls")).StatusCode);
    }

    [Theory]
    [InlineData("Réinitialisez : https://espace.example/account/reset?email=lea%40example.fr&token=Q2ZESjhOa", "Réinitialisez : https://espace.example/account/reset " + SecretLinks.Withheld)]
    [InlineData("Ouvrez https://espace.example/account/register/3q2-7w_Hs9dKf0aZpX1yLmN4 avant lundi", "Ouvrez https://espace.example/account/register " + SecretLinks.Withheld + " avant lundi")]
    [InlineData("Voir https://espace.example/portal/sites/DEMO-1 pour le détail", "Voir https://espace.example/portal/sites/DEMO-1 pour le détail")]
    public void The_simulator_keeps_a_link_only_without_its_secret(string text, string kept) =>
        Assert.Equal(kept, SecretLinks.Redact(text));
}
