using System.Globalization;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using Vigie.Station.Texts;

namespace Vigie.Web.Console;

/// <summary>Domain values in the member's language: enum names, instants in the site's zone (refusals: <see cref="RefusalText"/>, steps: <see cref="StepText"/>).</summary>
public static class Words
{
    /// <summary>An enum value's name: the station's shared names (<see cref="StepText.Name{TEnum}"/>), else this page's texts.</summary>
    public static string Of<TEnum>(this IStringLocalizer localizer, TEnum value) where TEnum : struct, Enum
    {
        var key = $"{typeof(TEnum).Name}.{value}";
        return StepText.Template(key) ?? localizer[key];
    }

    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    /// <summary>
    /// An instant as the station's people read it: Paris time, the month abbreviated in the member's language
    /// ("3 déc. 2026 05:06", "3 Dec 2026 05:06"); never the culture's numeric date, which reads 12/03 for 3 December.
    /// </summary>
    public static string When(Instant at) => When(at, CultureInfo.CurrentCulture);

    public static string When(Instant at, CultureInfo culture) =>
        at.InZone(Paris).ToDateTimeUnspecified().ToString("d MMM yyyy HH:mm", culture);

    /// <summary>The time of day only, in Paris ("05:06:07"): for steps of one incident, whose day is in its header.</summary>
    public static string Clock(Instant at) => Clock(at, CultureInfo.CurrentCulture);

    public static string Clock(Instant at, CultureInfo culture) =>
        at.InZone(Paris).ToDateTimeUnspecified().ToString("HH:mm:ss", culture);

    /// <summary>"2 min 05 s": how long an alarm has waited.</summary>
    public static string Age(Duration age)
    {
        if (age < Duration.Zero)
        {
            age = Duration.Zero;
        }
        return age.TotalHours >= 1 ? DurationPattern.CreateWithInvariantCulture("H'h'mm").Format(age)
            : age.TotalMinutes >= 1 ? DurationPattern.CreateWithInvariantCulture("m' min 'ss' s'").Format(age)
            : DurationPattern.CreateWithInvariantCulture("s' s'").Format(age);
    }
}
