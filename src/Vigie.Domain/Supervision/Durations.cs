using System.Globalization;
using NodaTime;

namespace Vigie.Domain.Supervision;

/// <summary>Durations in words for people: "1 h 30 min", "45 min", "20 s".</summary>
public static class Durations
{
    public static string Describe(Duration duration)
    {
        var total = (long)Math.Round(duration.TotalSeconds);
        if (total < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{total} s");
        }
        var minutes = total / 60;
        var days = minutes / 1440;
        var hours = minutes % 1440 / 60;
        var rest = minutes % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{days} d"));
        }
        if (hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{hours} h"));
        }
        if (rest > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rest} min"));
        }
        return string.Join(" ", parts);
    }
}
