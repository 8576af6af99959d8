using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>SUP-4: a camera link loss informs the station; still lost 30 minutes later, the subscriber's app is notified.</summary>
public class CameraLinkTests
{
    private static SiteHarness CameraSite() => SiteHarness.Active(TestSites.ToutInclus() with { Cameras = [TestSites.Garden] });

    private static NoteCameraLink Link(bool lost, Instant at) => new("cam-1", lost, Actor.System, at);

    [Fact]
    [Trait("Rule", "SUP-4")]
    public void SUP_4_the_station_is_informed_and_the_app_notified_30_minutes_later()
    {
        var site = CameraSite();

        var lost = site.Run(Link(lost: true, Clock.T0));

        var fault = new SiteFault("camera:cam-1", AlertKind.CameraLinkLost, Clock.T0, "camera Garden (cam-1): link lost");
        Assert.Equal(new FaultRaised(fault, Clock.T0), lost.Events[0]);
        Assert.Equal(Clock.T0 + Duration.FromMinutes(30), Assert.Single(lost.Events.OfType<NoticeScheduled>()).Notice.Due);
        Assert.Empty(lost.Events.OfType<IncidentOpened>());
        Assert.Empty(site.Tick(Clock.T0 + Duration.FromSeconds(1799)).Events);

        var app = Assert.IsType<SubscriberNotified>(Assert.Single(site.Tick(Clock.T0 + Duration.FromMinutes(30)).Events));

        Assert.Equal(SubscriberNotices.CameraLinkLost, app.Notice);
        Assert.True(app.App);
        Assert.Empty(app.Sms);
        Assert.Empty(app.Emails);
        Assert.Equal("Camera Garden at 12 rue des Lilas, 69003 Lyon has not been reachable since 2026-05-04 20:00. Check its power and network connection.", app.Text);
    }

    [Fact]
    [Trait("Rule", "SUP-4")]
    public void SUP_4_a_link_back_within_30_minutes_notifies_nobody()
    {
        var site = CameraSite();
        site.Run(Link(lost: true, Clock.T0));

        var back = site.Run(Link(lost: false, Clock.T0 + Duration.FromMinutes(10)));

        Assert.Equal("back after 10 min, within the 30 min delay (SUP-4)", Assert.Single(back.Events.OfType<NoticeCancelled>()).Reason);
        Assert.Empty(site.Tick(Clock.T0 + Duration.FromMinutes(30)).Events);
        Assert.Empty(site.State.Faults);
    }

    [Fact]
    [Trait("Rule", "SUP-4")]
    public void SUP_4_a_repeated_loss_changes_nothing_and_an_unknown_camera_is_refused()
    {
        var site = CameraSite();
        site.Run(Link(lost: true, Clock.T0));

        Assert.Empty(site.Run(Link(lost: true, Clock.T0 + Duration.FromMinutes(5))).Events);
        Assert.Equal("cameraId: no camera 'cam-9' on site ti-1", site.Run(new NoteCameraLink("cam-9", true, Actor.System, Clock.T0)).Refusal?.Detail);
        Assert.Single(site.State.Notices);
    }
}
