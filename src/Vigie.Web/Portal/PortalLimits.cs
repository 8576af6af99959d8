using System.Threading.RateLimiting;

namespace Vigie.Web.Portal;

/// <summary>How often a subscriber may change codes and a remote may be used, from the pages (the API has its own limiter policies with the same figures).</summary>
public sealed record PortalLimitSettings(int CodeChangesPerHour = 10, int RemoteUsesPerMinute = 10);

/// <summary>
/// Rate limits of the portal's pages: code changes per subscriber (a guessed session must not try codes at will,
/// CON-5) and uses per virtual remote (a leaked link must not drive the panel in a loop).
/// </summary>
public sealed class PortalLimits(PortalLimitSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _codes = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.CodeChangesPerHour,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    private readonly PartitionedRateLimiter<string> _remotes = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.RemoteUsesPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public async Task<bool> TryCodeChangeAsync(string? subscriberId)
    {
        using var lease = await _codes.AcquireAsync(subscriberId ?? "anonymous");
        return lease.IsAcquired;
    }

    public async Task<bool> TryRemoteUseAsync(string remoteKey)
    {
        using var lease = await _remotes.AcquireAsync(remoteKey);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _codes.Dispose();
        _remotes.Dispose();
    }
}
