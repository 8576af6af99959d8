using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>A site's optional position (for the operators' map): both coordinates or neither, each within its range.</summary>
public class SiteCoordinatesTests
{
    private static Decision<SiteEvent> Provision(SiteDefinition definition) =>
        new SiteHarness().Run(new ProvisionSite(definition, Actor.System, Clock.T0));

    [Fact]
    public void A_site_with_both_coordinates_is_provisioned_with_them()
    {
        var decision = Provision(TestSites.ToutInclus() with { Latitude = 48.8566, Longitude = 2.3522 });

        Assert.False(decision.IsRefused, decision.Refusal?.Detail);
        var provisioned = Assert.IsType<SiteProvisioned>(Assert.Single(decision.Events));
        Assert.Equal(48.8566, provisioned.Definition.Latitude);
        Assert.Equal(2.3522, provisioned.Definition.Longitude);
    }

    [Fact]
    public void A_site_without_coordinates_is_provisioned_without_a_position()
    {
        var decision = Provision(TestSites.ToutInclus());

        Assert.False(decision.IsRefused, decision.Refusal?.Detail);
        Assert.Null(Assert.IsType<SiteProvisioned>(Assert.Single(decision.Events)).Definition.Latitude);
    }

    [Theory]
    [InlineData(90.0, 180.0)]
    [InlineData(-90.0, -180.0)]
    [InlineData(0.0, 0.0)]
    public void Coordinates_on_the_edges_of_their_ranges_are_accepted(double latitude, double longitude) =>
        Assert.Empty(Errors(TestSites.ToutInclus() with { Latitude = latitude, Longitude = longitude }));

    [Theory]
    [InlineData(48.85, null, "longitude")]
    [InlineData(null, 2.35, "latitude")]
    public void One_coordinate_without_the_other_is_refused_naming_the_missing_one(double? latitude, double? longitude, string missing)
    {
        var decision = Provision(TestSites.ToutInclus() with { Latitude = latitude, Longitude = longitude });

        Assert.True(decision.IsRefused);
        Assert.Empty(decision.Events);
        var refusal = Assert.Single(decision.Refusal!.Each());
        Assert.Equal(RefusalKind.InvalidField, refusal.Kind);
        Assert.Equal(RefusalCodes.SiteCoordinatesIncomplete, refusal.Code);
        Assert.Equal(missing, refusal.Field);
    }

    [Theory]
    [InlineData(90.5, 2.0, "latitude", RefusalCodes.SiteLatitudeRange)]
    [InlineData(-91.0, 2.0, "latitude", RefusalCodes.SiteLatitudeRange)]
    [InlineData(double.NaN, 2.0, "latitude", RefusalCodes.SiteLatitudeRange)]
    [InlineData(48.0, 180.01, "longitude", RefusalCodes.SiteLongitudeRange)]
    [InlineData(48.0, -200.0, "longitude", RefusalCodes.SiteLongitudeRange)]
    [InlineData(48.0, double.PositiveInfinity, "longitude", RefusalCodes.SiteLongitudeRange)]
    public void A_coordinate_out_of_its_range_is_refused_with_its_field_and_value(double latitude, double longitude, string field, string code)
    {
        var decision = Provision(TestSites.ToutInclus() with { Latitude = latitude, Longitude = longitude });

        Assert.True(decision.IsRefused);
        Assert.Empty(decision.Events);
        var refusal = Assert.Single(decision.Refusal!.Each());
        Assert.Equal(code, refusal.Code);
        Assert.Equal(field, refusal.Field);
        Assert.Single(refusal.Values);
    }

    [Fact]
    public void Both_coordinates_out_of_range_are_both_named()
    {
        var errors = Errors(TestSites.ToutInclus() with { Latitude = 100, Longitude = 200 });

        Assert.Equal(["latitude", "longitude"], errors.Select(e => e.Field));
        Assert.Equal(100m, errors[0].Values[0].Number);
    }

    private static IReadOnlyList<Refusal> Errors(SiteDefinition site) => site.Validate(TestSites.Catalogue[OfferCode.ToutInclus]);
}
