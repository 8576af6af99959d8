using System.CommandLine;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using Vigie.Receiver;
using Vigie.Station;
using Vigie.Web;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie openapi --output docs/openapi.json`: the REST API's OpenAPI document, written without starting the
/// station (the build runs it, so the document in docs/ always matches the code).
/// </summary>
internal static class OpenApiCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "Where to write the document (JSON).", Required = true };
        var command = new Command("openapi", "Write the /api/v1 OpenAPI document (JSON) without starting the station.") { output };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            await File.WriteAllTextAsync(path, (await GenerateAsync(ct)).Document, ct);
            Console.WriteLine($"OpenAPI document written to {path}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The document of an app built on a scratch data folder (no listener, nothing of a real station touched), and the
    /// /api/v1 routes the app maps ("GET /api/v1/sites/{siteId}"), so a test can check each is documented.
    /// </summary>
    public static async Task<(string Document, IReadOnlyList<string> Routes)> GenerateAsync(CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-openapi", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var receiver = new ReceiverOptions { DataDirectory = data, BindAddress = "127.0.0.1", TcpPort = -1, UdpPort = -1 };
            // With the simulators' routes, which a demo has (Engine:SimulatorApi): the document shows every route there is.
            await using (var app = ConsoleHost.Build(receiver, new StationOptions { SimulatorApi = true }, new ConsoleOptions { ApiDocs = true }, new HostSettings { HttpPort = 0, MinimumLogLevel = LogLevel.None }))
            {
                // The routes reach the API explorer when the pipeline is built, at start. Port 0: a free loopback port (with
                // no endpoint at all Kestrel would take localhost:5000, which another program may hold).
                await app.StartAsync(ct);
                var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(Vigie.Web.Api.ApiDocument.Name).GetOpenApiDocumentAsync(ct);
                var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
                var routes = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
                    .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
                    .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal) == true)
                    .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                        .Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
                    .Order(StringComparer.Ordinal).ToList();
                await app.StopAsync(ct);
                return (json, routes);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold a file for a moment: a scratch folder left in /tmp is harmless.
            }
        }
    }
}
