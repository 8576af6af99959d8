using System.Buffers;
using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using static Vigie.Domain.Supervision.LivenessChangeKind;

namespace Vigie.Domain.Tests;

// This part holds the snapshot and the restart: same liveness read back, restart grace, kept losses, refused damage.
public partial class LivenessWatchTests
{
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
}
