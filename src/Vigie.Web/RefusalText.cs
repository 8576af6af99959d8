using System.Globalization;
using Vigie.Domain;
using Vigie.Station.Texts;

namespace Vigie.Web;

/// <summary>
/// The domain's refusals in the reader's language, for the console and the portal alike: looked up by the refusal's
/// code in the station's Texts/RefusalText.resx (English) and RefusalText.fr.resx (French), shared with the timeline's
/// refused steps and the reports (<see cref="StepText"/>), never by its English sentence. The values it names are
/// formatted for the reader: an instant in Paris time French-style, an enum value by its name, a number in their culture.
/// </summary>
public sealed class RefusalText
{
    private RefusalText()
    {
    }

    /// <summary>The text for a refusal (each problem of a several-field refusal, joined); empty for none.</summary>
    public static string Of(Refusal? refusal) => StepText.Refusal(refusal);

    /// <summary>The text template for a code in the current UI culture, or null when the resources lack it.</summary>
    public static string? Template(string code, CultureInfo? culture = null) => StepText.RefusalTemplate(code, culture);
}
