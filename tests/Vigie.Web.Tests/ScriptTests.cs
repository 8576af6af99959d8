using System.Net;

namespace Vigie.Web.Tests;

/// <summary>The live console needs Blazor's script: it must be served by the station itself.</summary>
public sealed class ScriptTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_blazor_script_is_served()
    {
        using var client = await fixture.Console.ClientAsync(null);
        var response = await client.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }
}
