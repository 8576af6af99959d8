using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using static Vigie.Domain.Supervision.LivenessChangeKind;

namespace Vigie.Domain.Tests;

// This part holds the timing wheel at scale: no allocation, jumps over revolutions, firing order, and the partition hash.
public partial class LivenessWatchTests
{
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
}
