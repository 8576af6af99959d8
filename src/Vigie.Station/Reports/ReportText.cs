using System.Globalization;
using System.Resources;

namespace Vigie.Station.Reports;

/// <summary>The report's labels, from ReportText.resx (English, neutral) and ReportText.fr.resx.</summary>
internal static class ReportText
{
    internal static ResourceManager Resources { get; } = new("Vigie.Station.Reports.ReportText", typeof(ReportText).Assembly);

    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"report label {key} is missing");

    public static string Format(string key, CultureInfo culture, params object?[] values) => string.Format(culture, Get(key, culture), values);
}
