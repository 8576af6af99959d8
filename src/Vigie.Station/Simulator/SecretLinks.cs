using System.Text.RegularExpressions;

namespace Vigie.Station.Simulator;

/// <summary>
/// SIMULATOR — what the simulated mailbox and phones keep of a message: every link that could carry a secret (a query
/// string, or a path segment that looks like a token: password reset, invitation, remote) is cut where the secret
/// starts, so anyone who reads the outbox sees that a link was sent, never the link. Real senders (SMTP) are unaffected.
/// </summary>
public static partial class SecretLinks
{
    public const string Withheld = "[link withheld by the simulator]";

    /// <summary>Shortest path segment taken for a token (reset and invitation tokens are far longer; words and ids shorter).</summary>
    private const int TokenLength = 16;

    public static string Redact(string text) => string.IsNullOrEmpty(text) ? text : Link().Replace(text, match => Cut(match.Value));

    private static string Cut(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            return Withheld;
        }
        var kept = new List<string>();
        var cut = uri.Query.Length > 1 || uri.Fragment.Length > 1 || uri.UserInfo.Length > 0;
        foreach (var segment in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.Length >= TokenLength || segment.Contains('.', StringComparison.Ordinal) && segment.Length > 8)
            {
                cut = true;
                break;
            }
            kept.Add(segment);
        }
        return cut ? $"{uri.Scheme}://{uri.Authority}/{string.Join('/', kept)} {Withheld}" : link;
    }

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
