using NodaTime;

namespace Vigie.Domain.Video;

/// <summary>One weekly window of activity detection, in the site's local time: from <see cref="From"/> to <see cref="To"/> on <see cref="Day"/>.</summary>
/// <param name="To">The window's end, excluded; midnight (00:00) means the end of that day.</param>
public sealed record DetectionWindow(IsoDayOfWeek Day, LocalTime From, LocalTime To)
{
    public bool Covers(LocalDateTime local) =>
        local.DayOfWeek == Day && local.TimeOfDay >= From && (To == LocalTime.Midnight || local.TimeOfDay < To);
}

/// <summary>
/// The detection schedule the subscriber sets in the portal (VID-11): camera alerts reach the station only while activity
/// detection is on and the site's local time falls in one of these windows. No schedule: detection follows its switch alone.
/// </summary>
public sealed record DetectionSchedule(IReadOnlyList<DetectionWindow> Windows)
{
    /// <summary>More windows than any week needs: a bound on what a portal request may store.</summary>
    public const int MaxWindows = 28;

    public bool Covers(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone).LocalDateTime;
        return Windows.Any(w => w.Covers(local));
    }

    /// <summary>Every error, each naming its field (windows[i].to, …); empty when the schedule can be stored.</summary>
    public IReadOnlyList<Refusal> Validate()
    {
        var errors = new List<Refusal>();
        if (Windows.Count == 0)
        {
            errors.Add(Refusal.Invalid("windows", RefusalCodes.DetectionScheduleEmpty, "windows: at least one window (or no schedule at all)"));
        }
        if (Windows.Count > MaxWindows)
        {
            errors.Add(Refusal.Invalid("windows", RefusalCodes.DetectionScheduleTooMany, $"windows: at most {MaxWindows} ({Windows.Count} given)", MaxWindows, Windows.Count));
        }
        for (var i = 0; i < Windows.Count; i++)
        {
            var window = Windows[i];
            if (!Enum.IsDefined(window.Day) || window.Day == IsoDayOfWeek.None)
            {
                errors.Add(Refusal.Invalid($"windows[{i}].day", RefusalCodes.DetectionScheduleDay, $"windows[{i}].day: a day of the week"));
            }
            if (window.To != LocalTime.Midnight && window.To <= window.From)
            {
                errors.Add(Refusal.Invalid($"windows[{i}].to", RefusalCodes.DetectionScheduleOrder,
                    $"windows[{i}].to: {window.To:HH:mm} is not after {window.From:HH:mm} (a window past midnight is two windows)", $"{window.To:HH:mm}", $"{window.From:HH:mm}"));
            }
        }
        return errors;
    }
}
