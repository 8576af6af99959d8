using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Station.Engine;

namespace Vigie.Station.Simulator;

/// <summary>
/// DEMO DATA — one site per procedure, so a newcomer can trigger each from the simulator. The phone numbers are
/// in the French range reserved for fiction (+33 6 39 98 xx xx) and the codes are printed by `vigie demo`.
/// </summary>
public static class DemoSites
{
    public const string IdentificationCode = "1234";
    public const string DuressCode = "9999";

    public sealed record DemoSite(string SiteId, string Account, OfferCode Offer, string Story, bool ProtectPlusNow);

    public static IReadOnlyList<DemoSite> All { get; } =
    [
        new("DEMO-1", "1001", OfferCode.ALaCarte, "A LA CARTE: INFO Alertes calls the instructions' numbers", ProtectPlusNow: false),
        new("DEMO-2", "1002", OfferCode.ALaCarte, "A LA CARTE in a PROTECT+ period: operators handle alerts", ProtectPlusNow: true),
        new("DEMO-3", "1003", OfferCode.ToutInclus, "TOUT INCLUS: operators, interpellation speaker, GSM backup", ProtectPlusNow: false),
        new("DEMO-4", "1004", OfferCode.ToutInclus, "TOUT INCLUS (business): operators, 2 contacts", ProtectPlusNow: false),
        new("DEMO-5", "1005", OfferCode.EVeille, "e-VEILLE: INFO Alertes, agent on request", ProtectPlusNow: false),
        new("DEMO-6", "1006", OfferCode.Essentielle, "ESSENTIELLE: INFO Alertes", ProtectPlusNow: false),
        new("DEMO-7", "1007", OfferCode.ProVideo, "Professional video + telesurveillance: operators, 2 contacts required", ProtectPlusNow: false),
    ];

    /// <summary>The demo's subscribers and streets: French, as a station's operators would see them.</summary>
    private static readonly (string Subscriber, string Street)[] People =
    [
        ("Camille Martin", "rue des Lilas"),
        ("Julien Bernard", "rue Oberkampf"),
        ("Sophie Petit", "rue de la Roquette"),
        ("Boulangerie Dubois", "boulevard Voltaire"),
        ("Léa Moreau", "rue Saint-Maur"),
        ("Thomas Laurent", "avenue Parmentier"),
        ("Pharmacie Lefèvre", "rue de Charonne"),
    ];

    public static SiteDefinition Definition(DemoSite demo, int index)
    {
        var n = index + 1;
        var (subscriber, street) = People[index % People.Length];
        var toutInclus = demo.Offer == OfferCode.ToutInclus;
        return new SiteDefinition
        {
            SiteId = demo.SiteId,
            Subscriber = new Subscriber($"SUB-{n:D3}", subscriber,
                demo.SiteId == "DEMO-4" || demo.Offer == OfferCode.ProVideo ? SubscriberKind.Business : SubscriberKind.Private),
            Address = new Address($"{n} {street}", "75011", "Paris"),
            // Around the demo's streets in Paris 11e, a few doors apart, for the incident screen's map.
            Latitude = Math.Round(48.8590 + (n * 0.0004), 6),
            Longitude = Math.Round(2.3790 + (n * 0.0006), 6),
            Landline = PhoneNumber.Parse($"+33 1 99 00 00 0{n}"),
            Panel = new Panel(demo.Account,
                toutInclus ? [new TransmissionPath(TransmissionKind.Ip, Primary: true), new TransmissionPath(TransmissionKind.Gsm, Primary: false)]
                           : [new TransmissionPath(TransmissionKind.Ip, Primary: true)],
                InterpellationSpeaker: toutInclus),
            Zones =
            [
                new Zone(1, "Porte d'entrée", DetectorKind.Opening, InPartial: true),
                new Zone(2, "Séjour", DetectorKind.MotionWithImage),
                new Zone(3, "Garage", DetectorKind.GarageDoor, InPartial: true),
                new Zone(4, "Fumée entrée", DetectorKind.Smoke),
                new Zone(5, "Inondation cuisine", DetectorKind.Flood),
                new Zone(6, "Étage", DetectorKind.Motion, PetCompatible: true),
                new Zone(12, "Porte arrière", DetectorKind.Opening, InPartial: true),
            ],
            Cameras = demo.Offer == OfferCode.ProVideo ? [new Camera("CAM-1", "Surface de vente", Exterior: false), new Camera("CAM-2", "Parking", Exterior: true)] : [],
            Offer = demo.Offer,
            // The demo's panels poll every 10 s: a panel stopped is declared lost 90 s later (EN 50136 SP5).
            SupervisionProfile = "SP5",
            Instructions = new Instructions
            {
                SubscriberPhones = [PhoneNumber.Parse($"+33 6 39 98 10 0{n}")],
                Contacts =
                [
                    new Contact("Voisin", PhoneNumber.Parse($"+33 6 39 98 20 0{n}"), $"voisin{n}@example.org"),
                    new Contact("Sœur", PhoneNumber.Parse($"+33 6 39 98 30 0{n}")),
                ],
                Emails = [$"abonne{n}@example.org"],
                AccessNotes = "Boîte à clés à gauche du portail\u202f; le chien est gentil.",
            },
        };
    }

    /// <summary>Provisions every demo site (skipping those already there) and books PROTECT+ where the story needs it.</summary>
    public static async Task<IReadOnlyList<string>> ProvisionAsync(StationDesk desk, Duration protectPlusSpan)
    {
        var problems = new List<string>();
        for (var i = 0; i < All.Count; i++)
        {
            var demo = All[i];
            if (await desk.SiteAsync(demo.SiteId) is not null)
            {
                continue;
            }
            var result = await desk.ProvisionAsync(Definition(demo, i), IdentificationCode, DuressCode, Enum.GetValues<ActivationStep>(), Actor.System);
            if (!result.Accepted)
            {
                problems.Add($"{demo.SiteId}: {result.Refusal}");
                continue;
            }
            if (demo.ProtectPlusNow)
            {
                var periods = Math.Max(1, (int)Math.Ceiling(protectPlusSpan / Duration.FromHours(24)));
                var booked = await desk.SiteCommandAsync(new BookProtectPlus(desk.Now, periods, Actor.Subscriber($"SUB-{i + 1:D3}"), desk.Now), demo.SiteId);
                if (!booked.Accepted)
                {
                    problems.Add($"{demo.SiteId} PROTECT+: {booked.Refusal}");
                }
            }
        }
        return problems;
    }
}
