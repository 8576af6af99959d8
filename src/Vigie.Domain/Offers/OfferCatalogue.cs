namespace Vigie.Domain.Offers;

/// <summary>
/// The offers a station sells: each offer's policies (who handles alerts, PROTECT+, speaker, contacts) with
/// its prices and fees read from a price list. Prices are found by the price list's stable item names.
/// </summary>
public sealed class OfferCatalogue
{
    private readonly Dictionary<OfferCode, Offer> _offers;

    public OfferCatalogue(IEnumerable<Offer> offers, IReadOnlyList<Tariff> tariffs)
    {
        _offers = offers.ToDictionary(o => o.Code);
        Tariffs = tariffs;
    }

    public IReadOnlyList<Tariff> Tariffs { get; }

    public IEnumerable<Offer> Offers => _offers.Values;

    public Offer this[OfferCode code] =>
        _offers.TryGetValue(code, out var offer) ? offer : throw new KeyNotFoundException($"offer {code} is not in the catalogue");

    /// <summary>The seeds' offers (DOMAIN §2) priced from the given price list.</summary>
    public static OfferCatalogue FromPriceList(IReadOnlyList<Tariff> tariffs)
    {
        decimal? Price(string offer, Func<Tariff, bool> match) =>
            tariffs.FirstOrDefault(t => t.Offer == offer && match(t))?.PriceEurTtc;
        decimal Fee(string itemStart, decimal fallback) =>
            tariffs.FirstOrDefault(t => t.Item.StartsWith(itemStart, StringComparison.OrdinalIgnoreCase))?.PriceEurTtc ?? fallback;

        var unjustifiedTrip = Fee("Unjustified security agent trip", 0m);
        var guardingCeiling = tariffs.FirstOrDefault(t => t.Unit == "ceiling" && t.Item.StartsWith("Guarding", StringComparison.OrdinalIgnoreCase))?.PriceEurTtc ?? 0m;
        var agentOnRequest = Fee("Security agent trip on request", unjustifiedTrip);

        Offer Priced(Offer offer, string csvCode) => offer with
        {
            MonthlyPrice = Price(csvCode, t => t.Category == "subscription" && t.Unit == "month"),
            SetupFee = Price(csvCode, t => t.Category == "setup"),
            ProtectPlusDayPrice = offer.ProtectPlusAvailable ? Price(csvCode, t => t.Unit == "day" && t.Item.StartsWith("PROTECT+", StringComparison.Ordinal)) : null,
            AgentOnRequestFee = agentOnRequest,
            UnjustifiedAgentTripFee = unjustifiedTrip,
            GuardingCeiling = guardingCeiling,
        };

        Offer[] offers =
        [
            Priced(new Offer { Code = OfferCode.EVeille, Name = "e-VEILLE", Handling = AlertHandling.InfoAlertes, DomesticRisksByInfoAlertes = true }, "E_VEILLE"),
            Priced(new Offer { Code = OfferCode.Essentielle, Name = "ESSENTIELLE", Handling = AlertHandling.InfoAlertes, DomesticRisksByInfoAlertes = true }, "ESSENTIELLE"),
            Priced(new Offer { Code = OfferCode.ALaCarte, Name = "A LA CARTE", Handling = AlertHandling.InfoAlertes, ProtectPlusAvailable = true, DomesticRisksByInfoAlertes = true }, "A_LA_CARTE"),
            Priced(new Offer { Code = OfferCode.ToutInclus, Name = "TOUT INCLUS", Handling = AlertHandling.Operators, IncludesSpeaker = true }, "TOUT_INCLUS"),
            Priced(new Offer { Code = OfferCode.Video, Name = "Video surveillance", Handling = AlertHandling.Operators, MaxCameras = 5 }, "VIDEO"),
            Priced(new Offer { Code = OfferCode.ProVideo, Name = "Pro video + telesurveillance", Handling = AlertHandling.Operators, Professional = true, MinimumContacts = 2 }, "PRO_VIDEO"),
        ];
        return new OfferCatalogue(offers, tariffs);
    }

    public static OfferCatalogue FromPriceListCsv(string csv) => FromPriceList(Tariff.ParseCsv(csv));
}

/// <summary>The price list shipped with Vigie (IMA, April 2022), used when the configuration names none.</summary>
public static class DefaultPriceList
{
    public const string Name = "tariffs-ima-2022-04.csv";

    public static string Csv()
    {
        using var stream = typeof(DefaultPriceList).Assembly.GetManifestResourceStream(Name)
            ?? throw new InvalidOperationException($"{Name} is not embedded in {typeof(DefaultPriceList).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static OfferCatalogue Catalogue() => OfferCatalogue.FromPriceListCsv(Csv());
}
