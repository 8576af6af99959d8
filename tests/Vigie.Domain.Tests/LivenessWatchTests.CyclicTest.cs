using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using static Vigie.Domain.Supervision.LivenessChangeKind;

namespace Vigie.Domain.Tests;

// This part holds the cyclic test (SUP-1): missed at period plus tolerance, once per silence, alone when paths are not polled.
public partial class LivenessWatchTests
{
    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_missing_cyclic_test_is_reported_exactly_at_period_plus_tolerance_and_polls_do_not_replace_it()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(3600), cyclicTest: true);
        var due = At(3600) + Duration.FromHours(24) + Duration.FromMinutes(30);

        var changes = Run(watch, At(3600), due - Pulse, now => Every(now, 150) ? [("S1", TransmissionKind.Ip)] : []);
        Assert.Empty(changes);
        Heard(watch, "S1", TransmissionKind.Ip, due - Tick);
        Assert.Empty(Advance(watch, due - Tick));
        Assert.Equal([new LivenessChange("S1", CyclicTestMissed, null, At(3600), due, due)], Advance(watch, due));
        Assert.True(watch.Find("S1")!.CyclicTestMissed);
        Assert.False(watch.Find("S1")!.SiteLost);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_missed_cyclic_test_is_reported_once_per_silence_and_the_next_one_resumes_it()
    {
        var watch = NewWatch();
        watch.Watch("R1", DailyTest, IpOnly, At(0));
        Heard(watch, "R1", TransmissionKind.Ip, At(60), cyclicTest: true);
        var due = At(60) + Duration.FromMinutes(24 * 60 + 30);

        Assert.Empty(Advance(watch, due - Tick));
        Assert.Single(Advance(watch, due));
        Assert.Empty(Advance(watch, due + Duration.FromDays(3)));

        var resumedAt = due + Duration.FromDays(3) + Duration.FromSeconds(1);
        Assert.Equal([new LivenessChange("R1", CyclicTestResumed, TransmissionKind.Ip, At(60), due, resumedAt)],
            Heard(watch, "R1", TransmissionKind.Ip, resumedAt, cyclicTest: true));
        Assert.Equal(resumedAt + Duration.FromMinutes(24 * 60 + 30), watch.Find("R1")!.NextDue);
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_a_site_whose_paths_are_not_polled_is_watched_by_its_cyclic_test_alone()
    {
        var watch = NewWatch();
        watch.Watch("R1", DailyTest, IpAndGsm, At(0));

        var changes = Advance(watch, At(0) + Duration.FromDays(2));

        Assert.Equal([new LivenessChange("R1", CyclicTestMissed, null, At(0), At(0) + Duration.FromMinutes(24 * 60 + 30), At(0) + Duration.FromDays(2))], changes);
        var liveness = watch.Find("R1")!;
        Assert.False(liveness.SiteLost);
        Assert.All(liveness.Paths, p => Assert.Null(p.Due));
    }
}
