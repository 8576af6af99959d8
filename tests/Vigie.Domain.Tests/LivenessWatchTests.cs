using System.Buffers;
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
public class LivenessWatchTests
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
    public void Polls_and_advances_without_a_change_allocate_nothing()
    {
        var watch = NewWatch();
        var ids = Enumerable.Range(0, 100).Select(s => $"S{s}").ToArray();
        foreach (var id in ids)
        {
            watch.Watch(id, Dp4, IpAndGsm, At(0));
        }
        var changes = new List<LivenessChange>();
        void Pulse(int step)
        {
            foreach (var id in ids)
            {
                watch.Heard(id, step % 2 == 0 ? TransmissionKind.Ip : TransmissionKind.Gsm, step % 100 == 0, At(step), changes);
            }
            watch.Advance(At(step), changes);
        }
        for (var step = 0; step < 200; step++)
        {
            Pulse(step);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var step = 200; step < 2000; step++)
        {
            Pulse(step);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(changes);
    }

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

    [Fact]
    public void A_jump_of_days_fires_every_deadline_once_including_those_further_than_one_revolution()
    {
        var watch = NewWatch();
        // One site every 250 ms over more than a revolution: every slot of the wheel holds a due.
        for (var s = 0; s < 5000; s++)
        {
            watch.Watch($"S{s:D4}", s % 2 == 0 ? Sp4 : DailyTest, IpOnly, At(s * 0.25));
        }

        var changes = Advance(watch, At(0) + Duration.FromDays(10));

        Assert.Equal(2500, changes.Count(c => c.Kind == SiteLost));
        Assert.Equal(5000, changes.Count(c => c.Kind == CyclicTestMissed));
        Assert.Equal(changes.OrderBy(c => c.Due).ThenBy(c => c.SiteId, StringComparer.Ordinal), changes);
        Assert.Empty(Advance(watch, At(0) + Duration.FromDays(20)));
    }

    [Fact]
    public void Jumps_just_under_and_over_one_revolution_miss_no_deadline_and_fire_none_early()
    {
        var revolution = Pulse * LivenessWatch.DefaultSlots;
        foreach (var jump in new[] { revolution - Pulse, revolution, revolution + Pulse, revolution * 3 + Duration.FromMilliseconds(100) })
        {
            var watch = NewWatch();
            // Dues spread over 30 h: several revolutions ahead of the cursor.
            for (var s = 0; s < 200; s++)
            {
                watch.Watch($"R{s:D3}", DailyTest with { CyclicTest = Duration.FromMinutes(5 + 9 * s) }, IpOnly, At(0));
            }
            var fired = new List<LivenessChange>();
            var now = At(0);
            while (fired.Count < 200 && now < At(0) + Duration.FromDays(3))
            {
                now += jump;
                var changes = Advance(watch, now);
                Assert.All(changes, c => Assert.True(c.Due <= now && c.Due > now - jump, $"{c.SiteId} due {c.Due} reported at {now}"));
                fired.AddRange(changes);
            }
            Assert.Equal(200, fired.Select(c => c.SiteId).Distinct().Count());
        }
    }

    [Fact]
    public void Many_sites_due_in_one_slot_fire_together_in_site_order_and_those_not_yet_due_stay()
    {
        var watch = NewWatch();
        for (var s = 9999; s >= 0; s--)
        {
            watch.Watch($"S{s:D5}", Sp4, IpOnly, At(0));
        }
        watch.Watch("LATER", Sp4, IpOnly, At(0.2));

        var changes = Advance(watch, At(180));

        Assert.Equal(10_000, changes.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(s => $"S{s:D5}"), changes.Select(c => c.SiteId));
        Assert.All(changes, c => Assert.Equal(At(180), c.Due));
        Assert.Equal(["LATER"], Advance(watch, At(180.2)).Select(c => c.SiteId));
    }

    [Fact]
    public void Losses_come_in_due_then_site_order_whatever_the_order_sites_were_watched_in()
    {
        var ids = Enumerable.Range(0, 300).Select(s => $"S{s:D3}").ToArray();
        List<LivenessChange> RunIn(IEnumerable<string> order)
        {
            var watch = NewWatch();
            foreach (var id in order)
            {
                var n = int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);
                watch.Watch(id, n % 3 == 0 ? Dp4 : Sp4, n % 3 == 0 ? IpAndGsm : IpOnly, At(n % 7));
            }
            return Advance(watch, At(0) + Duration.FromHours(1));
        }

        var forward = RunIn(ids);
        var shuffled = RunIn(ids.OrderBy(id => SupervisionPartitions.Of(id, 1000)));

        Assert.Equal(forward, shuffled);
        Assert.Equal(forward.OrderBy(c => c.Due).ThenBy(c => c.SiteId, StringComparer.Ordinal), forward);
        Assert.Equal(At(90), forward[0].Due);
        Assert.Equal(300 + 100 + 100, forward.Count);
    }

    private static byte[] Snapshot(LivenessWatch watch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        watch.WriteSnapshot(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static SupervisionProfile? Configured(string name) => SupervisionProfiles.Presets.FirstOrDefault(p => p.Name == name);

    private static LivenessWatch Restart(byte[] snapshot, Instant at, List<string>? problems = null) =>
        LivenessWatch.ReadSnapshot(snapshot, Configured, at, Pulse, problems ?? []);

    private static void AssertSameLiveness(SiteLiveness expected, SiteLiveness? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Paths = [] }, actual with { Paths = [] });
        Assert.Equal(expected.Paths, actual.Paths);
    }

    [Fact]
    public void A_snapshot_read_back_gives_the_same_liveness_for_every_site()
    {
        var watch = NewWatch();
        watch.Watch("S-lost", Sp4, IpOnly, At(0));
        watch.Watch("D-path-lost", Dp4, IpAndGsm, At(0));
        watch.Watch("R-missed", DailyTest, IpOnly, At(0));
        watch.Watch("S-été", Sp3, IpOnly, At(0));
        watch.Watch("gone", Sp4, IpOnly, At(0));
        watch.Unwatch("gone");
        Heard(watch, "D-path-lost", TransmissionKind.Gsm, At(100));
        Heard(watch, "S-été", TransmissionKind.Ip, At(120), cyclicTest: true);
        watch.Advance(At(0) + Duration.FromDays(1) + Duration.FromHours(1), new List<LivenessChange>());
        Heard(watch, "D-path-lost", TransmissionKind.Gsm, At(0) + Duration.FromDays(1) + Duration.FromHours(1));
        Heard(watch, "S-été", TransmissionKind.Ip, At(0) + Duration.FromDays(1) + Duration.FromHours(1));

        // Restarted "at" the watch's start: no restart floor can raise a due.
        var read = Restart(Snapshot(watch), At(0));

        Assert.Equal(4, read.Count);
        foreach (var site in new[] { "S-lost", "D-path-lost", "R-missed", "S-été" })
        {
            AssertSameLiveness(watch.Find(site)!, read.Find(site));
        }
        Assert.Null(read.Find("gone"));
        Assert.Equal(Snapshot(watch), Snapshot(read));
    }

    [Fact]
    public void After_a_restart_every_running_due_gets_one_full_interval_from_the_restart()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        watch.Watch("D1", Dp4, IpAndGsm, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(50), cyclicTest: true);
        Heard(watch, "D1", TransmissionKind.Gsm, At(60));
        var restartedAt = At(3600);

        var read = Restart(Snapshot(watch), restartedAt);

        var s1 = read.Find("S1")!;
        Assert.Equal(At(50), s1.LastHeard);
        Assert.Equal(restartedAt + Duration.FromMinutes(3), s1.NextDue);
        var d1 = read.Find("D1")!;
        Assert.Equal([restartedAt + Duration.FromSeconds(90), restartedAt + Duration.FromMinutes(30)], d1.Paths.Select(p => p.Due));
        // A stored due later than the restart floor stays: the cyclic test was heard at 50 s.
        var cyclicDue = At(50) + Duration.FromMinutes(24 * 60 + 30);
        Assert.DoesNotContain(Advance(read, cyclicDue - Tick), c => c.Kind == CyclicTestMissed && c.SiteId == "S1");
        Assert.Contains(new LivenessChange("S1", CyclicTestMissed, null, At(50), cyclicDue, cyclicDue), Advance(read, cyclicDue));
    }

    [Fact]
    [Trait("Rule", "SUP-1")]
    public void SUP_1_after_a_restart_an_overdue_cyclic_test_waits_the_site_deadline_when_polled_else_a_full_period()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        watch.Watch("R1", DailyTest, IpOnly, At(0));
        var restartedAt = At(0) + Duration.FromDays(2);

        var read = Restart(Snapshot(watch), restartedAt);
        var changes = Run(read, restartedAt, restartedAt + Duration.FromDays(1) + Duration.FromHours(1),
            now => Every(now, 150) ? [("S1", TransmissionKind.Ip)] : []);

        Assert.Equal(
            [
                new LivenessChange("S1", CyclicTestMissed, null, At(0), restartedAt + Duration.FromMinutes(3), restartedAt + Duration.FromMinutes(3)),
                new LivenessChange("R1", CyclicTestMissed, null, At(0), restartedAt + Duration.FromMinutes(24 * 60 + 30), restartedAt + Duration.FromMinutes(24 * 60 + 30)),
            ],
            changes);
    }

    [Fact]
    public void After_a_restart_a_silent_site_is_lost_one_interval_later_and_a_punctual_one_never()
    {
        var watch = NewWatch();
        watch.Watch("silent", Sp4, IpOnly, At(0));
        watch.Watch("punctual", Sp4, IpOnly, At(0));
        watch.Watch("dual", Dp4, IpAndGsm, At(0));
        var restartedAt = At(0) + Duration.FromHours(5);

        var read = Restart(Snapshot(watch), restartedAt);
        var changes = Run(read, restartedAt, restartedAt + Duration.FromHours(1),
            now => Every(now, 80) ? [("punctual", TransmissionKind.Ip), ("dual", TransmissionKind.Ip), ("dual", TransmissionKind.Gsm)] : []);

        Assert.Equal([new LivenessChange("silent", SiteLost, null, At(0), restartedAt + Duration.FromMinutes(3), restartedAt + Duration.FromMinutes(3))], changes);
    }

    [Fact]
    public void After_a_restart_lost_states_are_kept_and_the_next_message_restores_them_with_the_original_loss_time()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        Heard(watch, "S1", TransmissionKind.Ip, At(20));
        Assert.Single(Advance(watch, At(300)));
        var restartedAt = At(3600);

        var read = Restart(Snapshot(watch), restartedAt);

        Assert.True(read.Find("S1")!.SiteLost);
        Assert.Equal(At(200), read.Find("S1")!.LostSince);
        Assert.Empty(Advance(read, restartedAt + Duration.FromHours(1)));
        Assert.Equal([new LivenessChange("S1", SiteRestored, TransmissionKind.Ip, At(20), At(200), restartedAt + Duration.FromHours(2))],
            Heard(read, "S1", TransmissionKind.Ip, restartedAt + Duration.FromHours(2)));
    }

    [Fact]
    public void A_restart_floor_survives_a_profile_refresh_of_the_same_site()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4, IpOnly, At(0));
        var restartedAt = At(7200);
        var read = Restart(Snapshot(watch), restartedAt);

        read.Watch("S1", Sp4, IpOnly, restartedAt + Duration.FromSeconds(1));

        Assert.Equal(restartedAt + Duration.FromMinutes(3), read.Find("S1")!.NextDue);
    }

    [Fact]
    public void A_site_whose_profile_is_no_longer_configured_is_kept_on_the_daily_test_with_a_problem_line()
    {
        var watch = NewWatch();
        watch.Watch("S1", Sp4 with { Name = "custom-fast" }, IpOnly, At(0));
        watch.Watch("S2", Sp4, IpOnly, At(0));
        var problems = new List<string>();

        var read = Restart(Snapshot(watch), At(10), problems);

        Assert.Equal("daily-test", read.Find("S1")!.Profile);
        Assert.Equal("SP4", read.Find("S2")!.Profile);
        Assert.Equal(["profile 'custom-fast' is not configured: 1 site(s) watched with 'daily-test' instead, the first S1"], problems);
    }

    [Fact]
    public void A_damaged_or_truncated_snapshot_is_refused_naming_the_damage()
    {
        var watch = NewWatch();
        for (var s = 0; s < 20; s++)
        {
            watch.Watch($"S{s}", Sp4, IpOnly, At(0));
        }
        var snapshot = Snapshot(watch);

        var flipped = (byte[])snapshot.Clone();
        flipped[snapshot.Length / 2] ^= 0x10;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => Restart(flipped, At(10))).Message, StringComparison.Ordinal);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => Restart(snapshot[..^30], At(10))).Message, StringComparison.Ordinal);
        Assert.Contains("not a liveness snapshot", Assert.Throws<InvalidDataException>(() => Restart([1, 2, 3], At(10))).Message, StringComparison.Ordinal);
        var future = (byte[])snapshot.Clone();
        future[4] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => Restart(future, At(10))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partition_hash_is_fnv1a_over_utf8_and_stable_across_processes()
    {
        Assert.Equal(47, SupervisionPartitions.Of("SITE-000042", 64));
        Assert.Equal(991, SupervisionPartitions.Of("SITE-000042", 1000));
        Assert.Equal(33, SupervisionPartitions.Of("Café-7", 64));
        var counts = Enumerable.Range(0, 64_000).GroupBy(s => SupervisionPartitions.Of($"SITE-{s:D6}", 64)).Select(g => g.Count()).ToList();
        Assert.Equal(64, counts.Count);
        Assert.InRange(counts.Min(), 800, 1000);
        Assert.InRange(counts.Max(), 1000, 1200);
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

