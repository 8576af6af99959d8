using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;

namespace Vigie.Domain.Tests.Support;

/// <summary>The fake clock: fixed instants, nothing reads the machine's time.</summary>
internal static class Clock
{
    /// <summary>Monday 4 May 2026, 20:00 in Paris (18:00 UTC).</summary>
    public static readonly Instant T0 = Instant.FromUtc(2026, 5, 4, 18, 0, 0);

    public static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public static Instant Seconds(double seconds) => T0 + Duration.FromSeconds(seconds);

    /// <summary>A local date and time in Paris as an instant (no ambiguous or skipped times used).</summary>
    public static Instant Local(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Paris).ToInstant();
}

/// <summary>Sites as the tests need them: a subscriber mobile, two contacts, an email, a landline, hashed codes.</summary>
internal static class TestSites
{
    public const string Code = "1234";
    public const string Duress = "9876";
    public const int Iterations = 1000;

    public static readonly OfferCatalogue Catalogue = DefaultPriceList.Catalogue();

    public static readonly PhoneNumber SubscriberMobile = PhoneNumber.Parse("06 12 34 56 78");
    public static readonly PhoneNumber AlicePhone = PhoneNumber.Parse("06 22 33 44 55");
    public static readonly PhoneNumber BrunoPhone = PhoneNumber.Parse("07 11 22 33 44");
    public static readonly PhoneNumber Landline = PhoneNumber.Parse("01 23 45 67 89");
    public const string Email = "martin@example.fr";

    public static readonly SecretCode CodeHash = SecretCode.Create(Code, Iterations);
    public static readonly SecretCode DuressHash = SecretCode.Create(Duress, Iterations);

    public static readonly Contact Alice = new("Alice Martin", AlicePhone);
    public static readonly Contact Bruno = new("Bruno Petit", BrunoPhone, "bruno@example.fr");

    // Zones: 1 and 3 are watched in partial (night) mode; 10-12 are domestic risks; 20 is the keypad's SOS key.
    public static readonly Zone Entrance = new(1, "Entrance door", DetectorKind.Opening, InPartial: true);
    public static readonly Zone LivingRoom = new(2, "Living room", DetectorKind.Motion);
    public static readonly Zone Garage = new(3, "Garage", DetectorKind.GarageDoor, InPartial: true);
    public static readonly Zone Hall = new(4, "Hall", DetectorKind.MotionWithImage, PetCompatible: true);
    public static readonly Zone Kitchen = new(10, "Kitchen smoke", DetectorKind.Smoke);
    public static readonly Zone Cellar = new(11, "Cellar flood", DetectorKind.Flood);
    public static readonly Zone Boiler = new(12, "Boiler CO", DetectorKind.CarbonMonoxide);
    public static readonly Zone SosKey = new(20, "Keypad SOS", DetectorKind.SosKey);

    public static IReadOnlyList<Zone> Zones { get; } = [Entrance, LivingRoom, Garage, Hall, Kitchen, Cellar, Boiler, SosKey];

    public static Instructions Instructions(bool codes = true) => new()
    {
        SubscriberPhones = [SubscriberMobile],
        Contacts = [Alice, Bruno],
        Emails = [Email],
        AccessNotes = "Gate code 4512B; dog in the garden",
        IdentificationCode = codes ? CodeHash : null,
        DuressCode = codes ? DuressHash : null,
    };

    public static Panel IpWithGsmBackup(bool speaker) =>
        new("0042", [new TransmissionPath(TransmissionKind.Ip, Primary: true), new TransmissionPath(TransmissionKind.Gsm, Primary: false)], speaker);

    public static SiteDefinition Site(OfferCode offer, string siteId, bool speaker) => new()
    {
        SiteId = siteId,
        Subscriber = new Subscriber("sub-1", "Jeanne Martin", SubscriberKind.Private),
        Address = new Address("12 rue des Lilas", "69003", "Lyon"),
        Landline = Landline,
        Panel = IpWithGsmBackup(speaker),
        Zones = Zones,
        Offer = offer,
        Instructions = Instructions(),
    };

    /// <summary>A LA CARTE: INFO Alertes, no interpellation speaker, PROTECT+ available.</summary>
    public static SiteDefinition ALaCarte(string siteId = "alc-1") => Site(OfferCode.ALaCarte, siteId, speaker: false);

    public static readonly Camera Garden = new("cam-1", "Garden", Exterior: true);
    public static readonly Camera ShopFloor = new("cam-2", "Shop floor", Exterior: false);

    /// <summary>Pro video + telesurveillance with two cameras (SUP-5).</summary>
    public static SiteDefinition ProVideo(string siteId = "pv-1") => Site(OfferCode.ProVideo, siteId, speaker: false) with { Cameras = [Garden, ShopFloor] };

    /// <summary>TOUT INCLUS with an IP transmitter only (SUP-3: cannot report a mains cut).</summary>
    public static SiteDefinition IpOnly(string siteId = "ip-1") =>
        Site(OfferCode.ToutInclus, siteId, speaker: true) with { Panel = new Panel("0043", [new TransmissionPath(TransmissionKind.Ip, Primary: true)], true) };

    /// <summary>TOUT INCLUS: station operators, interpellation speaker.</summary>
    public static SiteDefinition ToutInclus(string siteId = "ti-1") => Site(OfferCode.ToutInclus, siteId, speaker: true);
}
