using Vigie.Domain.Offers;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>The offer catalogue priced from the embedded price list (DOMAIN §2, BIL-5).</summary>
public class OfferCatalogueTests
{
    private static readonly OfferCatalogue Catalogue = DefaultPriceList.Catalogue();

    [Fact]
    public void Every_offer_of_the_domain_is_in_the_catalogue()
    {
        Assert.Equal(Enum.GetValues<OfferCode>().Order(), Catalogue.Offers.Select(o => o.Code).Order());
    }

    [Fact]
    [Trait("Rule", "ALR-4")]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_A_LA_CARTE_costs_23_euros_a_month_with_PROTECT_plus_at_3_euros_a_day()
    {
        var offer = Catalogue[OfferCode.ALaCarte];

        Assert.Equal(("A LA CARTE", 23.00m, 99.00m, 3.00m), (offer.Name, offer.MonthlyPrice, offer.SetupFee, offer.ProtectPlusDayPrice));
        Assert.Equal(AlertHandling.InfoAlertes, offer.Handling);
        Assert.True(offer.ProtectPlusAvailable);
        Assert.Equal(AlertHandling.Operators, offer.HandlingAt(inProtectPlus: true));
        Assert.Equal(AlertHandling.InfoAlertes, offer.HandlingAt(inProtectPlus: false));
    }

    [Fact]
    [Trait("Rule", "ALR-4")]
    public void ALR_4_TOUT_INCLUS_costs_35_50_a_month_operators_always_and_no_PROTECT_plus()
    {
        var offer = Catalogue[OfferCode.ToutInclus];

        Assert.Equal(("TOUT INCLUS", 35.50m, 99.00m), (offer.Name, offer.MonthlyPrice, offer.SetupFee));
        Assert.Null(offer.ProtectPlusDayPrice);
        Assert.False(offer.ProtectPlusAvailable);
        Assert.True(offer.IncludesSpeaker);
        Assert.Equal(AlertHandling.Operators, offer.HandlingAt(inProtectPlus: true));
    }

    [Theory]
    [Trait("Rule", "BIL-5")]
    [Trait("Rule", "ALR-6")]
    [Trait("Rule", "ALR-11")]
    [Trait("Rule", "ALR-15")]
    [InlineData(OfferCode.ALaCarte)]
    [InlineData(OfferCode.ToutInclus)]
    [InlineData(OfferCode.EVeille)]
    public void BIL_5_agent_fees_are_80_euros_and_the_guarding_ceiling_923(OfferCode code)
    {
        var offer = Catalogue[code];

        Assert.Equal((80.00m, 80.00m, 923.00m), (offer.AgentOnRequestFee, offer.UnjustifiedAgentTripFee, offer.GuardingCeiling));
    }

    [Fact]
    [Trait("Rule", "SITE-6")]
    [Trait("Rule", "CON-3")]
    public void SITE_6_video_has_at_most_5_cameras_and_CON_3_pro_video_needs_2_contacts()
    {
        Assert.Equal(5, Catalogue[OfferCode.Video].MaxCameras);
        Assert.Null(Catalogue[OfferCode.ToutInclus].MaxCameras);
        Assert.Equal((true, 2), (Catalogue[OfferCode.ProVideo].Professional, Catalogue[OfferCode.ProVideo].MinimumContacts));
        Assert.Equal(1, Catalogue[OfferCode.ALaCarte].MinimumContacts);
    }

    [Fact]
    public void The_embedded_price_list_reads_quoted_items_and_the_fees()
    {
        var tariffs = Catalogue.Tariffs;

        var subscription = Assert.Single(tariffs, t => t.Offer == "A_LA_CARTE" && t.Category == "subscription");
        Assert.StartsWith("Telesurveillance with unlimited INFO Alertes 24/7, remote control,", subscription.Item, StringComparison.Ordinal);
        Assert.Equal(249.00m, Assert.Single(tariffs, t => t.Item == "Termination during the commitment period").PriceEurTtc);
        Assert.Equal(1000.00m, Assert.Single(tariffs, t => t.Item == "Equipment not returned at termination").PriceEurTtc);
        Assert.Equal(("ceiling", "reimbursed on receipts"), tariffs.Where(t => t.Item.StartsWith("Guarding", StringComparison.Ordinal)).Select(t => (t.Unit, t.Note)).Single());
        Assert.StartsWith("offer,category,item,price_eur_ttc,unit,note", DefaultPriceList.Csv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_price_list_gives_other_figures()
    {
        const string csv = """
            offer,category,item,price_eur_ttc,unit,note
            A_LA_CARTE,subscription,Telesurveillance,25.90,month,
            A_LA_CARTE,service,PROTECT+ delegation,4.50,day,
            ALL,fee,Unjustified security agent trip,95.00,once,
            ALL,fee,Guarding and securing advanced (ceiling),1200.00,ceiling,
            """;

        var catalogue = OfferCatalogue.FromPriceListCsv(csv);
        var offer = catalogue[OfferCode.ALaCarte];

        Assert.Equal((25.90m, 4.50m), (offer.MonthlyPrice, offer.ProtectPlusDayPrice));
        // No "on request" line: the agent on request costs the unjustified trip.
        Assert.Equal((95.00m, 95.00m, 1200.00m), (offer.AgentOnRequestFee, offer.UnjustifiedAgentTripFee, offer.GuardingCeiling));
        Assert.Null(catalogue[OfferCode.ToutInclus].MonthlyPrice);
    }

    [Fact]
    public void A_bad_price_list_is_refused_with_the_line()
    {
        var header = Assert.Throws<FormatException>(() => Tariff.ParseCsv("offer,item\nA,B"));
        var price = Assert.Throws<FormatException>(() => Tariff.ParseCsv("offer,category,item,price_eur_ttc,unit,note\nALL,fee,Trip,80 EUR,once,"));
        var fields = Assert.Throws<FormatException>(() => Tariff.ParseCsv("offer,category,item,price_eur_ttc,unit,note\nALL,fee,Trip,80.00,once"));

        Assert.StartsWith("price list: the first line must be", header.Message, StringComparison.Ordinal);
        Assert.Equal("price list line 2: price '80 EUR' is not a number", price.Message);
        Assert.Equal("price list line 2: 6 fields expected, 5 found", fields.Message);
    }

    [Fact]
    public void The_test_sites_use_the_embedded_catalogue()
    {
        Assert.Equal(23.00m, TestSites.Catalogue[OfferCode.ALaCarte].MonthlyPrice);
    }
}
