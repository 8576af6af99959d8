using System.Globalization;
using System.Resources;
using NodaTime;
using Vigie.Domain;

namespace Vigie.Web;

/// <summary>
/// The domain's refusals in the reader's language, for the console and the portal alike: looked up by the refusal's
/// code in Resources/RefusalText.resx (English) and RefusalText.fr.resx (French), never by its English sentence. The
/// values it names are formatted for the reader: an instant in Paris time, a date and a number in their culture.
/// </summary>
public sealed class RefusalText
{
    private static readonly ResourceManager Texts = new("Vigie.Web.Resources.RefusalText", typeof(RefusalText).Assembly);

    private RefusalText()
    {
    }

    /// <summary>The text for a refusal (each problem of a several-field refusal, joined); empty for none.</summary>
    public static string Of(Refusal? refusal) =>
        refusal is null ? "" : string.Join(French ? "\u202F; " : "; ", refusal.Each().Select(One));

    private static bool French => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    /// <summary>The text template for a code in the current UI culture, or null when the resources lack it.</summary>
    public static string? Template(string code, CultureInfo? culture = null) => Texts.GetString(code, culture ?? CultureInfo.CurrentUICulture);

    private static string One(Refusal refusal)
    {
        // A code without its text is a gap the resources test catches; the English detail is better than nothing.
        if (Template(refusal.Code) is not { } template)
        {
            return refusal.Detail;
        }
        var values = refusal.Values.Select(Format).ToArray();
        return string.Format(CultureInfo.CurrentCulture, template, values);
    }

    private static object Format(RefusalValue value) => value.Value switch
    {
        Instant at => Console.Words.When(at),
        LocalDate date => date.ToString("d", CultureInfo.CurrentCulture),
        Duration span => Span(span),
        var other => other,
    };

    /// <summary>"24 h", "90 min", "7 j": a duration as people say it.</summary>
    private static string Span(Duration span)
    {
        return span.TotalHours >= 48 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{(int)span.TotalDays} {(French ? "j" : "d")}"
            : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{(int)span.TotalHours} h"
            : $"{(int)Math.Ceiling(span.TotalMinutes)} min";
    }
}
