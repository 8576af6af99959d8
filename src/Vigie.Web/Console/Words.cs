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

    /// <summary>An instant as the station's people read it: Paris time, the member's culture.</summary>
    public static string When(Instant at) =>
        at.InZone(Paris).ToDateTimeUnspecified().ToString("g", CultureInfo.CurrentCulture);

    public static string Clock(Instant at) =>
        at.InZone(Paris).ToDateTimeUnspecified().ToString("T", CultureInfo.CurrentCulture);

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
