using NodaTime;
using Vigie.Domain.Calendar;

namespace Vigie.Domain.Supervision;

/// <summary>
/// Every figure of the supervision rules (SUP-1 … SUP-6), with the seeds' values as defaults (ARCHITECTURE rule 6),
/// exposed as <see cref="EngineRules.Supervision"/>.
/// </summary>
public sealed record SupervisionRules
{
    /// <summary>The station's own profiles; one named like a preset replaces it.</summary>
    public IReadOnlyList<SupervisionProfile> StationProfiles { get; init; } = [];

    /// <summary>Every profile a site may use: the station's, then the presets they do not replace.</summary>
    public IEnumerable<SupervisionProfile> Profiles =>
        StationProfiles.Concat(SupervisionProfiles.Presets.Where(p => !StationProfiles.Any(s => SameName(s.Name, p.Name))));

    /// <summary>The profile of that name (case-insensitive), or null.</summary>
    public SupervisionProfile? FindProfile(string? name) =>
        name is null ? null : Profiles.FirstOrDefault(p => SameName(p.Name, name));

    /// <summary>French working days: when notices go out and technicians visit (SUP-1, SUP-2).</summary>
    public WorkingDays Calendar { get; init; } = WorkingDays.France;

    /// <summary>A mains cut lasting this long sends the SMS (SUP-3: 1 h 30).</summary>
    public Duration MainsCutSmsDelay { get; init; } = Duration.FromMinutes(90);

    /// <summary>A camera link still lost after this long notifies the subscriber's app (SUP-4: 30 min).</summary>
    public Duration CameraLinkLossNotificationDelay { get; init; } = Duration.FromMinutes(30);

    /// <summary>First hour the station calls a pro-video client about a link loss (SUP-5: 08:00).</summary>
    public LocalTime ProVideoCallsFrom { get; init; } = new(8, 0);

    /// <summary>The hour those calls stop (SUP-5: 20:00, excluded).</summary>
    public LocalTime ProVideoCallsUntil { get; init; } = new(20, 0);

    /// <summary>The zone of those hours (SUP-5).</summary>
    public string ProVideoCallsTimeZone { get; init; } = "Europe/Paris";

    /// <summary>Reminder to test every detector, in calendar months from the start of surveillance (SUP-6: 3).</summary>
    public int DetectorTestReminderMonths { get; init; } = 3;

    /// <summary>The hour notices go out on working days, site time (SUP-1, SUP-6: 09:00).</summary>
    public LocalTime NoticeHour { get; init; } = new(9, 0);

    /// <summary>After this hour, a notice due "today" waits for the next working day's <see cref="NoticeHour"/> (SUP-1: 18:00).</summary>
    public LocalTime LatestSameDayNotice { get; init; } = new(18, 0);

    /// <summary>When simultaneous losses make one mass outage instead of each site's incident (the station's grouping).</summary>
    public MassOutagePolicy MassOutage { get; init; } = new();

    /// <summary>Outages kept in a site's history (portal, reports).</summary>
    public int OutageHistoryKept { get; init; } = 50;

    /// <summary>Longest test or maintenance period.</summary>
    public Duration TestPeriodMaxLength { get; init; } = Duration.FromDays(7);

    /// <summary>The day and instant a notice due "at the latest on the first working day after" <paramref name="at"/> goes out (SUP-1).</summary>
    public Instant NoticeDue(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone).LocalDateTime;
        if (Calendar.IsWorkingDay(local.Date) && local.TimeOfDay < LatestSameDayNotice)
        {
            var opening = local.Date.At(NoticeHour).InZoneLeniently(zone).ToInstant();
            return opening > at ? opening : at;
        }
        return Calendar.FirstWorkingDayAfter(local.Date).At(NoticeHour).InZoneLeniently(zone).ToInstant();
    }

    /// <summary>The <paramref name="number"/>-th detector-test reminder after a surveillance start: that many periods later, on that day or the next working day, at <see cref="NoticeHour"/> (SUP-6).</summary>
    public Instant DetectorTestReminderDue(Instant surveillanceStart, int number, DateTimeZone zone)
    {
        var day = surveillanceStart.InZone(zone).Date + Period.FromMonths(DetectorTestReminderMonths * number);
        return Calendar.SameOrNextWorkingDay(day).At(NoticeHour).InZoneLeniently(zone).ToInstant();
    }

    /// <summary>True when <paramref name="at"/> falls in the pro-video call hours (SUP-5).</summary>
    public bool InProVideoCallHours(Instant at)
    {
        var time = at.InZone(DateTimeZoneProviders.Tzdb[ProVideoCallsTimeZone]).TimeOfDay;
        return time >= ProVideoCallsFrom && time < ProVideoCallsUntil;
    }

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
