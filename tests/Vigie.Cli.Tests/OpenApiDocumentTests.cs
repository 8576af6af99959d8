using System.Text.Json;
using Vigie.Cli.Commands;

namespace Vigie.Cli.Tests;

/// <summary>The OpenAPI document kept in docs/openapi.json documents every /api/v1 route the station maps.</summary>
public sealed class OpenApiDocumentTests
{
    private static string RepositoryFile(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Vigie.slnx")))
            {
                return Path.Combine(folder.FullName, relative);
            }
        }
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public async Task The_document_written_at_build_documents_every_route_with_a_summary_and_its_problems()
    {
        var (fresh, routes) = await OpenApiCommand.GenerateAsync(TestContext.Current.CancellationToken);
        var path = RepositoryFile(Path.Combine("docs", "openapi.json"));
        Assert.True(File.Exists(path), "docs/openapi.json is missing: ./vigie openapi --output docs/openapi.json");
        // The file is the build's: the same document as the code generates now (schemas may come in another order).
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(fresh),
            System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))),
            "docs/openapi.json is not the code's document: ./vigie openapi --output docs/openapi.json");

        using var document = JsonDocument.Parse(fresh);
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(routes.Count >= 40, $"{routes.Count} routes");
        foreach (var route in routes)
        {
            var (method, pattern) = (route[..route.IndexOf(' ', StringComparison.Ordinal)].ToLowerInvariant(), route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            Assert.True(paths.TryGetProperty(pattern, out var operations), $"{route} is not in the document");
            Assert.True(operations.TryGetProperty(method, out var operation), $"{route}: no {method} operation");
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 10, $"{route}: no summary");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("400", out _), $"{route}: the 400 problem is not documented");
            Assert.True(responses.TryGetProperty("401", out _), $"{route}: the 401 problem is not documented");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{route}: no success answer documented");
            if (method is "post" or "put" && !pattern.EndsWith("/refresh", StringComparison.Ordinal) && pattern.Contains("{siteId}", StringComparison.Ordinal))
            {
                Assert.True(operation.TryGetProperty("requestBody", out _), $"{route}: its body is not documented");
            }
        }
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
    }
}
