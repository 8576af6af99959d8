using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// SUP-5: pro video with activity detection on: a link loss makes the station call the client between 08:00 and 20:00;
/// cause found → closed; otherwise the client retries, then after-sales; unreachable → the second alert makes the request.
/// </summary>
public class ProVideoLinkTests
{
    private static readonly Instant Morning = Clock.Local(2026, 5, 5, 10, 0);

    private static Station ProVideo(bool activityDetection = true)
    {
        var station = new Station(TestSites.ProVideo());
        if (activityDetection)
        {
            station.Run(new SetActivityDetection(true, Actor.Subscriber("sub-1"), Clock.T0 - Duration.FromHours(1)));
        }
        return station;
    }

    private static Decision<SiteEvent> Link(Station station, bool lost, Instant at) => station.Run(new NoteCameraLink("cam-2", lost, Actor.System, at));

    private static IncidentHarness LinkLoss(Station station)
    {
        Link(station, lost: true, Clock.T0);
        return station.Incident(AlertFamily.VideoLink);
    }

    [Fact]
    [Trait("Rule", "SUP-5")]
    public void SUP_5_with_activity_detection_on_a_link_loss_opens_a_video_link_incident()
    {
        var station = ProVideo();

        var incident = LinkLoss(station);

        Assert.Equal(ProcedureKind.VideoLinkLoss, incident.Brief.Procedure);
        Assert.Equal(AlertKind.CameraLinkLost, incident.Brief.Kind);
        Assert.Equal("camera Shop floor (cam-2): link lost", incident.Brief.FaultSummary);
        Assert.Equal(1, incident.State.LinkLossAlerts);
        Assert.Single(station.Site.Log.OfType<NoticeScheduled>()); // SUP-4 holds as well
    }

    [Fact]
    [Trait("Rule", "SUP-5")]
    [Trait("Rule", "VID-11")]
    public void SUP_5_without_activity_detection_there_is_no_incident()
    {
        var station = ProVideo(activityDetection: false);

        Link(station, lost: true, Clock.T0);

        Assert.Empty(station.Incidents);
        Assert.True(station.Site.State.Faults.ContainsKey("camera:cam-2"));
    }

    [Fact]
    [Trait("Rule", "VID-11")]
    public void VID_11_activity_detection_needs_a_camera()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        Assert.Equal("activityDetection: the site has no camera (VID-11)", site.Run(new SetActivityDetection(true, Actor.Subscriber("sub-1"), Clock.T0)).Refusal?.Detail);
    }

    [Theory]
    [Trait("Rule", "SUP-5")]
    [InlineData(7, 59, "the client is called between 08:00 and 20:00 (Europe/Paris); it is 07:59 (SUP-5)")]
    [InlineData(8, 0, null)]
    [InlineData(19, 59, null)]
    [InlineData(20, 0, "the client is called between 08:00 and 20:00 (Europe/Paris); it is 20:00 (SUP-5)")]
    public void SUP_5_the_client_is_called_between_08_00_and_20_00_Paris(int hour, int minute, string? reason)
    {
        var incident = LinkLoss(ProVideo());

        var call = incident.Run(new CallClientAboutLink(LinkCallOutcome.NotFound, Actors.Operator, Clock.Local(2026, 5, 5, hour, minute)));

        Assert.Equal(reason, call.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "SUP-5")]
    public void SUP_5_cause_found_closes_the_incident()
    {
        var station = ProVideo();
        var incident = LinkLoss(station);

        incident.Do(new CallClientAboutLink(LinkCallOutcome.CauseFound, Actors.Operator, Morning));

        var closed = incident.Single<IncidentClosed>();
        Assert.Equal(Classification.Technical, closed.Classification);
        Assert.Equal("cause of the link loss found with the client", closed.Outcome);
        Assert.Empty(station.Site.State.OpenIncidents);
    }

    [Fact]
    [Trait("Rule", "SUP-5")]
    public void SUP_5_no_cause_found_the_client_retries_then_the_after_sales_request_is_made()
    {
        var incident = LinkLoss(ProVideo());

        var tooEarly = incident.Run(new RequestAfterSales("camera offline", Actors.Operator, Morning));
        incident.Do(new CallClientAboutLink(LinkCallOutcome.NotFound, Actors.Operator, Morning));
        incident.Do(new RequestAfterSales("camera offline after the client's reboot", Actors.Operator, Morning + Duration.FromHours(1)));

        Assert.Equal("call the client first (SUP-5)", tooEarly.Refusal?.Detail);
        Assert.Equal(new AfterSalesRequested("camera offline after the client's reboot", false, Morning + Duration.FromHours(1)), incident.Single<AfterSalesRequested>());
        Assert.Equal("after-sales request sent to the provider", incident.Single<IncidentClosed>().Outcome);
    }

    [Fact]
    [Trait("Rule", "SUP-5")]
    public void SUP_5_client_unreachable_the_second_link_loss_alert_makes_the_request()
    {
        var station = ProVideo();
        var incident = LinkLoss(station);
        incident.Do(new CallClientAboutLink(LinkCallOutcome.Unreachable, Actors.Operator, Morning));

        var byHand = incident.Run(new RequestAfterSales("x", Actors.Operator, Morning));
        Link(station, lost: false, Morning + Duration.FromMinutes(5));
        Assert.True(incident.State.IsOpen); // the link coming back does not end the procedure
        var second = Link(station, lost: true, Morning + Duration.FromMinutes(40));

        Assert.Equal("the client was unreachable: the request goes with the second link-loss alert (SUP-5)", byHand.Refusal?.Detail);
        Assert.Single(second.Events.OfType<FaultJoinedIncident>());
        var request = incident.Single<AfterSalesRequested>();
        Assert.True(request.Automatic);
        Assert.Equal("second link-loss alert (client unreachable): camera Shop floor (cam-2): link lost", request.Notes);
        // The same, typed for the timeline in the reader's language.
        Assert.Equal(Step.Of("AfterSales.SecondAlert", Step.Of("AfterSales.Unreachable"), Step.Of("Fault.CameraLinkLost", "Shop floor", "cam-2")), request.Why);
        Assert.Equal(2, incident.State.LinkLossAlerts);
        Assert.False(incident.State.IsOpen);
        Assert.Empty(station.Site.State.OpenIncidents);
    }
}
