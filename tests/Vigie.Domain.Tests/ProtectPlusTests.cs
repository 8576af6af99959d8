using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-7: PROTECT+ delegates an A LA CARTE site's alerts to the operators for 24-h periods, billed 3 € a day.</summary>
public class ProtectPlusTests
{
    private static readonly Actor Subscriber = Actor.Subscriber("sub-1");
    private static readonly Instant Start = Clock.T0 + Duration.FromHours(1);
    private static readonly Instant BookedAt = Clock.T0;

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_booking_charges_3_euros_per_24_h_period()
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());

        var decision = site.Run(new BookProtectPlus(Start, 2, Subscriber, BookedAt));

        Assert.Equal(2, decision.Events.Count);
        Assert.Equal(new ProtectPlusBooked("alc-1-P001", Start, Start + Duration.FromHours(48), 2, BookedAt), decision.Events[0]);
        var charged = Assert.IsType<SiteCharged>(decision.Events[1]);
        Assert.Equal(new Charge(Fee.ProtectPlusDay, 3.00m, 2, $"PROTECT+ 2 × 24 h from {Start}"), charged.Charge);
        Assert.Equal(BookedAt, charged.At);
        Assert.Equal(Start, site.State.NextDeadline);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_PROTECT_plus_is_refused_on_TOUT_INCLUS()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new BookProtectPlus(Start, 1, Subscriber, BookedAt));

        Assert.Equal("PROTECT+ is not available on TOUT INCLUS (ALR-7)", decision.Refusal?.Detail);
        Assert.Empty(decision.Events);
        Assert.Empty(site.State.ProtectPlus);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_an_overlapping_booking_is_refused_and_an_adjacent_one_accepted()
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());
        site.Run(new BookProtectPlus(Start, 1, Subscriber, BookedAt));

        var overlap = site.Run(new BookProtectPlus(Start + Duration.FromHours(12), 1, Subscriber, BookedAt));
        var before = site.Run(new BookProtectPlus(Start - Duration.FromMinutes(30), 1, Subscriber, BookedAt));
        var adjacent = site.Run(new BookProtectPlus(Start + Duration.FromHours(24), 1, Subscriber, BookedAt));

        Assert.Equal($"start: overlaps PROTECT+ booking alc-1-P001 ({Start} – {Start + Duration.FromHours(24)})", overlap.Refusal?.Detail);
        Assert.StartsWith("start: overlaps PROTECT+ booking alc-1-P001", before.Refusal?.Detail, StringComparison.Ordinal);
        Assert.False(adjacent.IsRefused, adjacent.Refusal?.Detail);
        Assert.Equal("alc-1-P002", Assert.IsType<ProtectPlusBooked>(adjacent.Events[0]).BookingId);
    }

    [Theory]
    [Trait("Rule", "ALR-7")]
    [InlineData(0, "periods: from 1 to 62 periods of 24 h")]
    [InlineData(63, "periods: from 1 to 62 periods of 24 h")]
    public void ALR_7_the_number_of_periods_is_bounded(int periods, string reason)
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());

        Assert.Equal(reason, site.Run(new BookProtectPlus(Start, periods, Subscriber, BookedAt)).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_a_period_cannot_start_in_the_past()
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());

        var decision = site.Run(new BookProtectPlus(BookedAt - Duration.FromMinutes(2), 1, Subscriber, BookedAt));

        Assert.Equal("start: a PROTECT+ period cannot start in the past", decision.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_the_clock_starts_and_ends_the_period()
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());
        site.Run(new BookProtectPlus(Start, 1, Subscriber, BookedAt));
        var end = Start + Duration.FromHours(24);

        Assert.Empty(site.Tick(Start - Duration.FromSeconds(1)).Events);
        Assert.Equal([new ProtectPlusStarted("alc-1-P001", Start)], site.Tick(Start).Events);
        Assert.Equal(end, site.State.NextDeadline);
        Assert.Empty(site.Tick(end - Duration.FromSeconds(1)).Events);
        Assert.Equal([new ProtectPlusEnded("alc-1-P001", end)], site.Tick(end + Duration.FromSeconds(3)).Events);
        Assert.Equal(site.State.NextDetectorTestReminder, site.State.NextDeadline); // only the SUP-6 reminder is left
        Assert.Empty(site.Tick(end + Duration.FromHours(1)).Events);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_an_alert_inside_the_period_goes_to_the_operators_and_after_it_to_INFO_Alertes()
    {
        var station = new Station(TestSites.ALaCarte());
        station.Run(new BookProtectPlus(Clock.T0 - Duration.FromHours(1), 1, Subscriber, Clock.T0 - Duration.FromHours(2)));
        station.Tick(Clock.T0 - Duration.FromHours(1));

        var inside = station.IntrusionIncident();
        Assert.Equal((ProcedureKind.OperatorIntrusion, true), (inside.Brief.Procedure, inside.Brief.InProtectPlus));
        // No speaker on A LA CARTE: the operator phones the site.
        inside.Run(new CallSite(SiteCallOutcome.Answered, Actors.Operator, Clock.Seconds(60)));
        inside.Run(new CheckCode(Contacts.CodeCheck.Right, Actors.Operator, Clock.Seconds(70)));
        Assert.Equal(IncidentStatus.Closed, inside.State.Status);

        var afterEnd = Clock.T0 + Duration.FromHours(24);
        station.Tick(afterEnd);
        Assert.IsType<ProtectPlusEnded>(station.Site.Log[^1]);
        station.Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), afterEnd + Duration.FromSeconds(1));
        station.Tick(afterEnd + Duration.FromSeconds(40));

        var outside = station.Incidents[^1];
        Assert.NotSame(inside, outside);
        Assert.Equal((ProcedureKind.InfoAlertes, false), (outside.Brief.Procedure, outside.Brief.InProtectPlus));
    }

    [Theory]
    [Trait("Rule", "ALR-7")]
    [InlineData(2026, 10, 24, 19)] // CEST → CET on 25 October: 24 elapsed hours end at 19:00 local
    [InlineData(2026, 3, 28, 21)]  // CET → CEST on 29 March: 24 elapsed hours end at 21:00 local
    public void ALR_7_a_24_h_period_across_the_daylight_saving_change_lasts_24_elapsed_hours(int year, int month, int day, int endHour)
    {
        var start = Clock.Local(year, month, day, 20);
        var site = SiteHarness.Active(TestSites.ALaCarte());

        var booked = Assert.IsType<ProtectPlusBooked>(site.Run(new BookProtectPlus(start, 1, Subscriber, start - Duration.FromHours(3))).Events[0]);

        Assert.Equal(Duration.FromHours(24), booked.End - booked.Start);
        var localEnd = booked.End.InZone(Clock.Paris);
        Assert.Equal(new LocalDateTime(year, month, day + 1, endHour, 0), localEnd.LocalDateTime);
        Assert.Equal(Offset.FromHours(endHour == 19 ? 1 : 2), localEnd.Offset);

        site.Tick(start);
        Assert.True(site.State.InProtectPlus(booked.End - Duration.FromSeconds(1)));
        Assert.Empty(site.Tick(booked.End - Duration.FromSeconds(1)).Events);
        Assert.Equal([new ProtectPlusEnded(booked.BookingId, booked.End)], site.Tick(booked.End).Events);
        Assert.False(site.State.InProtectPlus(booked.End));
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void ALR_7_a_booking_can_be_cancelled_until_it_starts()
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());
        site.Run(new BookProtectPlus(Start, 1, Subscriber, BookedAt));
        site.Run(new BookProtectPlus(Start + Duration.FromDays(7), 1, Subscriber, BookedAt));
        site.Tick(Start);

        var started = site.Run(new CancelProtectPlus("alc-1-P001", Subscriber, Start + Duration.FromMinutes(5)));
        var later = site.Run(new CancelProtectPlus("alc-1-P002", Subscriber, Start + Duration.FromMinutes(5)));
        var unknown = site.Run(new CancelProtectPlus("alc-1-P009", Subscriber, Start + Duration.FromMinutes(5)));

        Assert.Equal("bookingId: booking alc-1-P001 has already started", started.Refusal?.Detail);
        Assert.Equal(new ProtectPlusCancelled("alc-1-P002", Start + Duration.FromMinutes(5)), later.Events[0]);
        var credit = Assert.IsType<SiteCharged>(later.Events[1]).Charge;
        Assert.Equal((Fee.ProtectPlusDay, 3.00m, -1), (credit.Fee, credit.Amount!.Value, credit.Quantity));
        Assert.Equal("bookingId: no PROTECT+ booking alc-1-P009 on this site", unknown.Refusal?.Detail);
        Assert.Equal(["alc-1-P001"], site.State.ProtectPlus.Select(b => b.BookingId));
    }
}
