using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Domain;
using Vigie.Station.Api;

namespace Vigie.Web.Tests;

/// <summary>The one mapping of refusal kinds to HTTP, over real Kestrel: the status by kind, the code and field in the body.</summary>
public sealed class RefusalProblemTests
{
    private static readonly Dictionary<string, Refusal> Refusals = new()
    {
        ["not-found"] = Refusal.NotFound(RefusalCodes.IncidentNotFound, "no such incident"),
        ["conflict"] = Refusal.Conflict(RefusalCodes.IncidentTakenBy, "taken by alice", "alice"),
        ["forbidden"] = Refusal.Forbidden(RefusalCodes.SiteRemoteRevoked, "remote: revoked", NodaTime.Instant.FromUtc(2026, 12, 3, 4, 6)),
        ["invalid"] = Refusal.Invalid("duressCode", RefusalCodes.SiteDuressEqualsCode, "duressCode: it must differ from the identification code"),
        ["several"] = Refusal.All(
        [
            Refusal.Invalid("emails[0]", RefusalCodes.EmailInvalid, "emails[0]: 'x' is not an email address", "x"),
            Refusal.Invalid("accessNotes", RefusalCodes.InstructionsAccessNotesLength, "accessNotes: at most 2000 characters", 2000),
        ]),
    };

    [Theory]
    [InlineData("not-found", HttpStatusCode.NotFound, "incident.not-found", null)]
    [InlineData("conflict", HttpStatusCode.Conflict, "incident.taken-by", null)]
    [InlineData("forbidden", HttpStatusCode.Forbidden, "site.remote-revoked", null)]
    [InlineData("invalid", HttpStatusCode.BadRequest, "site.duress-equals-code", "duressCode")]
    [InlineData("several", HttpStatusCode.BadRequest, "email.invalid", "emails[0]")]
    public async Task Each_kind_of_refusal_has_its_status_and_the_body_names_the_code_and_field(string which, HttpStatusCode status, string code, string? field)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        app.MapGet("/refusals/{which}", (string which) => RefusalProblem.Of(Refusals[which]));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var answer = await http.GetAsync($"/refusals/{which}");

        Assert.Equal(status, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(Refusals[which].Detail, body.GetProperty("detail").GetString());
        Assert.Equal(field, body.TryGetProperty("field", out var named) ? named.GetString() : null);
        if (which == "several")
        {
            Assert.Equal(["emails[0]", "accessNotes"], body.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()));
        }
        await app.StopAsync();
    }
}
