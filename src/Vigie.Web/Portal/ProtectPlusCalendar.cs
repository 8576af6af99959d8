using NodaTime;

namespace Vigie.Web.Portal;

/// <summary>Days picked on the PROTECT+ calendar, as bookings: each run of consecutive days is one booking of that many 24-hour periods (ALR-7).</summary>
public static class ProtectPlusCalendar
{
    /// <summary>The bookings for <paramref name="days"/>, each starting at <paramref name="startTime"/> of its first day in the site's zone.</summary>
    public static IReadOnlyList<(Instant Start, int Periods)> Runs(IEnumerable<LocalDate> days, LocalTime startTime, DateTimeZone zone)
    {
        var runs = new List<(Instant, int)>();
        LocalDate? first = null;
        LocalDate? last = null;
        foreach (var day in days.Distinct().Order())
        {
            if (last is { } previous && previous.PlusDays(1) == day)
            {
                last = day;
                continue;
            }
            Close();
            first = last = day;
        }
        Close();
        return runs;

        void Close()
        {
            if (first is { } f && last is { } l)
            {
                runs.Add(((f + startTime).InZoneLeniently(zone).ToInstant(), Period.Between(f, l, PeriodUnits.Days).Days + 1));
            }
        }
    }
}
