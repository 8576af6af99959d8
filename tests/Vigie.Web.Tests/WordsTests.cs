using System.Globalization;
using NodaTime;
using Vigie.Web.Console;

namespace Vigie.Web.Tests;

/// <summary>Dates and times as the station's people read them: Paris time, the month in words, never 12/03 for 3 December.</summary>
public sealed class WordsTests
{
    private static readonly Instant ThirdOfDecember = Instant.FromUtc(2026, 12, 3, 4, 6, 7);
    private static readonly Instant SummerNight = Instant.FromUtc(2026, 7, 14, 22, 30, 0);

    [Fact]
    public void A_date_reads_French_style_in_Paris_time_in_French()
    {
        var french = CultureInfo.GetCultureInfo("fr-FR");
        Assert.Equal("3 déc. 2026 05:06", Words.When(ThirdOfDecember, french));
        // Summer time: UTC+2, and the day turns in Paris before it does in UTC.
        Assert.Equal("15 juil. 2026 00:30", Words.When(SummerNight, french));
        Assert.Equal("05:06:07", Words.Clock(ThirdOfDecember, french));
    }

    [Fact]
    public void A_date_reads_with_the_English_month_in_English()
    {
        var english = CultureInfo.GetCultureInfo("en-GB");
        Assert.Equal("3 Dec 2026 05:06", Words.When(ThirdOfDecember, english));
        Assert.Equal("00:30:00", Words.Clock(SummerNight, english));
    }

    [Fact]
    public void Without_a_culture_the_current_one_is_used()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            Assert.Equal("3 déc. 2026 05:06", Words.When(ThirdOfDecember));
            Assert.Equal("05:06:07", Words.Clock(ThirdOfDecember));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
