using System.Globalization;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;

namespace Vigie.Domain.Sites;

/// <summary>PROTECT+ bookings (ALR-7): 24-h periods billed at booking, credited when cancelled before their start.</summary>
public static partial class Site
{
    private static Decision<SiteEvent> Book(SiteState state, Offer offer, BookProtectPlus c, EngineRules rules)
    {
        if (!offer.ProtectPlusAvailable || offer.ProtectPlusDayPrice is null)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteProtectPlusUnavailable, $"PROTECT+ is not available on {offer.Name} (ALR-7)", offer.Name));
        }
        if (c.Periods < 1 || c.Periods > rules.ProtectPlusMaxPeriods)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("periods", RefusalCodes.SiteProtectPlusPeriods, $"periods: from 1 to {rules.ProtectPlusMaxPeriods} periods of {rules.ProtectPlusPeriod.TotalHours:0} h", rules.ProtectPlusMaxPeriods, rules.ProtectPlusPeriod));
        }
        if (c.Start < c.At - Duration.FromMinutes(1))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("start", RefusalCodes.SiteProtectPlusInPast, "start: a PROTECT+ period cannot start in the past"));
        }
        var end = c.Start + rules.ProtectPlusPeriod * c.Periods;
        if (state.ProtectPlus.FirstOrDefault(b => !b.Ended && b.Start < end && c.Start < b.End) is { } overlap)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("start", RefusalCodes.SiteProtectPlusOverlap, $"start: overlaps PROTECT+ booking {overlap.BookingId} ({overlap.Start} – {overlap.End})", overlap.BookingId, overlap.Start, overlap.End));
        }
        var id = string.Create(CultureInfo.InvariantCulture, $"{state.Definition!.SiteId}-P{state.BookingCount + 1:D3}");
        var charge = new Charge(Fee.ProtectPlusDay, offer.ProtectPlusDayPrice, c.Periods, $"PROTECT+ {c.Periods} × 24 h from {c.Start}")
        {
            What = Step.Of("Charge.ProtectPlusDays", c.Periods, c.Start),
        };
        return Decision<SiteEvent>.Accept(new ProtectPlusBooked(id, c.Start, end, c.Periods, c.At), new SiteCharged(charge, c.At));
    }

    private static Decision<SiteEvent> Cancel(SiteState state, Offer offer, CancelProtectPlus c)
    {
        if (state.ProtectPlus.FirstOrDefault(b => b.BookingId == c.BookingId) is not { } booking)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteBookingNotFound, $"bookingId: no PROTECT+ booking {c.BookingId} on this site", c.BookingId));
        }
        if (booking.Started || booking.Start <= c.At)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteBookingStarted, $"bookingId: booking {c.BookingId} has already started", c.BookingId));
        }
        // The periods were billed at booking: cancelling before the start credits them back.
        var credit = new Charge(Fee.ProtectPlusDay, offer.ProtectPlusDayPrice, -booking.Periods, $"PROTECT+ booking {c.BookingId} cancelled before its start: credit")
        {
            What = Step.Of("Charge.ProtectPlusCredit", c.BookingId),
        };
        return Decision<SiteEvent>.Accept(new ProtectPlusCancelled(c.BookingId, c.At), new SiteCharged(credit, c.At));
    }
}
