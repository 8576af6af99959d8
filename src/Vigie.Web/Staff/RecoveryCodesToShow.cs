using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Vigie.Web.Staff;

/// <summary>
/// The recovery codes made at enrolment travel from the form post to the page that shows them in a short-lived
/// cookie, encrypted for that member (Data Protection, 10 minutes); the page reads it once and deletes it. The
/// database keeps them encrypted too (<see cref="StaffStore"/>): nowhere can they be shown again.
/// </summary>
public sealed class RecoveryCodesToShow(IDataProtectionProvider protection)
{
    /// <summary>How many codes an enrolment gives.</summary>
    public const int Count = 10;

    private const string Cookie = "vigie.recovery";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Vigie.Staff.RecoveryCodesToShow.v1").ToTimeLimitedDataProtector();

    public void Keep(HttpContext http, string memberId, IEnumerable<string> codes) =>
        http.Response.Cookies.Append(Cookie, _protector.Protect(memberId + "\n" + string.Join(' ', codes), Lifetime), Options(http));

    /// <summary>The codes kept for <paramref name="memberId"/>, once: the cookie is deleted whatever it held.</summary>
    public IReadOnlyList<string>? Take(HttpContext http, string? memberId)
    {
        if (!http.Request.Cookies.TryGetValue(Cookie, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        http.Response.Cookies.Delete(Cookie, Options(http));
        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            return parts.Length == 2 && memberId is not null && parts[0] == memberId ? parts[1].Split(' ') : null;
        }
        catch (CryptographicException)
        {
            return null; // expired, or not made here
        }
    }

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/account",
        IsEssential = true,
        MaxAge = Lifetime,
    };
}
