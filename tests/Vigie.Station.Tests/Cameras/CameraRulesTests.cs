using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Vigie.Station.Cameras;

namespace Vigie.Station.Tests.Cameras;

/// <summary>The cameras' pure parts: the link's back-off and reports, the ring's segment choice, the live view's end (VID-9).</summary>
public sealed class CameraRulesTests
{
    private static readonly Instant Noon = Instant.FromUtc(2026, 12, 3, 12, 0);

    [Fact]
    public void A_failing_camera_waits_twice_as_long_at_each_attempt_up_to_the_maximum_and_starts_over_once_video_flows()
    {
        var state = CameraLinkState.Initial;
        var delays = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            (state, var delay) = state.Failed(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
            delays.Add(delay.TotalSeconds);
        }
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
        (state, _) = state.SegmentArrived();
        Assert.Equal(1, state.Failed(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)).Delay.TotalSeconds);
    }

    [Fact]
    public void A_loss_is_reported_once_per_outage_and_the_first_video_after_it_reports_the_link_restored()
    {
        var state = CameraLinkState.Initial;
        Assert.True(state.ReportsLoss);
        (state, var restored) = state.SegmentArrived();
        Assert.False(restored);
        Assert.True(state.ReportsLoss);
        (state, _) = state.Failed(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.False(state.ReportsLoss);
        (state, _) = state.Failed(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.False(state.ReportsLoss);
        (state, restored) = state.SegmentArrived();
        Assert.True(restored);
        Assert.True(state.Up);
    }

    [Fact]
    public void A_clip_takes_every_segment_that_holds_part_of_the_preroll_and_postroll_and_no_other()
    {
        var segments = Enumerable.Range(0, 40).Select(i => new RingSegment($"s{i}", Noon + Duration.FromSeconds(i), Noon + Duration.FromSeconds(i + 1))).ToList();
        var detection = Noon + Duration.FromSeconds(20.5);
        var chosen = RingBuffer.Covering(segments, detection - Duration.FromSeconds(10), detection + Duration.FromSeconds(5));
        Assert.Equal("s10", chosen[0].File);
        Assert.Equal("s25", chosen[^1].File);
        Assert.Equal(16, chosen.Count);
    }

    [Fact]
    public void The_ring_places_segments_on_the_clock_by_the_least_delayed_sighting_and_a_wrapped_name_replaces_its_older_video()
    {
        var ring = new RingBuffer();
        Assert.Equal(2, ring.Observe(1, "/ring", ["r1-000.ts,0.000000,1.000000", "r1-001.ts,1.000000,2.000000"], Noon + Duration.FromSeconds(2.3)));
        Assert.Equal(1, ring.Observe(1, "/ring", ["r1-001.ts,1.000000,2.000000", "r1-002.ts,2.000000,3.000000"], Noon + Duration.FromSeconds(3.1)));
        Assert.Equal(Noon + Duration.FromSeconds(0.1), ring.Segments()[0].Start);
        Assert.Equal(1, ring.Observe(1, "/ring", ["r1-000.ts,3.000000,4.000000"], Noon + Duration.FromSeconds(4.1)));
        Assert.Equal(["/ring/r1-001.ts", "/ring/r1-002.ts", "/ring/r1-000.ts"], ring.Segments().Select(s => s.File));
        Assert.Equal(Noon + Duration.FromSeconds(4.1), ring.LatestEnd);
    }

    [Fact]
    [Trait("Rule", "VID-9")]
    public void A_live_view_is_over_ten_minutes_after_it_opened_and_not_before()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var view = LiveViewSession.Open("S1", 1, now, Duration.FromMinutes(new CameraOptions().LiveViewMinutes));
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.False(view.IsOver(Instant.FromDateTimeOffset(time.GetUtcNow())));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(view.IsOver(Instant.FromDateTimeOffset(time.GetUtcNow())));
    }

    [Fact]
    public void A_wrong_camera_setting_is_refused_naming_it_without_repeating_the_url_that_may_hold_a_password()
    {
        var options = new CameraOptions
        {
            PrerollSeconds = -1,
            Sources = [new CameraSource { Site = "S1", Camera = 1, RtspUrl = "http://admin:s3cret@192.0.2.7/" }, new CameraSource { Site = "S1", Camera = 1, RtspUrl = "rtsp://192.0.2.8/" }],
        };
        var errors = options.Validate();
        Assert.Contains("Cameras:PrerollSeconds: 0 to 600", errors);
        Assert.Contains("Cameras:Sources:0:RtspUrl: an rtsp:// or rtsps:// URL", errors);
        Assert.Contains("Cameras:Sources: a site's camera number appears twice", errors);
        Assert.DoesNotContain(errors, e => e.Contains("s3cret", StringComparison.Ordinal));
        Assert.Empty(new CameraOptions().Validate());
    }

    [Fact]
    public void A_camera_password_in_ffmpeg_output_is_removed_before_anyone_reads_it()
    {
        var line = FfmpegProcess.Redact("rtsp://admin:s3cret@192.0.2.7:554/stream1: Connection refused");
        Assert.DoesNotContain("s3cret", line);
        Assert.Equal("rtsp://***@192.0.2.7:554/stream1: Connection refused", line);
    }
}
