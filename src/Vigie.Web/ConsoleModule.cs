using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Receiver;
using Vigie.Receiver.Security;
using Vigie.Station;
using Vigie.Station.Api;
using Vigie.Web.Components;
using Vigie.Web.Console;
using Vigie.Web.Staff;

namespace Vigie.Web;

/// <summary>The console's public surface for a host: <see cref="AddVigieConsole"/>, <see cref="MapVigieConsole"/>, <see cref="ConsoleHost.Build"/>.</summary>
public static class ConsoleModule
{
    public static WebApplicationBuilder AddVigieConsole(this WebApplicationBuilder builder, ReceiverOptions receiver, ConsoleOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("invalid console settings: " + string.Join("; ", errors));
        }
        var services = builder.Services;
        services.AddSingleton(options);
        // Sign-in cookies survive a restart: the station's key ring (DATA/keys or the shared database, encrypted at
        // rest); a no-op when the host (ReceiverHost.CreateBuilder) has registered it with the station's settings already.
        StationDataProtection.Add(services, receiver.DataDirectory, postgres: receiver.Postgres);
        if (receiver.Postgres is { Length: > 0 } postgres)
        {
            // Every station of a cluster signs in the same people: Identity in the shared database.
            services.AddDbContext<StaffDb>(db => db.UseNpgsql(postgres));
        }
        else
        {
            var staffDb = Path.GetFullPath(options.StaffDatabasePath ?? Path.Combine(receiver.DataDirectory, "staff.db"));
            Directory.CreateDirectory(Path.GetDirectoryName(staffDb)!);
            services.AddDbContext<StaffDb>(db => db.UseSqlite($"Data Source={staffDb}"));
        }
        services.AddIdentity<StaffMember, IdentityRole>(identity =>
            {
                identity.Lockout.MaxFailedAccessAttempts = options.LockoutAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
                identity.Lockout.AllowedForNewUsers = true;
                identity.Password.RequiredLength = options.PasswordMinimumLength;
                // Length is what makes a password strong; composition rules only make them written down.
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<StaffDb>()
            .AddClaimsPrincipalFactory<Portal.AccountClaims>()
            .AddDefaultTokenProviders();
        // The mobile app's sign-in: Identity's bearer tokens, for the same accounts as the pages.
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme,
            bearer => bearer.BearerTokenExpiration = TimeSpan.FromMinutes(options.AccessTokenMinutes));
        Api.ApiLimits.AddApiLimits(services);
        Api.ApiPolicies.AddApiPolicies(services);
        Api.TrustedProxies.AddTrustedProxies(services, options.TrustedProxies);
        Api.ApiDocument.AddApiDocument(services);
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "vigie.staff";
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(options.SessionHours);
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                // An API caller gets a status code, not a login page.
                OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden),
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.Handles, policy => policy.RequireRole(StaffRoles.Operator, StaffRoles.Supervisor))
            .AddPolicy(StaffRoles.Supervises, policy => policy.RequireRole(StaffRoles.Supervisor).RequireClaim("amr", "mfa"))
            .AddPolicy(StaffRoles.Administers, policy => policy.RequireRole(StaffRoles.Administrator).RequireClaim("amr", "mfa"));
        services.AddCascadingAuthenticationState();
        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(localization =>
        {
            localization.SetDefaultCulture(options.DefaultCulture);
            localization.AddSupportedCultures(ConsoleCultures.Supported);
            localization.AddSupportedUICultures(ConsoleCultures.Supported);
            // The member's choice (cookie) first, then the default: the browser's language is not asked.
            localization.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddAntiforgery();
        services.AddSingleton<StaffAudit>();
        services.AddSingleton<Vigie.Station.Ports.IStaffAuditTrail, Api.StaffAuditTrail>();
        services.AddScoped<ConsoleDesk>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<Portal.SubscriberAccounts>();
        services.AddScoped<Portal.SubscriberInvitations>();
        services.AddScoped<PasswordResets>();
        // Sessions that end when the account changes, second-factor secrets encrypted, e-mailed links from PublicUrl.
        services.AddStaffSessions(options);
        Portal.PortalModule.AddVigiePortal(services);

        return builder;
    }

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/console/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static void MapVigieConsole(this WebApplication app)
    {
        Api.TrustedProxies.UseTrustedProxies(app, app.Services.GetRequiredService<ConsoleOptions>().TrustedProxies);
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        Api.ApiGate.UseApiGate(app);
        Api.ApiLimits.UseApiLimits(app);
        if (app.Services.GetRequiredService<ConsoleOptions>().ApiDocs)
        {
            Api.ApiDocument.MapApiDocument(app);
        }
        Api.ApiTokens.MapApiTokens(app);
        app.MapBlazorScript();
        app.MapConsoleAssets();
        app.MapFavicon();
        app.MapAccountEndpoints();
        app.MapSelfServiceEndpoints();
        app.MapConsoleEndpoints();
        Portal.PortalApi.MapPortalApi(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}

/// <summary>Builds the whole station process with its console: receiver, engine, API and the operators' console.</summary>
public static class ConsoleHost
{
    /// <param name="demo">The demo's accounts to create (the demo command only); without, a staff database holding them is refused.</param>
    public static WebApplication Build(ReceiverOptions receiver, StationOptions station, ConsoleOptions console, HostSettings settings, string[]? args = null,
        DemoAccounts? demo = null)
    {
        if (PublicAddress.MissingFor(console, station.Email.UsesSmtp, servesPages: settings.HttpPort > 0) is { } missing)
        {
            throw new InvalidOperationException(missing);
        }
        var builder = ReceiverHost.CreateBuilder(receiver, settings, args);
        builder.AddVigieStation(receiver, station);
        builder.AddVigieConsole(receiver, console);
        var app = builder.Build();
        // Before the first request: the staff tables and roles exist (and the demo's members, when asked).
        StaffDatabase.PrepareAsync(app.Services, demo).GetAwaiter().GetResult();
        ReceiverHost.UseTransportSecurity(app, settings);
        app.MapVigieConsole();
        ReceiverHost.MapEndpoints(app, receiver);
        app.MapStationEndpoints();
        return app;
    }
}
