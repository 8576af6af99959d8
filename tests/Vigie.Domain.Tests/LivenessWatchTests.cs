using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;
using static Vigie.Domain.Supervision.LivenessChangeKind;

namespace Vigie.Domain.Tests;

/// <summary>
/// The liveness watch of a partition: path, site and cyclic-test (SUP-1) deadlines, restorations, restart grace and
/// the snapshot. Every deadline is asserted to the instant, with the instant just before it as a counter-check.
/// </summary>
// This part holds the shared profiles and helpers, and losses and restorations of single- and dual-path sites.
public partial class LivenessWatchTests
{
    private static readonly Duration Pulse = Duration.FromMilliseconds(250);
    private static readonly Duration Tick = Duration.Epsilon * 100;
    private static readonly SupervisionProfile Sp3 = Preset("SP3");
    private static readonly SupervisionProfile Sp4 = Preset("SP4");
    private static readonly SupervisionProfile Dp4 = Preset("DP4");
    private static readonly SupervisionProfile DailyTest = SupervisionProfiles.DailyTest;
    private static readonly TransmissionPath[] IpOnly = [new(TransmissionKind.Ip, Primary: true)];
    private static readonly TransmissionPath[] IpAndGsm = [new(TransmissionKind.Ip, Primary: true), new(TransmissionKind.Gsm, Primary: false)];

    private static SupervisionProfile Preset(string name) => SupervisionProfiles.Presets.Single(p => p.Name == name);

    private static Instant At(double seconds) => Clock.Seconds(seconds);

    private static LivenessWatch NewWatch() => new(Pulse);

    private static List<LivenessChange> Advance(LivenessWatch watch, Instant now)
    {
        var changes = new List<LivenessChange>();
        watch.Advance(now, changes);
        return changes;
    }

    private static List<LivenessChange> Heard(LivenessWatch watch, string site, TransmissionKind path, Instant at, bool cyclicTest = false)
    {
        var changes = new List<LivenessChange>();
        Assert.True(watch.Heard(site, path, cyclicTest, at, changes));
        return changes;
    }

    /// <summary>Advances pulse by pulse, feeding the messages due on the way; returns every change in order.</summary>
    private static List<LivenessChange> Run(LivenessWatch watch, Instant from, Instant to, Func<Instant, IEnumerable<(string Site, TransmissionKind Path)>> messages)
    {
        var changes = new List<LivenessChange>();
        for (var now = from; now <= to; now += Pulse)
        {
            foreach (var (site, path) in messages(now))
            {
                watch.Heard(site, path, false, now, changes);
            }
            watch.Advance(now, changes);
        }
        return changes;
    }

    private static bool Every(Instant now, double seconds) => (now - Clock.T0).BclCompatibleTicks % Duration.FromSeconds(seconds).BclCompatibleTicks == 0;

    [Fact]
    public void A_single_path_site_silent_past_its_deadline_is_lost_once_and_its_next_message_restores_it()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(60));

        Assert.Empty(Advance(watch, At(240) - Tick));
        Assert.Equal([new LivenessChange("S1", SiteLost, null, At(60), At(240), At(240))], Advance(watch, At(240)));
        Assert.Empty(Advance(watch, At(3000)));

        Assert.Equal([new LivenessChange("S1", SiteRestored, TransmissionKind.Ip, At(60), At(240), At(3100))], Heard(watch, "S1", TransmissionKind.Ip, At(3100)));
        Assert.Empty(Advance(watch, At(3280) - Tick));
        Assert.Equal([new LivenessChange("S1", SiteLost, null, At(3100), At(3280), At(3280))], Advance(watch, At(3280)));
    }

    [Fact]
    public void A_new_site_gets_one_full_interval_before_it_can_be_lost()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(1000));

        Assert.Empty(Advance(watch, At(1180) - Tick));
        var lost = Assert.Single(Advance(watch, At(1180)));
        Assert.Equal(new LivenessChange("S1", SiteLost, null, At(1000), At(1180), At(1180)), lost);
        Assert.Null(watch.Find("S1")!.LastHeard);
    }

    [Fact]
    public void A_lateness_is_bounded_by_the_pulse_not_the_slot_a_deadline_fires_at_the_first_advance_reaching_it()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(0.1));

        Assert.Empty(Advance(watch, At(180)));
        Assert.Equal(At(180.1), Assert.Single(Advance(watch, At(181.7))).Due);
    }

    [Fact]
    public void Dual_path_primary_silent_while_gsm_keeps_reporting_gives_path_lost_only()
    {
        var watch = NewWatch();
        watch.Watch("D1", Dp4, IpAndGsm, At(0));

        var changes = Run(watch, At(0), At(3600), now => Every(now, 60) ? [("D1", TransmissionKind.Gsm)] : []);

        Assert.Equal([new LivenessChange("D1", PathLost, TransmissionKind.Ip, At(0), At(90), At(90))], changes);
        var liveness = watch.Find("D1")!;
        Assert.False(liveness.SiteLost);
        Assert.Equal([true, false], liveness.Paths.Select(p => p.Lost));
    }

    [Fact]
    public void Dual_path_site_is_lost_only_after_the_primary_deadline_plus_the_failover_grace()
    {
        var watch = NewWatch();
        watch.Watch("D1", Dp4, IpAndGsm, At(0));
        Heard(watch, "D1", TransmissionKind.Ip, At(10));

        Assert.Empty(Advance(watch, At(100) - Tick));
        Assert.Equal([new LivenessChange("D1", PathLost, TransmissionKind.Ip, At(10), At(100), At(100))], Advance(watch, At(100)));
        // 90 s primary deadline + 2 min failover grace after the last message on any path.
        Assert.Empty(Advance(watch, At(220) - Tick));
        Assert.Equal([new LivenessChange("D1", SiteLost, null, At(10), At(220), At(220))], Advance(watch, At(220)));
        // The GSM path's own deadline (30 min) runs from the watch start: it was never heard.
        Assert.Empty(Advance(watch, At(1800) - Tick));
        Assert.Equal([new LivenessChange("D1", PathLost, TransmissionKind.Gsm, At(0), At(1800), At(1800))], Advance(watch, At(1800)));
    }

    [Fact]
    public void A_path_restoration_carries_the_last_message_before_the_silence_when_the_loss_began_and_the_message_time()
    {
        var watch = NewWatch();
        watch.Watch("D1", Dp4, IpAndGsm, At(0));
        Heard(watch, "D1", TransmissionKind.Ip, At(30));
        Heard(watch, "D1", TransmissionKind.Gsm, At(100));
        Assert.Equal([PathLost], Advance(watch, At(125)).Select(c => c.Kind));

        var restored = Heard(watch, "D1", TransmissionKind.Ip, At(200));

        Assert.Equal([new LivenessChange("D1", PathRestored, TransmissionKind.Ip, At(30), At(120), At(200))], restored);
        var ip = watch.Find("D1")!.Paths[0];
        Assert.Equal(new PathLiveness(TransmissionKind.Ip, true, At(200), false, null, At(290)), ip);
    }

    [Fact]
    public void A_site_restoration_after_a_dual_path_loss_restores_the_path_it_came_by_and_the_site()
    {
        var watch = NewWatch();
        watch.Watch("D1", Dp4, IpAndGsm, At(0));
        Assert.Equal([PathLost, SiteLost], Advance(watch, At(300)).Select(c => c.Kind));

        var changes = Heard(watch, "D1", TransmissionKind.Gsm, At(400));

        Assert.Equal([new LivenessChange("D1", SiteRestored, TransmissionKind.Gsm, At(0), At(210), At(400))], changes);
        var liveness = watch.Find("D1")!;
        Assert.False(liveness.SiteLost);
        Assert.True(liveness.Paths[0].Lost);
        Assert.Equal(At(90), liveness.Paths[0].LostSince);
        Assert.Equal(At(400), liveness.Paths[1].LastHeard);
        Assert.Equal(At(610), liveness.NextDue);
    }

    [Fact]
    public void Messages_out_of_order_never_move_last_heard_back_nor_restore_a_loss()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(100));
        Heard(watch, "S1", TransmissionKind.Ip, At(50));

        Assert.Equal(At(100), watch.Find("S1")!.LastHeard);
        Assert.Empty(Advance(watch, At(280) - Tick));
        Assert.Equal(At(100), Assert.Single(Advance(watch, At(280))).LastHeard);

        Assert.Empty(Heard(watch, "S1", TransmissionKind.Ip, At(90)));
        Assert.True(watch.Find("S1")!.SiteLost);
    }

    [Fact]
    public void A_message_on_a_path_the_site_does_not_declare_still_proves_the_site_alive()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Gsm, At(100));

        Assert.Empty(Advance(watch, At(280) - Tick));
        Assert.Equal(SiteLost, Assert.Single(Advance(watch, At(280))).Kind);
        Assert.Single(watch.Find("S1")!.Paths);
    }

    [Fact]
    public void A_loss_the_site_still_holds_is_marked_lost_again_and_the_next_message_restores_it()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Assert.True(watch.MarkLost("S1", SiteLost, null, At(60)));
        Assert.False(watch.MarkLost("S1", SiteLost, null, At(61))); // already lost
        Assert.False(watch.MarkLost("S1", PathLost, TransmissionKind.Gsm, At(61))); // no GSM path
        Assert.False(watch.MarkLost("S9", SiteLost, null, At(61)));
        Assert.True(watch.Find("S1")!.SiteLost);
        Assert.Empty(Advance(watch, At(3600))); // lost already: nothing fires again

        var back = Assert.Single(Heard(watch, "S1", TransmissionKind.Ip, At(3700)));
        Assert.Equal(SiteRestored, back.Kind);
        Assert.Equal(At(60), back.Due);
        Assert.Equal(At(3700), back.At);
        Assert.False(watch.Find("S1")!.SiteLost);
    }
}
