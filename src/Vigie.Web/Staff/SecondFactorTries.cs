using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace Vigie.Web.Staff;

/// <summary>
/// Second-factor tries per account and minute (Console:SecondFactorAttemptsPerMinute), whatever the address they
/// come from: the sign-in pages (authenticator and recovery codes, enrolment) and the API's token route count
/// together. Each failure also counts towards the account's lockout; this bounds the pace before it.
/// </summary>
public sealed class SecondFactorTries(ConsoleOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _tries = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.SecondFactorAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>One more try for the account <paramref name="memberId"/>; false past the limit (nothing is checked then).</summary>
    public bool TryOne(string memberId)
    {
        using var lease = _tries.AttemptAcquire(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(memberId))));
        return lease.IsAcquired;
    }

    public void Dispose() => _tries.Dispose();
}
