using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using static Vigie.Domain.Supervision.LivenessChangeKind;

namespace Vigie.Domain.Tests;

// This part holds a site watched again with another profile or paths, unwatched or unknown, and what Find and NextDue report.
public partial class LivenessWatchTests
{
    [Fact]
    public void Unknown_sites_are_refused_and_nothing_changes()
    {
        var watch = NewWatch();
        var changes = new List<LivenessChange>();

        Assert.False(watch.Heard("nobody", TransmissionKind.Ip, true, At(0), changes));
        Assert.Empty(changes);
        Assert.Null(watch.Find("nobody"));
        Assert.Equal(0, watch.Count);
        Assert.Null(watch.NextDue);
    }

    [Fact]
    public void Watching_a_known_site_again_recomputes_its_dues_earlier_or_later_and_keeps_last_heard()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp3, IpOnly, At(0));
        watch.Watch("S2", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(10));
        Heard(watch, "S2", TransmissionKind.Ip, At(10));

        watch.Watch("S1", Sp4, IpOnly, At(60));
        watch.Watch("S2", Sp3, IpOnly, At(60));

        Assert.Equal(At(10), watch.Find("S1")!.LastHeard);
        Assert.Equal("SP4", watch.Find("S1")!.Profile);
        Assert.Empty(Advance(watch, At(190) - Tick));
        Assert.Equal([new LivenessChange("S1", SiteLost, null, At(10), At(190), At(190))], Advance(watch, At(190)));
        Assert.Empty(Advance(watch, At(1810) - Tick));
        Assert.Equal([new LivenessChange("S2", SiteLost, null, At(10), At(1810), At(1810))], Advance(watch, At(1810)));
    }

    [Fact]
    public void A_timer_the_new_profile_adds_starts_now_and_one_it_removes_drops_its_loss()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Assert.Equal(SiteLost, Assert.Single(Advance(watch, At(200))).Kind);

        watch.Watch("S1", DailyTest, IpOnly, At(300));
        Assert.False(watch.Find("S1")!.SiteLost);

        // SP4 on two paths: the IP path's own 3 min, and the site's 3 min + 2 min grace, both from now.
        watch.Watch("S1", Sp4, IpAndGsm, At(400));
        Assert.Empty(Advance(watch, At(580) - Tick));
        Assert.Equal([PathLost], Advance(watch, At(580)).Select(c => c.Kind));
        Assert.Empty(Advance(watch, At(700) - Tick));
        Assert.Equal([SiteLost], Advance(watch, At(700)).Select(c => c.Kind));
    }

    [Fact]
    public void Unwatched_sites_fire_nothing_and_their_place_is_reused()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        watch.Watch("S2", Sp4, IpOnly, At(0));

        Assert.True(watch.Unwatch("S1"));
        Assert.False(watch.Unwatch("S1"));
        Assert.False(watch.Heard("S1", TransmissionKind.Ip, false, At(10), new List<LivenessChange>()));
        watch.Watch("S3", Sp4, IpOnly, At(100));

        Assert.Equal(2, watch.Count);
        Assert.Null(watch.Find("S1"));
        Assert.Equal(["S2"], Advance(watch, At(180)).Select(c => c.SiteId));
        Assert.Equal(["S3"], Advance(watch, At(280)).Select(c => c.SiteId));
    }

    [Fact]
    public void Find_reports_paths_primary_first_with_their_last_contact_status_and_due()
    {
        var watch = NewWatch();
        watch.Watch("D1", Dp4, [new(TransmissionKind.Gsm, Primary: false), new(TransmissionKind.Ip, Primary: true)], At(0));
        Heard(watch, "D1", TransmissionKind.Gsm, At(20));

        var liveness = watch.Find("D1")!;

        Assert.Equal(new SiteLiveness("D1", "DP4", At(20), liveness.Paths, null, false, false, null, At(90)), liveness);
        Assert.Equal(
            [
                new PathLiveness(TransmissionKind.Ip, true, null, false, null, At(90)),
                new PathLiveness(TransmissionKind.Gsm, false, At(20), false, null, At(1820)),
            ],
            liveness.Paths);
        Assert.Equal(At(90), watch.NextDue);
    }

    [Fact]
    public void Next_due_is_the_earliest_deadline_in_the_wheel()
    {
        var watch = NewWatch();
        watch.Watch("R1", DailyTest, IpOnly, At(0));
        Assert.Equal(At(0) + Duration.FromMinutes(24 * 60 + 30), watch.NextDue);

        watch.Watch("S1", Sp4, IpOnly, At(5));
        Assert.Equal(At(185), watch.NextDue);
    }
}
