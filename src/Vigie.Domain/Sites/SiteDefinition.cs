using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;

namespace Vigie.Domain.Sites;

/// <summary>Detector kinds (DOMAIN SITE-2).</summary>
public enum DetectorKind
{
    Opening,
    Motion,
    /// <summary>Motion with a photo series and flash; photos go to the operator (ALR-8).</summary>
    MotionWithImage,
    GarageDoor,
    ExteriorImage,
    Smoke,
    Flood,
    CarbonMonoxide,
    /// <summary>An SOS key on a keypad or remote.</summary>
    SosKey,
}

/// <summary>A detection zone: its number as the panel reports it, and whether partial (night) arming watches it (SITE-5).</summary>
public sealed record Zone(int Number, string Name, DetectorKind Detector, bool InPartial = false, bool PetCompatible = false)
{
    /// <summary>Smoke, CO and flood: watched whatever the arming mode (SITE-4).</summary>
    public bool IsDomesticRisk => Detector is DetectorKind.Smoke or DetectorKind.Flood or DetectorKind.CarbonMonoxide;
}

public enum TransmissionKind
{
    Ip,
    Gsm,
}

/// <summary>
/// A way the panel reaches the station (SITE-1): IP through the internet box, GSM/GPRS as backup or primary.
/// <paramref name="Line"/> is the DC-09 line number (L field) the panel uses on this path, which tells the
/// station which path a message came by; without one, messages count for the primary path.
/// </summary>
public sealed record TransmissionPath(TransmissionKind Kind, bool Primary, string? Line = null);

/// <summary>The control panel: its DC-09 account, its paths and whether an interpellation speaker is fitted.</summary>
public sealed record Panel(string Account, IReadOnlyList<TransmissionPath> Paths, bool InterpellationSpeaker = false)
{
    public bool HasGsm => Paths.Any(p => p.Kind == TransmissionKind.Gsm);

    /// <summary>
    /// The path alerts take when the internet box is up or down (SITE-7): GSM when the box fails and the site has
    /// it (alerts only, not images); none means the station cannot monitor the site until the box is back.
    /// </summary>
    public TransmissionPath? AlertPath(bool internetUp) =>
        internetUp
            ? Paths.FirstOrDefault(p => p.Primary) ?? Paths.FirstOrDefault(p => p.Kind == TransmissionKind.Ip) ?? Paths.FirstOrDefault()
            : Paths.FirstOrDefault(p => p.Kind == TransmissionKind.Gsm);

    /// <summary>Images travel only over IP (SITE-7, IMA 8.3).</summary>
    public bool ImagesReachStation(bool internetUp) => internetUp && Paths.Any(p => p.Kind == TransmissionKind.Ip);
}

public sealed record Camera(string Id, string Name, bool Exterior);

public sealed record Address(string Street, string PostalCode, string City, string Country = "FR")
{
    public override string ToString() => $"{Street}, {PostalCode} {City}";
}

public enum SubscriberKind
{
    Private,
    Business,
}

public sealed record Subscriber(string Id, string Name, SubscriberKind Kind);

/// <summary>
/// The steps before telesurveillance starts (CON-7): subscription, instructions validated, equipment connected,
/// connection confirmed by the station, code defined with the station.
/// </summary>
public enum ActivationStep
{
    Subscribed,
    InstructionsValidated,
    EquipmentConnected,
    ConnectionConfirmed,
    CodeDefined,
}

/// <summary>What a site is: who owns it, where, its equipment, its offer and its instructions.</summary>
public sealed record SiteDefinition
{
    public required string SiteId { get; init; }
    public required Subscriber Subscriber { get; init; }
    public required Address Address { get; init; }
    /// <summary>IANA zone the site lives in, for display and local-time rules.</summary>
    public string TimeZone { get; init; } = "Europe/Paris";
    /// <summary>The site's landline: the operator's site call and the immediate-stop voice message (ALR-3, ALR-8).</summary>
    public PhoneNumber? Landline { get; init; }
    public required Panel Panel { get; init; }
    public IReadOnlyList<Zone> Zones { get; init; } = [];
    public IReadOnlyList<Camera> Cameras { get; init; } = [];
    public required OfferCode Offer { get; init; }
    public Instructions Instructions { get; init; } = new();
    /// <summary>The supervision profile's name (a preset such as "DP2" or one of the station's own).</summary>
    public string SupervisionProfile { get; init; } = Supervision.SupervisionProfiles.DailyTest.Name;
    /// <summary>Where the site is (WGS 84 degrees), for the operators' map; optional, but both or neither.</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>Every error, each naming its field; empty when the site can be provisioned (SITE-1, SITE-6, CON-1..3).</summary>
    public IReadOnlyList<Refusal> Validate(Offer offer)
    {
        var errors = new List<Refusal>();
        if (string.IsNullOrWhiteSpace(SiteId) || SiteId.Length > 40 || !SiteId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add(Refusal.Invalid("siteId", RefusalCodes.SiteIdInvalid, $"siteId '{SiteId}': 1 to 40 letters, digits, '-' or '_'", SiteId ?? ""));
        }
        if (offer.Code != Offer)
        {
            errors.Add(Refusal.Invalid("offer", RefusalCodes.SiteOfferMismatch, $"offer: {offer.Code} given for a site on {Offer}", RefusalValue.Named(offer.Code), RefusalValue.Named(Offer)));
        }
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            errors.Add(Refusal.Invalid("timeZone", RefusalCodes.SiteTimeZoneInvalid, $"timeZone '{TimeZone}': not a time zone (e.g. Europe/Paris)", TimeZone ?? ""));
        }
        if (string.IsNullOrWhiteSpace(Panel.Account))
        {
            errors.Add(Refusal.Invalid("panel.account", RefusalCodes.SitePanelAccountMissing, "panel.account: the panel's DC-09 account is required"));
        }
        if (Panel.Paths.Count == 0)
        {
            errors.Add(Refusal.Invalid("panel.paths", RefusalCodes.SitePanelNoPath, "panel.paths: a panel needs an IP or a GSM transmitter (SITE-1)"));
        }
        if (Panel.Paths.Count(p => p.Primary) != 1)
        {
            errors.Add(Refusal.Invalid("panel.paths", RefusalCodes.SitePanelPrimaryPath, "panel.paths: exactly one path must be primary"));
        }
        if (Panel.Paths.GroupBy(p => p.Kind).Any(g => g.Count() > 1))
        {
            errors.Add(Refusal.Invalid("panel.paths", RefusalCodes.SitePanelPathsDuplicate, "panel.paths: one IP and one GSM transmitter at most"));
        }
        foreach (var duplicate in Zones.GroupBy(z => z.Number).Where(g => g.Count() > 1))
        {
            errors.Add(Refusal.Invalid("zones", RefusalCodes.SiteZoneDuplicate, $"zones: zone {duplicate.Key} is defined {duplicate.Count()} times", duplicate.Key, duplicate.Count()));
        }
        if (Zones.Any(z => z.Number is < 0 or > 999))
        {
            errors.Add(Refusal.Invalid("zones", RefusalCodes.SiteZoneRange, "zones: numbers go from 0 to 999"));
        }
        if (offer.MaxCameras is { } max && Cameras.Count > max)
        {
            errors.Add(Refusal.Invalid("cameras", RefusalCodes.SiteTooManyCameras, $"cameras: at most {max} cameras on {offer.Name} ({Cameras.Count} given)", max, offer.Name, Cameras.Count));
        }
        errors.AddRange(Instructions.Validate(offer.MinimumContacts));
        errors.AddRange(ValidateCoordinates());
        return errors;
    }

    private IEnumerable<Refusal> ValidateCoordinates()
    {
        // A point with one coordinate would put the site on a meridian or the equator: refused rather than guessed.
        if (Latitude is null != Longitude is null)
        {
            var missing = Latitude is null ? "latitude" : "longitude";
            yield return Refusal.Invalid(missing, RefusalCodes.SiteCoordinatesIncomplete, $"{missing}: latitude and longitude go together (both or neither)");
        }
        if (Latitude is { } latitude && !(latitude is >= -90 and <= 90))
        {
            yield return Refusal.Invalid("latitude", RefusalCodes.SiteLatitudeRange, $"latitude {latitude}: from -90 to 90 degrees", Degrees(latitude));
        }
        if (Longitude is { } longitude && !(longitude is >= -180 and <= 180))
        {
            yield return Refusal.Invalid("longitude", RefusalCodes.SiteLongitudeRange, $"longitude {longitude}: from -180 to 180 degrees", Degrees(longitude));
        }
    }

    /// <summary>A number the reader's culture formats; one no decimal holds (NaN, 1e300) as it was written.</summary>
    private static RefusalValue Degrees(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 ? (decimal)value : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The path a message came by, from its DC-09 line (SITE-1); unmatched lines count for the primary path.</summary>
    public TransmissionKind PathOf(string? line)
    {
        foreach (var path in Panel.Paths)
        {
            if (path.Line is { } l && line is not null && string.Equals(l, line, StringComparison.OrdinalIgnoreCase))
            {
                return path.Kind;
            }
        }
        return (Panel.Paths.FirstOrDefault(p => p.Primary) ?? Panel.Paths[0]).Kind;
    }

    public Zone? FindZone(int? number) => number is null ? null : Zones.FirstOrDefault(z => z.Number == number);
}
