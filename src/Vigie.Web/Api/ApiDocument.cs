using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Vigie.Web.Api;

/// <summary>
/// The /api/v1 OpenAPI document (ASP.NET Core's built-in generator) at /openapi/v1.json, with a browsable page at
/// /api/docs (Swagger UI, served from the package: nothing fetched from the internet).
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, openApi =>
        {
            // Only the REST API: the pages and the console's own routes are not part of it.
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Vigie station API",
                    Version = "v1",
                    Description = "Sites, incidents and supervision for the station's staff; arming, instructions, codes, PROTECT+, virtual remotes, " +
                        "notices and insurer for subscribers (bearer token from POST /api/v1/auth/token); a virtual remote's holder uses " +
                        "/api/v1/remote with the remote's token as bearer. Errors are problem details; 400 names the field.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An access token from POST /api/v1/auth/token, or a virtual remote's token (vr1.…) for /api/v1/remote.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
                return Task.CompletedTask;
            });
        });

    public static void MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api/docs";
            ui.SwaggerEndpoint($"/openapi/{Name}.json", "Vigie API v1");
            ui.DocumentTitle = "Vigie — API";
        });
    }
}
