namespace Vigie.Web;

/// <summary>The console's settings (section "Console" of vigie.json); every figure a station may want different.</summary>
public sealed class ConsoleOptions
{
    /// <summary>Staff accounts database (SQLite); default: staff.db in the data folder.</summary>
    public string? StaffDatabasePath { get; set; }

    /// <summary>Failed logins before an account is locked (Identity lockout).</summary>
    public int LockoutAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Minimum password length for staff accounts.</summary>
    public int PasswordMinimumLength { get; set; } = 10;

    /// <summary>How long a console session lasts without activity.</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>The interface's language when the browser has not chosen one: French, the operators' language.</summary>
    public string DefaultCulture { get; set; } = "fr-FR";

    /// <summary>The supervisor view's two "taken within" targets, in seconds.</summary>
    public int FirstTargetSeconds { get; set; } = 30;

    public int SecondTargetSeconds { get; set; } = 60;

    /// <summary>Sign-in tries per minute (form and API), counted per account and per client address, before 429.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 20;

    /// <summary>Code changes (confidential and duress) per hour (CON-5), counted per account and, on the API, per address.</summary>
    public int CodeChangesPerHour { get; set; } = 10;

    /// <summary>Presses per minute (RC-2), counted per virtual remote and, on the API, per address.</summary>
    public int RemoteUsesPerMinute { get; set; } = 10;

    /// <summary>How long an API access token lasts, in minutes (a refresh token gets a new one).</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>How long a subscriber's invitation link stays valid (RC-4).</summary>
    public int InvitationDays { get; set; } = 7;

    /// <summary>
    /// The console's address as subscribers reach it (e.g. https://espace.station.example): links in e-mails (password
    /// reset, invitations) start with it, never with a request's Host header. Required once e-mail is configured
    /// (Email:Smtp:Host); unset without it, the address the station listens on.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// How often, at most, a signed-in session (cookie, open page) checks its account's security stamp: a password
    /// change or reset, a lockout, a role or second-factor change ends it within this time. 1 to 60 seconds.
    /// </summary>
    public int SessionCheckSeconds { get; set; } = 60;

    /// <summary>Second-factor tries (codes, recovery codes, enrolment) per account and minute, pages and API together.</summary>
    public int SecondFactorAttemptsPerMinute { get; set; } = 5;

    /// <summary>
    /// Reverse proxies whose X-Forwarded-For/Proto are believed (addresses or networks, e.g. ["10.0.0.2"]); empty, the
    /// default: the headers are ignored and the connection's address is the client's.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The API's documentation (/api/docs and /openapi/v1.json); off in production, the demo turns it on.</summary>
    public bool ApiDocs { get; set; }

    /// <summary>
    /// The incident screen's map tiles: a URL template with {z}, {x}, {y} (and optionally {s}), e.g. a station's own tile
    /// server. Unset, the default: no map is drawn and no outside server is asked; the screen shows the site's
    /// coordinates and links instead.
    /// </summary>
    public string? MapTiles { get; set; }

    /// <summary>The attribution the tile server's licence asks for, shown on the map (e.g. "© OpenStreetMap contributors").</summary>
    public string MapAttribution { get; set; } = "";

    /// <summary>How close the map opens on the site (tile zoom level, 1 to 19).</summary>
    public int MapZoom { get; set; } = 17;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LockoutAttempts is < 1 or > 100)
        {
            errors.Add("Console:LockoutAttempts: 1 to 100");
        }
        if (LockoutMinutes is < 1 or > 24 * 60)
        {
            errors.Add("Console:LockoutMinutes: 1 to 1440");
        }
        if (PasswordMinimumLength is < 8 or > 128)
        {
            errors.Add("Console:PasswordMinimumLength: 8 to 128");
        }
        if (SessionHours is < 1 or > 24 * 7)
        {
            errors.Add("Console:SessionHours: 1 to 168");
        }
        if (!ConsoleCultures.Supported.Contains(DefaultCulture))
        {
            errors.Add($"Console:DefaultCulture: one of {string.Join(", ", ConsoleCultures.Supported)}");
        }
        if (FirstTargetSeconds is < 1 or > 3600 || SecondTargetSeconds is < 1 or > 3600 || SecondTargetSeconds < FirstTargetSeconds)
        {
            errors.Add("Console:FirstTargetSeconds, Console:SecondTargetSeconds: 1 to 3600 seconds, the second not below the first");
        }
        if (LoginAttemptsPerMinute is < 1 or > 10_000 || CodeChangesPerHour is < 1 or > 10_000 || RemoteUsesPerMinute is < 1 or > 10_000)
        {
            errors.Add("Console:LoginAttemptsPerMinute, CodeChangesPerHour, RemoteUsesPerMinute: 1 to 10000");
        }
        if (AccessTokenMinutes is < 1 or > 24 * 60)
        {
            errors.Add("Console:AccessTokenMinutes: 1 to 1440");
        }
        if (SessionCheckSeconds is < 1 or > 60)
        {
            errors.Add("Console:SessionCheckSeconds: 1 to 60");
        }
        if (SecondFactorAttemptsPerMinute is < 1 or > 100)
        {
            errors.Add("Console:SecondFactorAttemptsPerMinute: 1 to 100");
        }
        if (InvitationDays is < 1 or > 90)
        {
            errors.Add("Console:InvitationDays: 1 to 90");
        }
        if (PublicUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
        {
            errors.Add($"Console:PublicUrl '{url}': an absolute http or https address");
        }
        if (MapTiles is { Length: > 0 } tiles && (!Uri.TryCreate(tiles.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var tileServer)
            || tileServer.Scheme is not ("http" or "https") || !tiles.Contains("{z}", StringComparison.Ordinal) || !tiles.Contains("{x}", StringComparison.Ordinal) || !tiles.Contains("{y}", StringComparison.Ordinal)))
        {
            errors.Add($"Console:MapTiles '{tiles}': an http or https address with {{z}}, {{x}} and {{y}}");
        }
        if (MapZoom is < 1 or > 19)
        {
            errors.Add("Console:MapZoom: 1 to 19");
        }
        errors.AddRange(Api.TrustedProxies.Invalid(TrustedProxies));
        return errors;
    }
}

/// <summary>The languages the console speaks.</summary>
public static class ConsoleCultures
{
    public static readonly string[] Supported = ["fr-FR", "en-GB"];
}
