using NodaTime;
using Vigie.Domain.Calendar;

namespace Vigie.Domain.Tests;

/// <summary>French working days: weekends, the eleven public holidays, Easter-based ones included.</summary>
public class WorkingDaysTests
{
    private static readonly WorkingDays Calendar = WorkingDays.France;

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    [InlineData(2285, 3, 22)]
    public void Easter_Sunday_matches_the_published_dates(int year, int month, int day) =>
        Assert.Equal(new LocalDate(year, month, day), WorkingDays.EasterSunday(year));

    [Theory]
    [InlineData(2026, 1, 1, "New Year")]
    [InlineData(2026, 4, 6, "Easter Monday")]
    [InlineData(2026, 5, 1, "Labour Day")]
    [InlineData(2026, 5, 8, "Victory in Europe")]
    [InlineData(2026, 5, 14, "Ascension Thursday")]
    [InlineData(2026, 5, 25, "Whit Monday")]
    [InlineData(2026, 7, 14, "Bastille Day")]
    [InlineData(2026, 8, 15, "Assumption")]
    [InlineData(2026, 11, 1, "All Saints")]
    [InlineData(2026, 11, 11, "Armistice")]
    [InlineData(2026, 12, 25, "Christmas")]
    public void The_eleven_public_holidays_of_2026_are_not_working_days(int year, int month, int day, string name)
    {
        var date = new LocalDate(year, month, day);
        Assert.True(Calendar.IsPublicHoliday(date), name);
        Assert.False(Calendar.IsWorkingDay(date), name);
    }

    [Theory]
    [InlineData(2026, 4, 7)]   // the Tuesday after Easter Monday
    [InlineData(2026, 5, 15)]  // the Friday after Ascension ("pont" days are still working days)
    [InlineData(2026, 7, 13)]
    [InlineData(2026, 12, 24)]
    public void Ordinary_weekdays_are_working_days(int year, int month, int day) =>
        Assert.True(Calendar.IsWorkingDay(new LocalDate(year, month, day)));

    [Theory]
    [InlineData("2026-11-20", "2026-11-23")] // Friday → Monday
    [InlineData("2026-04-03", "2026-04-07")] // Good Friday (a working day) → Tuesday, over Easter Monday
    [InlineData("2026-05-13", "2026-05-15")] // the eve of Ascension → Friday
    [InlineData("2026-05-22", "2026-05-26")] // Friday before Whit Monday → Tuesday
    [InlineData("2026-07-13", "2026-07-15")] // Monday 13 July → Wednesday, over 14 July
    [InlineData("2026-12-24", "2026-12-28")] // Thursday → Monday, over Christmas and the weekend
    [InlineData("2026-12-31", "2027-01-04")] // New Year's Eve (Thursday) → Monday, over 1 January
    public void The_first_working_day_after_a_date_skips_weekends_and_holidays(string from, string expected) =>
        Assert.Equal(LocalDate.FromDateTime(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)),
            Calendar.FirstWorkingDayAfter(LocalDate.FromDateTime(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void A_period_ending_on_a_rest_day_ends_on_the_next_working_day_and_working_days_add_up()
    {
        Assert.Equal(new LocalDate(2026, 11, 2), Calendar.SameOrNextWorkingDay(new LocalDate(2026, 11, 1))); // All Saints is a Sunday in 2026
        Assert.Equal(new LocalDate(2026, 11, 3), Calendar.SameOrNextWorkingDay(new LocalDate(2026, 11, 3)));
        Assert.Equal(new LocalDate(2026, 5, 11), Calendar.AddWorkingDays(new LocalDate(2026, 5, 4), 4)); // over 8 May (Friday)
        Assert.Equal(new LocalDate(2026, 5, 4), Calendar.AddWorkingDays(new LocalDate(2026, 5, 4), 0));
    }

    [Fact]
    public void Another_country_gives_its_own_holidays()
    {
        var noHolidays = new WorkingDays([], []);
        Assert.True(noHolidays.IsWorkingDay(new LocalDate(2026, 7, 14)));
        Assert.False(noHolidays.IsWorkingDay(new LocalDate(2026, 7, 18)));
    }
}
