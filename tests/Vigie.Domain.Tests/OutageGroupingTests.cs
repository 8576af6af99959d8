using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Tests;

/// <summary>Mass-outage protection (issue 4 point 5): many sites silent together make one group, not thousands of incidents.</summary>
public class OutageGroupingTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private static readonly MassOutagePolicy Policy = new() { Threshold = 5, Window = Duration.FromMinutes(2), HoldBack = Duration.FromSeconds(60) };

    private static LivenessChange Lost(string site, Instant at) =>
        new(site, LivenessChangeKind.SiteLost, null, at - Duration.FromMinutes(4), at, at);

    /// <summary>As the watch reports it: a site's restoration names the path the message came by.</summary>
    private static LivenessChange Back(string site, Instant lostAt, Instant at) =>
        new(site, LivenessChangeKind.SiteRestored, TransmissionKind.Ip, lostAt - Duration.FromMinutes(4), lostAt, at);

    [Fact]
    public void A_lone_loss_is_held_then_handed_to_its_site_alone()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        grouping.Add(Lost("S1", T0), decisions);
        Assert.Empty(decisions);

        grouping.Advance(T0 + Duration.FromSeconds(59), decisions);
        Assert.Empty(decisions);

        grouping.Advance(T0 + Duration.FromSeconds(60), decisions);
        var forward = Assert.IsType<ForwardChange>(Assert.Single(decisions));
        Assert.Equal("S1", forward.Change.SiteId);
        Assert.Null(forward.GroupedIn);
        Assert.Null(grouping.GroupId);
    }

    [Fact]
    public void Losses_reaching_the_threshold_within_the_window_form_one_mass_outage_and_later_ones_join_it()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        for (var i = 0; i < 4; i++)
        {
            grouping.Add(Lost($"S{i}", T0 + Duration.FromSeconds(10 * i)), decisions);
        }
        Assert.Empty(decisions);

        grouping.Add(Lost("S4", T0 + Duration.FromSeconds(40)), decisions);
        var open = Assert.IsType<OpenMassOutage>(decisions[0]);
        Assert.Equal(5, decisions.OfType<ForwardChange>().Count(f => f.GroupedIn == open.GroupId));
        Assert.Equal(["S0", "S1", "S2", "S3", "S4"], Assert.Single(decisions.OfType<SitesJoinedMassOutage>()).SiteIds);
        Assert.Equal(0, grouping.HeldCount);

        decisions.Clear();
        grouping.Add(Lost("S5", T0 + Duration.FromSeconds(100)), decisions);
        Assert.Equal(open.GroupId, Assert.IsType<ForwardChange>(decisions[0]).GroupedIn);
        Assert.Equal(["S5"], Assert.IsType<SitesJoinedMassOutage>(decisions[1]).SiteIds);
        Assert.DoesNotContain(decisions, d => d is OpenMassOutage);
    }

    [Fact]
    public void Losses_spread_wider_than_the_window_stay_each_sites_own()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        for (var i = 0; i < 10; i++)
        {
            var at = T0 + Duration.FromSeconds(70 * i);
            grouping.Advance(at, decisions);
            grouping.Add(Lost($"S{i}", at), decisions);
        }
        grouping.Advance(T0 + Duration.FromHours(1), decisions);
        Assert.Equal(10, decisions.OfType<ForwardChange>().Count(f => f.GroupedIn is null));
        Assert.DoesNotContain(decisions, d => d is OpenMassOutage);
    }

    [Fact]
    public void Sites_coming_back_leave_the_group_with_their_outage_and_the_group_ends_when_all_are_back()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        for (var i = 0; i < 5; i++)
        {
            grouping.Add(Lost($"S{i}", T0), decisions);
        }
        var group = grouping.GroupId!;
        decisions.Clear();

        var back = T0 + Duration.FromMinutes(10);
        grouping.Add(Back("S0", T0, back), decisions);
        var forward = Assert.IsType<ForwardChange>(decisions[0]);
        Assert.Equal(group, forward.GroupedIn);
        var left = Assert.IsType<SiteBackFromMassOutage>(decisions[1]);
        Assert.Equal(Duration.FromMinutes(14), left.Outage);
        Assert.Equal(4, grouping.SitesOut);

        for (var i = 1; i < 5; i++)
        {
            grouping.Add(Back($"S{i}", T0, back), decisions);
        }
        grouping.Advance(back + Duration.FromMinutes(3), decisions);
        Assert.Null(grouping.GroupId);
        Assert.Equal(5, decisions.OfType<SiteBackFromMassOutage>().Count());
    }

    [Fact]
    public void A_site_back_while_its_loss_is_held_gets_both_on_record_alone()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        grouping.Add(Lost("S1", T0), decisions);
        grouping.Add(Back("S1", T0, T0 + Duration.FromSeconds(20)), decisions);
        Assert.Equal([LivenessChangeKind.SiteLost, LivenessChangeKind.SiteRestored],
            decisions.Cast<ForwardChange>().Select(f => f.Change.Kind));
        Assert.All(decisions.Cast<ForwardChange>(), f => Assert.Null(f.GroupedIn));
        Assert.Equal(0, grouping.HeldCount);
    }

    [Fact]
    public void Cyclic_test_misses_are_never_held_or_grouped()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        for (var i = 0; i < 10; i++)
        {
            grouping.Add(new LivenessChange($"S{i}", LivenessChangeKind.CyclicTestMissed, null, T0 - Duration.FromHours(25), T0, T0), decisions);
        }
        Assert.Equal(10, decisions.OfType<ForwardChange>().Count(f => f.GroupedIn is null));
        Assert.Null(grouping.GroupId);
    }

    [Fact]
    public void The_open_group_survives_a_restart()
    {
        var grouping = new OutageGrouping(Policy);
        var decisions = new List<OutageDecision>();
        for (var i = 0; i < 5; i++)
        {
            grouping.Add(Lost($"S{i}", T0), decisions);
        }
        grouping.Add(new LivenessChange("S0", LivenessChangeKind.PathLost, TransmissionKind.Ip, T0, T0, T0), decisions);
        var saved = grouping.Save();

        var restarted = new OutageGrouping(Policy);
        restarted.Restore(saved);
        Assert.Equal(grouping.GroupId, restarted.GroupId);
        Assert.Equal(grouping.GroupId, restarted.GroupOf("S3"));
        Assert.Null(restarted.GroupOf("S9"));
        decisions.Clear();
        restarted.Add(Back("S0", T0, T0 + Duration.FromMinutes(5)), decisions);
        Assert.DoesNotContain(decisions, d => d is SiteBackFromMassOutage); // its IP path is still out
        restarted.Add(new LivenessChange("S0", LivenessChangeKind.PathRestored, TransmissionKind.Ip, T0, T0, T0 + Duration.FromMinutes(6)), decisions);
        Assert.Single(decisions.OfType<SiteBackFromMassOutage>());
    }

    [Fact]
    public void A_threshold_below_two_is_refused_by_name() =>
        Assert.Contains("massOutage.threshold", Assert.Single(new MassOutagePolicy { Threshold = 1 }.Validate()));
}
