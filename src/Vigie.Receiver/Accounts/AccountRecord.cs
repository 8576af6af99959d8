using Vigie.Protocols.Dc09;

namespace Vigie.Receiver.Accounts;

/// <summary>
/// A panel account as the station registers it. Receiver and line are "" when the account is accepted
/// from any receiver/line. The key text is kept as the installer typed it, with its format.
/// </summary>
public sealed record AccountRecord
{
    public required string Account { get; init; }
    public string Receiver { get; init; } = "";
    public string Line { get; init; } = "";
    public string? Key { get; init; }
    public Dc09KeyFormat KeyFormat { get; init; } = Dc09KeyFormat.Ascii;
    /// <summary>The site this panel protects (the engine's site id), when known.</summary>
    public string? SiteReference { get; init; }
    /// <summary>
    /// IANA zone of the panel's clock when it keeps local time instead of UTC (e.g. "Europe/Paris");
    /// null means UTC as DC-09 requires.
    /// </summary>
    public string? PanelClock { get; init; }
    /// <summary>
    /// Accept plain (unencrypted) messages although the account has a key, for a panel that cannot encrypt every
    /// message. Off: a plain message for a keyed account is refused (anyone can forge one).
    /// </summary>
    public bool AllowPlain { get; init; }
    /// <summary>Per-account timestamp window, overriding the receiver's (seconds).</summary>
    public int? WindowBehindSeconds { get; init; }
    public int? WindowAheadSeconds { get; init; }

    /// <summary>Checks every field, naming the first wrong one; nothing is stored when this fails.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Account) || Account.Length > 16 || !Account.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add($"account '{Account}': 1 to 16 letters or digits");
        }
        if (Receiver.Length > 6 || !Receiver.All(char.IsAsciiHexDigit))
        {
            errors.Add($"receiver '{Receiver}': up to 6 hex digits (without the R)");
        }
        if (Line.Length > 6 || !Line.All(char.IsAsciiHexDigit))
        {
            errors.Add($"line '{Line}': up to 6 hex digits (without the L)");
        }
        if (Key is not null)
        {
            if (!Dc09Key.TryParse(Key, KeyFormat, out var parsed, out var error))
            {
                errors.Add($"key: {error}");
            }
            parsed?.Dispose();
        }
        if (PanelClock is not null && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(PanelClock) is null)
        {
            errors.Add($"panel clock '{PanelClock}': not a time zone (e.g. Europe/Paris)");
        }
        if (WindowBehindSeconds is < 0 || WindowAheadSeconds is < 0)
        {
            errors.Add("timestamp window: seconds must not be negative");
        }
        return errors;
    }

    public static Dc09KeyFormat ParseKeyFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "ascii" or "" => Dc09KeyFormat.Ascii,
        "hex" => Dc09KeyFormat.Hex,
        _ => throw new FormatException($"key format '{text}': ascii or hex"),
    };

    public static string KeyFormatName(Dc09KeyFormat format) => format switch
    {
        Dc09KeyFormat.Ascii => "ascii",
        Dc09KeyFormat.Hex => "hex",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
