using NodaTime;

namespace Vigie.Domain.Calendar;

/// <summary>
/// French working days (<i>jours ouvrés</i>, DOMAIN "Working days and time"): Monday to Friday except the public
/// holidays: 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit Monday, 14 July, 15 August,
/// 1 November, 11 November, 25 December. The one place in the domain that knows the calendar (SUP-1, SUP-2, CTR-4).
/// </summary>
public sealed class WorkingDays
{
    private readonly IReadOnlySet<AnnualDate> _fixedHolidays;
    private readonly IReadOnlyList<int> _easterOffsets;

    /// <param name="fixedHolidays">Holidays on the same date every year.</param>
    /// <param name="easterOffsets">Holidays set by Easter Sunday, in days after it (Easter Monday +1, Ascension +39, Whit Monday +50).</param>
    public WorkingDays(IEnumerable<AnnualDate> fixedHolidays, IEnumerable<int> easterOffsets)
    {
        _fixedHolidays = fixedHolidays.ToHashSet();
        _easterOffsets = [.. easterOffsets];
    }

    /// <summary>Metropolitan France's eleven public holidays.</summary>
    public static WorkingDays France { get; } = new(
        [new(1, 1), new(5, 1), new(5, 8), new(7, 14), new(8, 15), new(11, 1), new(11, 11), new(12, 25)],
        [1, 39, 50]);

    public bool IsPublicHoliday(LocalDate date) =>
        _fixedHolidays.Contains(new AnnualDate(date.Month, date.Day)) ||
        _easterOffsets.Any(offset => EasterSunday(date.Year).PlusDays(offset) == date);

    public bool IsWorkingDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !IsPublicHoliday(date);

    /// <summary>The first working day strictly after <paramref name="date"/> ("at the latest on the first working day after", SUP-1).</summary>
    public LocalDate FirstWorkingDayAfter(LocalDate date)
    {
        var next = date.PlusDays(1);
        while (!IsWorkingDay(next))
        {
            next = next.PlusDays(1);
        }
        return next;
    }

    /// <summary>The day itself when it is a working day, otherwise the next one (a period ending on a rest day, CTR-4).</summary>
    public LocalDate SameOrNextWorkingDay(LocalDate date) => IsWorkingDay(date) ? date : FirstWorkingDayAfter(date);

    /// <summary><paramref name="count"/> working days after <paramref name="date"/> (ASS-4: 5 working days).</summary>
    public LocalDate AddWorkingDays(LocalDate date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = date;
        for (var i = 0; i < count; i++)
        {
            day = FirstWorkingDayAfter(day);
        }
        return day;
    }

    /// <summary>Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }
}
