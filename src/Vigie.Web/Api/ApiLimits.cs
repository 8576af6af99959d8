using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Vigie.Receiver;

namespace Vigie.Web.Api;

/// <summary>One rate-limit window: which limit, and whose (an account, or an address).</summary>
internal readonly record struct LimitKey(ApiLimit Limit, string Key);

/// <summary>
/// The rate limits (fixed windows, figures from <see cref="ConsoleOptions"/>): sign-in tries, code changes and presses of
/// a virtual remote, each counted twice, per account and per client address, so neither many addresses on one account
/// nor many accounts from one address get past them. The API's routes are limited by ASP.NET Core's rate limiter
/// (<c>AddRateLimiter</c>) over these same windows; the pages count through <see cref="TryLogin"/> and the others.
/// Accounts and tokens are keyed by a digest, never by a token itself.
/// </summary>
public sealed class ApiLimits : IDisposable
{
    /// <summary>HttpContext item: the account a sign-in request names (read from its body before it is limited).</summary>
    private const string AccountItem = "vigie.limits.account";

    /// <summary>A sign-in body larger than this is not read for its login (the address still counts it).</summary>
    private const int LoginBodyLimit = 16 * 1024;

    private readonly ConsoleOptions _options;
    private readonly PartitionedRateLimiter<LimitKey> _byAccount;
    private readonly PartitionedRateLimiter<LimitKey> _byAddress;

    public ApiLimits(ConsoleOptions options)
    {
        _options = options;
        _byAccount = PartitionedRateLimiter.Create<LimitKey, LimitKey>(Partition);
        _byAddress = PartitionedRateLimiter.Create<LimitKey, LimitKey>(Partition);
        Requests = PartitionedRateLimiter.CreateChained(
            _byAccount.WithTranslatedKey<HttpContext>(http => new LimitKey(LimitOf(http), AccountOf(http) ?? ""), leaveOpen: true),
            _byAddress.WithTranslatedKey<HttpContext>(http => new LimitKey(LimitOf(http), AddressOf(http)), leaveOpen: true));
    }

    /// <summary>The API's requests, for the rate limiter's global limiter: routes without a limit are not counted.</summary>
    internal PartitionedRateLimiter<HttpContext> Requests { get; }

    public static void AddApiLimits(IServiceCollection services)
    {
        services.AddSingleton<ApiLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiLimits>((limiter, limits) =>
        {
            limiter.GlobalLimiter = limits.Requests;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) => limits.RefuseAsync(rejected.HttpContext, rejected.Lease);
        });
    }

    /// <summary>After the API's gate (code changes count for the caller it identified): reads a sign-in's login, then limits.</summary>
    public static void UseApiLimits(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (LimitOf(http) == ApiLimit.Login && !await ReadSignInAccountAsync(http))
            {
                await ApiGate.Problem(http, StatusCodes.Status413PayloadTooLarge, "too large", $"body: a sign-in is at most {LoginBodyLimit / 1024} KiB");
                return;
            }
            await next(http);
        });
        app.UseRateLimiter();
    }

    /// <summary>Who a code change counts for: the subscriber (pages and API share the count), else the staff login.</summary>
    public static string? CodeChanger(System.Security.Claims.ClaimsPrincipal user) =>
        Portal.PortalDesk.SubscriberOf(user) ?? user.Identity?.Name;

    /// <summary>One more code change by <paramref name="who"/> from the portal's pages (the API counts in the rate limiter).</summary>
    public Task<bool> TryCodeChangeAsync(string who) => Task.FromResult(_byAccount.AttemptAcquire(new LimitKey(ApiLimit.CodeChange, Digest(who))).IsAcquired);

    /// <summary>One more press of the virtual remote whose token this is, from its page.</summary>
    public Task<bool> TryRemoteUseAsync(string token) => Task.FromResult(_byAccount.AttemptAcquire(new LimitKey(ApiLimit.RemoteUse, Digest(token))).IsAcquired);

    /// <summary>One more sign-in try (or reset request) from the pages, for <paramref name="login"/> and from the client's address.</summary>
    public bool TryLogin(HttpContext http, string? login)
    {
        using var byAddress = _byAddress.AttemptAcquire(new LimitKey(ApiLimit.Login, AddressOf(http)));
        using var byAccount = _byAccount.AttemptAcquire(new LimitKey(ApiLimit.Login, AccountKey(login) ?? ""));
        return byAddress.IsAcquired && byAccount.IsAcquired;
    }

    private RateLimitPartition<LimitKey> Partition(LimitKey key)
    {
        var (permits, window) = WindowOf(key.Limit);
        // Nothing to count: no limit on the route, or no account named (the address still counts it).
        if (permits == 0 || key.Key.Length == 0)
        {
            return RateLimitPartition.GetNoLimiter(new LimitKey(ApiLimit.None, ""));
        }
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });
    }

    private (int Permits, TimeSpan Window) WindowOf(ApiLimit limit) => limit switch
    {
        ApiLimit.Login => (_options.LoginAttemptsPerMinute, TimeSpan.FromMinutes(1)),
        ApiLimit.CodeChange => (_options.CodeChangesPerHour, TimeSpan.FromHours(1)),
        ApiLimit.RemoteUse => (_options.RemoteUsesPerMinute, TimeSpan.FromMinutes(1)),
        _ => (0, TimeSpan.Zero),
    };

    private async ValueTask RefuseAsync(HttpContext http, RateLimitLease lease)
    {
        var limit = LimitOf(http);
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : WindowOf(limit).Window;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ApiGate.Problem(http, StatusCodes.Status429TooManyRequests, "too many requests", $"too many {Describe(limit)}: wait and try again");
    }

    private static ApiLimit LimitOf(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") ? http.GetEndpoint()?.Metadata.GetMetadata<ApiAccess>()?.Limit ?? ApiLimit.None : ApiLimit.None;

    private static string? AccountOf(HttpContext http) => LimitOf(http) switch
    {
        ApiLimit.Login => http.Items.TryGetValue(AccountItem, out var account) ? account as string : null,
        ApiLimit.CodeChange => CodeChanger(http.User) is { } who ? Digest(who) : null,
        ApiLimit.RemoteUse => ApiPolicies.BearerOf(http) is { Length: > 0 } token ? Digest(token) : null,
        _ => null,
    };

    /// <summary>The client's address (after trusted proxies' forwarding); an IPv6 client counts by its /64, what one host is usually given.</summary>
    private static string AddressOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }

    /// <summary>
    /// The login a sign-in body names (or its refresh token, which stands for one account), kept for the limiter; false
    /// when the body is longer than any sign-in.
    /// </summary>
    private static async Task<bool> ReadSignInAccountAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return true;
        }
        if (http.Request.ContentLength > LoginBodyLimit)
        {
            return false;
        }
        http.Request.EnableBuffering(LoginBodyLimit, LoginBodyLimit);
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in body.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Name.Equals("login", StringComparison.OrdinalIgnoreCase))
                    {
                        http.Items[AccountItem] = AccountKey(property.Value.GetString());
                    }
                    else if (property.Value.ValueKind == JsonValueKind.String && property.Name.Equals("refreshToken", StringComparison.OrdinalIgnoreCase))
                    {
                        http.Items[AccountItem] = Digest(property.Value.GetString() ?? "");
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the route says what is wrong; the address still counts the try.
        }
        catch (IOException)
        {
            // Past the buffer's limit (a body sent without its length).
            return false;
        }
        http.Request.Body.Position = 0;
        return true;
    }

    /// <summary>An account as the limiter knows it: the login as Identity compares it (trimmed, case-insensitive), digested.</summary>
    private static string? AccountKey(string? login) =>
        string.IsNullOrWhiteSpace(login) ? null : Digest(login.Trim().ToUpperInvariant());

    private static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Describe(ApiLimit limit) => limit switch
    {
        ApiLimit.Login => "sign-in attempts",
        ApiLimit.CodeChange => "code changes",
        ApiLimit.RemoteUse => "presses of this remote",
        _ => "requests",
    };

    public void Dispose()
    {
        Requests.Dispose();
        _byAccount.Dispose();
        _byAddress.Dispose();
    }
}
