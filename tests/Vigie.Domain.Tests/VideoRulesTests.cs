using System.Text.Json;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;
using Vigie.Domain.Video;

namespace Vigie.Domain.Tests;

/// <summary>The video rules of the contracts (VID-3, VID-4, VID-8, VID-11), pure.</summary>
public class VideoRulesTests
{
    private static readonly Camera Interior = new("cam-in", "Salon", Exterior: false);
    private static readonly Camera Exterior = new("cam-out", "Jardin", Exterior: true);
    private static readonly Actor Owner = Actor.Subscriber("sub-1");

    [Fact]
    [Trait("Rule", "VID-3")]
    public void VID_3_disarmed_every_camera_only_records_a_clip_at_a_trigger()
    {
        Assert.Equal(new CameraDuty(ClipAtTrigger: true, Watching: false, ReferencePhotoAtArming: false), VideoRules.Duty(ArmingMode.Disarmed, Interior));
        Assert.Equal(new CameraDuty(ClipAtTrigger: true, Watching: false, ReferencePhotoAtArming: false), VideoRules.Duty(ArmingMode.Disarmed, Exterior));
    }

    [Fact]
    [Trait("Rule", "VID-3")]
    public void VID_3_partial_arming_opens_the_exterior_camera_as_in_total_and_leaves_the_interior_one_to_triggers()
    {
        Assert.False(VideoRules.Duty(ArmingMode.Partial, Interior).Watching);
        Assert.True(VideoRules.Duty(ArmingMode.Partial, Interior).ClipAtTrigger);
        Assert.Equal(VideoRules.Duty(ArmingMode.Total, Exterior), VideoRules.Duty(ArmingMode.Partial, Exterior));
    }

    [Fact]
    [Trait("Rule", "VID-3")]
    public void VID_3_total_arming_opens_every_camera_with_a_reference_photo()
    {
        Assert.All([Interior, Exterior], camera =>
            Assert.Equal(new CameraDuty(ClipAtTrigger: true, Watching: true, ReferencePhotoAtArming: true), VideoRules.Duty(ArmingMode.Total, camera)));
    }

    [Theory]
    [Trait("Rule", "VID-4")]
    [InlineData(ArmingMode.Disarmed, MediumOrigin.IntrusionDetection, RefusalCodes.VideoSiteDisarmed)]
    [InlineData(ArmingMode.Disarmed, MediumOrigin.NoDetection, RefusalCodes.VideoSiteDisarmed)]
    [InlineData(ArmingMode.Total, MediumOrigin.NoDetection, RefusalCodes.VideoNotIntrusion)]
    [InlineData(ArmingMode.Partial, MediumOrigin.OtherDetection, RefusalCodes.VideoNotIntrusion)]
    [InlineData(ArmingMode.Total, MediumOrigin.IntrusionDetection, null)]
    [InlineData(ArmingMode.Partial, MediumOrigin.IntrusionDetection, null)]
    public void VID_4_the_station_sees_video_only_while_armed_and_only_an_intrusion_detections(ArmingMode mode, MediumOrigin origin, string? refused)
    {
        var refusal = VideoRules.StationMaySee(mode, origin);

        Assert.Equal(refused, refusal?.Code);
        Assert.True(refusal is null || refusal.Kind == RefusalKind.Forbidden);
    }

    [Fact]
    [Trait("Rule", "VID-8")]
    public void VID_8_privacy_mode_refuses_live_view_to_everyone_until_the_subscriber_turns_it_off()
    {
        var site = SiteHarness.Active(TestSites.ProVideo());
        site.Receive(PanelSignals.Sia("Nri1/CL005"), Clock.T0);
        Assert.Null(VideoRules.LiveView(site.State, byStation: true));

        Assert.False(site.Run(new SetPrivacyMode(true, Owner, Clock.T0)).IsRefused);

        Assert.Equal(RefusalCodes.VideoPrivacyMode, VideoRules.LiveView(site.State, byStation: true)?.Code);
        Assert.Equal(RefusalCodes.VideoPrivacyMode, VideoRules.LiveView(site.State, byStation: false)?.Code);
        Assert.Single(site.Log.OfType<PrivacyModeChanged>(), e => e.On);

        site.Run(new SetPrivacyMode(false, Owner, Clock.Seconds(60)));

        Assert.Null(VideoRules.LiveView(site.State, byStation: false));
        Assert.Null(VideoRules.LiveView(site.State, byStation: true));
    }

    [Fact]
    [Trait("Rule", "VID-8")]
    [Trait("Rule", "VID-4")]
    public void VID_8_without_privacy_mode_the_station_still_sees_no_live_view_of_a_disarmed_site()
    {
        var site = SiteHarness.Active(TestSites.ProVideo());

        Assert.Null(VideoRules.LiveView(site.State, byStation: false));
        Assert.Equal(RefusalCodes.VideoSiteDisarmed, VideoRules.LiveView(site.State, byStation: true)?.Code);
    }

    [Fact]
    [Trait("Rule", "VID-8")]
    public void VID_8_privacy_mode_needs_a_camera_and_setting_it_twice_records_it_once()
    {
        Assert.Equal(RefusalCodes.SiteNoCamera, SiteHarness.Active(TestSites.ToutInclus()).Run(new SetPrivacyMode(true, Owner, Clock.T0)).Refusal?.Code);

        var site = SiteHarness.Active(TestSites.ProVideo());
        site.Run(new SetPrivacyMode(true, Owner, Clock.T0));
        Assert.Empty(site.Run(new SetPrivacyMode(true, Owner, Clock.Seconds(1))).Events);
    }

    /// <summary>Weekdays 08:00-19:00 in the site's local time (Paris).</summary>
    private static DetectionSchedule OfficeHours() => new(
        [.. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .Select(d => new DetectionWindow(d, new LocalTime(8, 0), new LocalTime(19, 0)))]);

    private static Station ProVideoWithSchedule()
    {
        var station = new Station(TestSites.ProVideo());
        station.Run(new SetActivityDetection(true, Owner, Clock.T0 - Duration.FromDays(2)));
        Assert.False(station.Run(new SetDetectionSchedule(OfficeHours(), Owner, Clock.T0 - Duration.FromDays(2))).IsRefused);
        return station;
    }

    [Fact]
    [Trait("Rule", "VID-11")]
    public void VID_11_a_camera_alert_inside_the_schedule_reaches_the_station()
    {
        var station = ProVideoWithSchedule();

        // Tuesday 10:00 in Paris: inside the window.
        station.Run(new NoteCameraLink("cam-2", true, Actor.System, Clock.Local(2026, 5, 5, 10, 0)));

        Assert.Single(station.Incidents);
    }

    [Fact]
    [Trait("Rule", "VID-11")]
    public void VID_11_outside_the_schedule_activity_detection_is_off_and_no_alert_reaches_the_station()
    {
        var station = ProVideoWithSchedule();

        // Tuesday 21:00 in Paris (19:00 UTC): the switch is on, the schedule's window has closed.
        station.Run(new NoteCameraLink("cam-2", true, Actor.System, Clock.Local(2026, 5, 5, 21, 0)));

        Assert.Empty(station.Incidents);
        Assert.True(station.Site.State.Faults.ContainsKey("camera:cam-2"));
        Assert.False(VideoRules.DetectionActive(station.Site.State, TestSites.ProVideo(), Clock.Local(2026, 5, 9, 10, 0))); // Saturday
        Assert.True(VideoRules.DetectionActive(station.Site.State, TestSites.ProVideo(), Clock.Local(2026, 5, 8, 18, 59))); // Friday
    }

    [Fact]
    [Trait("Rule", "VID-11")]
    public void VID_11_removing_the_schedule_leaves_detection_to_its_switch()
    {
        var station = ProVideoWithSchedule();
        station.Run(new SetDetectionSchedule(null, Owner, Clock.T0));

        station.Run(new NoteCameraLink("cam-2", true, Actor.System, Clock.Local(2026, 5, 5, 21, 0)));

        Assert.Single(station.Incidents);
        Assert.Single(station.Site.Log.OfType<DetectionScheduleChanged>(), e => e.Schedule is null);
    }

    [Fact]
    [Trait("Rule", "VID-11")]
    public void VID_11_a_bad_schedule_is_refused_naming_each_window_at_fault_and_the_stored_one_is_kept()
    {
        var station = ProVideoWithSchedule();
        var bad = new DetectionSchedule([
            new DetectionWindow(IsoDayOfWeek.Monday, new LocalTime(8, 0), new LocalTime(19, 0)),
            new DetectionWindow(IsoDayOfWeek.Tuesday, new LocalTime(22, 0), new LocalTime(6, 0)),
        ]);

        var refused = station.Run(new SetDetectionSchedule(bad, Owner, Clock.T0)).Refusal;

        Assert.Equal(RefusalKind.InvalidField, refused?.Kind);
        Assert.Contains(refused!.Each(), p => p.Field == "windows[1].to" && p.Code == RefusalCodes.DetectionScheduleOrder);
        Assert.DoesNotContain(refused.Each(), p => p.Field == "windows[0].to");
        Assert.Equal(5, station.Site.State.DetectionSchedule?.Windows.Count);
        Assert.Equal(RefusalCodes.DetectionScheduleEmpty,
            station.Run(new SetDetectionSchedule(new DetectionSchedule([]), Owner, Clock.T0)).Refusal?.Code);
    }

    [Fact]
    [Trait("Rule", "VID-11")]
    public void VID_11_a_window_ending_at_midnight_covers_the_evening_and_the_schedule_survives_the_log()
    {
        var evening = new DetectionSchedule([new DetectionWindow(IsoDayOfWeek.Monday, new LocalTime(20, 0), LocalTime.Midnight)]);
        Assert.Empty(evening.Validate());
        Assert.True(evening.Covers(Clock.Local(2026, 5, 4, 23, 59), Clock.Paris));
        Assert.False(evening.Covers(Clock.Local(2026, 5, 5, 0, 0), Clock.Paris));

        SiteEvent stored = new DetectionScheduleChanged(evening, Clock.T0);
        var json = JsonSerializer.Serialize(stored, DomainJson.Options);
        Assert.Contains("\"20:00\"", json, StringComparison.Ordinal);
        Assert.Equal(stored, JsonSerializer.Deserialize<SiteEvent>(json, DomainJson.Options));
    }
}
