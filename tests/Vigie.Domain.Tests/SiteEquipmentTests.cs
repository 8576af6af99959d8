using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>SITE-1, SITE-2, SITE-6, SITE-7: what a site is made of and how its alerts reach the station.</summary>
public class SiteEquipmentTests
{
    private static readonly TransmissionPath IpPrimary = new(TransmissionKind.Ip, Primary: true);
    private static readonly TransmissionPath IpBackup = new(TransmissionKind.Ip, Primary: false);
    private static readonly TransmissionPath GsmPrimary = new(TransmissionKind.Gsm, Primary: true);
    private static readonly TransmissionPath GsmBackup = new(TransmissionKind.Gsm, Primary: false);

    private static Decision<SiteEvent> Provision(SiteDefinition definition) =>
        new SiteHarness().Run(new ProvisionSite(definition, Actor.System, Clock.T0));

    [Fact]
    [Trait("Rule", "SITE-1")]
    public void SITE_1_panel_with_ip_primary_and_gsm_backup_is_provisioned()
    {
        var decision = Provision(TestSites.ToutInclus() with { Panel = new Panel("0042", [IpPrimary, GsmBackup]) });

        Assert.False(decision.IsRefused, decision.Refusal?.Detail);
        var provisioned = Assert.IsType<SiteProvisioned>(Assert.Single(decision.Events));
        Assert.Equal(Clock.T0, provisioned.At);
        Assert.True(provisioned.Definition.Panel.HasGsm);
    }

    [Fact]
    [Trait("Rule", "SITE-1")]
    public void SITE_1_gsm_alone_as_primary_is_enough_when_there_is_no_internet()
    {
        var decision = Provision(TestSites.ToutInclus() with { Panel = new Panel("0042", [GsmPrimary]) });

        Assert.False(decision.IsRefused, decision.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "SITE-1")]
    public void SITE_1_panel_without_any_transmitter_is_refused_naming_the_paths()
    {
        var decision = Provision(TestSites.ToutInclus() with { Panel = new Panel("0042", []) });

        Assert.True(decision.IsRefused);
        Assert.Empty(decision.Events);
        Assert.Contains("panel.paths: a panel needs an IP or a GSM transmitter (SITE-1)", decision.Refusal?.Detail);
    }

    [Theory]
    [Trait("Rule", "SITE-1")]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void SITE_1_exactly_one_path_is_primary(bool ipPrimary, bool gsmPrimary)
    {
        var panel = new Panel("0042", [ipPrimary ? IpPrimary : IpBackup, gsmPrimary ? GsmPrimary : GsmBackup]);

        var errors = (TestSites.ToutInclus() with { Panel = panel }).Validate(TestSites.Catalogue[OfferCode.ToutInclus]).Select(e => e.Detail);

        Assert.Equal(["panel.paths: exactly one path must be primary"], errors);
    }

    [Fact]
    [Trait("Rule", "SITE-1")]
    public void SITE_1_two_ip_transmitters_are_refused()
    {
        var panel = new Panel("0042", [IpPrimary, IpBackup]);

        var errors = (TestSites.ToutInclus() with { Panel = panel }).Validate(TestSites.Catalogue[OfferCode.ToutInclus]).Select(e => e.Detail);

        Assert.Equal(["panel.paths: one IP and one GSM transmitter at most"], errors);
    }

    [Theory]
    [Trait("Rule", "SITE-2")]
    [InlineData(DetectorKind.Smoke, true)]
    [InlineData(DetectorKind.Flood, true)]
    [InlineData(DetectorKind.CarbonMonoxide, true)]
    [InlineData(DetectorKind.Opening, false)]
    [InlineData(DetectorKind.Motion, false)]
    [InlineData(DetectorKind.MotionWithImage, false)]
    [InlineData(DetectorKind.GarageDoor, false)]
    [InlineData(DetectorKind.ExteriorImage, false)]
    [InlineData(DetectorKind.SosKey, false)]
    public void SITE_2_smoke_flood_and_CO_zones_are_domestic_risks(DetectorKind detector, bool domesticRisk)
    {
        Assert.Equal(domesticRisk, new Zone(5, "zone", detector).IsDomesticRisk);
    }

    [Fact]
    [Trait("Rule", "SITE-2")]
    public void SITE_2_every_detector_kind_of_the_seeds_exists()
    {
        Assert.Equal(
            ["Opening", "Motion", "MotionWithImage", "GarageDoor", "ExteriorImage", "Smoke", "Flood", "CarbonMonoxide", "SosKey"],
            Enum.GetNames<DetectorKind>());
    }

    [Theory]
    [Trait("Rule", "SITE-2")]
    [InlineData(AlertKind.Smoke, AlertFamily.DomesticRisk)]
    [InlineData(AlertKind.Flood, AlertFamily.DomesticRisk)]
    [InlineData(AlertKind.CarbonMonoxide, AlertFamily.DomesticRisk)]
    [InlineData(AlertKind.Sos, AlertFamily.Sos)]
    [InlineData(AlertKind.Duress, AlertFamily.Sos)]
    [InlineData(AlertKind.Intrusion, AlertFamily.Intrusion)]
    [InlineData(AlertKind.Tamper, AlertFamily.Intrusion)]
    public void SITE_2_alert_kinds_fall_in_their_family(AlertKind kind, AlertFamily family)
    {
        Assert.Equal(family, kind.Family());
    }

    [Fact]
    [Trait("Rule", "SITE-6")]
    public void SITE_6_five_cameras_on_the_video_offer_are_accepted()
    {
        var site = TestSites.Site(OfferCode.Video, "vid-1", speaker: false) with { Cameras = Cameras(5) };

        Assert.Empty(site.Validate(TestSites.Catalogue[OfferCode.Video]));
    }

    [Fact]
    [Trait("Rule", "SITE-6")]
    public void SITE_6_a_sixth_camera_on_the_video_offer_is_refused()
    {
        var site = TestSites.Site(OfferCode.Video, "vid-1", speaker: false) with { Cameras = Cameras(6) };

        var decision = Provision(site);

        Assert.True(decision.IsRefused);
        Assert.Equal("cameras: at most 5 cameras on Video surveillance (6 given)", decision.Refusal?.Detail);
    }

    private static IReadOnlyList<Camera> Cameras(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Camera($"cam-{i}", $"Camera {i}", Exterior: i % 2 == 0))];

    [Fact]
    [Trait("Rule", "SITE-7")]
    public void SITE_7_alerts_go_over_ip_while_the_box_is_up()
    {
        var panel = new Panel("0042", [IpPrimary, GsmBackup]);

        Assert.Equal(IpPrimary, panel.AlertPath(internetUp: true));
        Assert.True(panel.ImagesReachStation(internetUp: true));
    }

    [Fact]
    [Trait("Rule", "SITE-7")]
    public void SITE_7_when_the_box_fails_alerts_go_over_gsm_but_images_do_not()
    {
        var panel = new Panel("0042", [IpPrimary, GsmBackup]);

        Assert.Equal(GsmBackup, panel.AlertPath(internetUp: false));
        Assert.False(panel.ImagesReachStation(internetUp: false));
    }

    [Fact]
    [Trait("Rule", "SITE-7")]
    public void SITE_7_without_gsm_the_station_cannot_monitor_the_site_while_the_box_is_down()
    {
        var panel = new Panel("0042", [IpPrimary]);

        Assert.Null(panel.AlertPath(internetUp: false));
        Assert.False(panel.ImagesReachStation(internetUp: false));
        Assert.Equal(IpPrimary, panel.AlertPath(internetUp: true));
    }

    [Fact]
    [Trait("Rule", "SITE-7")]
    public void SITE_7_a_panel_with_gsm_as_primary_path_sends_alerts_over_gsm_even_with_a_box()
    {
        var panel = new Panel("0042", [GsmPrimary, new TransmissionPath(TransmissionKind.Ip, Primary: false)]);

        Assert.Equal(GsmPrimary, panel.AlertPath(internetUp: true));
        Assert.True(panel.ImagesReachStation(internetUp: true));
    }

    [Fact]
    [Trait("Rule", "SITE-7")]
    public void SITE_7_gsm_only_panel_sends_alerts_whatever_the_box_and_never_images()
    {
        var panel = new Panel("0042", [GsmPrimary]);

        Assert.Equal(GsmPrimary, panel.AlertPath(internetUp: true));
        Assert.Equal(GsmPrimary, panel.AlertPath(internetUp: false));
        Assert.False(panel.ImagesReachStation(internetUp: true));
    }

    [Fact]
    public void Provisioning_twice_is_refused()
    {
        var site = SiteHarness.Provisioned(TestSites.ToutInclus());

        var again = site.Run(new ProvisionSite(TestSites.ToutInclus(), Actor.System, Clock.T0 + Duration.FromDays(1)));

        Assert.Equal("site ti-1 is already provisioned", again.Refusal?.Detail);
    }
}
