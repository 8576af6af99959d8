using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Vigie.Receiver;

namespace Vigie.Web.Api;

/// <summary>
/// The API's rate limits (fixed windows, figures from <see cref="ConsoleOptions"/>): sign-in tries per client address,
/// code changes per caller, presses per virtual remote. Each partition is keyed by a digest, never by a token itself.
/// </summary>
public sealed class ApiLimits(ConsoleOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _login = Limiter(options.LoginAttemptsPerMinute, TimeSpan.FromMinutes(1));
    private readonly PartitionedRateLimiter<string> _codes = Limiter(options.CodeChangesPerHour, TimeSpan.FromHours(1));
    private readonly PartitionedRateLimiter<string> _remotes = Limiter(options.RemoteUsesPerMinute, TimeSpan.FromMinutes(1));

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));

    public int RetryAfterSeconds(ApiLimit limit) => limit == ApiLimit.CodeChange ? 3600 : 60;

    /// <summary>One more request against <paramref name="limit"/>; code changes count per signed-in caller.</summary>
    public async Task<bool> TryAsync(ApiLimit limit, HttpContext http)
    {
        var (limiter, key) = limit switch
        {
            ApiLimit.Login => (_login, Address(http)),
            ApiLimit.CodeChange => (_codes, Digest(CodeChanger(http.User) ?? Address(http))),
            ApiLimit.RemoteUse => (_remotes, Digest(http.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.OrdinalIgnoreCase).Trim())),
            _ => (null, ""),
        };
        if (limiter is null)
        {
            return true;
        }
        using var lease = await limiter.AcquireAsync(key);
        return lease.IsAcquired;
    }

    /// <summary>Who a code change counts for: the subscriber (pages and API share the count), else the staff login.</summary>
    public static string? CodeChanger(System.Security.Claims.ClaimsPrincipal user) =>
        Portal.PortalDesk.SubscriberOf(user) ?? user.Identity?.Name;

    /// <summary>One more code change by <paramref name="who"/> (the portal's pages; the API counts through <see cref="TryAsync"/>).</summary>
    public async Task<bool> TryCodeChangeAsync(string who)
    {
        using var lease = await _codes.AcquireAsync(Digest(who));
        return lease.IsAcquired;
    }

    /// <summary>One more press of the virtual remote whose token this is, from its page or the API.</summary>
    public async Task<bool> TryRemoteUseAsync(string token)
    {
        using var lease = await _remotes.AcquireAsync(Digest(token));
        return lease.IsAcquired;
    }

    /// <summary>Sign-in tries from one client: its address (loopback in tests is one client).</summary>
    public bool TryLogin(HttpContext http) => _login.AttemptAcquire(Address(http)).IsAcquired;

    private static string Address(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    private static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose()
    {
        _login.Dispose();
        _codes.Dispose();
        _remotes.Dispose();
    }
}
