using System.Globalization;
using System.Resources;

namespace Vigie.Web;

/// <summary>
/// The account pages' and e-mails' texts (RC-4): Resources/AccountText.resx (English) and AccountText.fr.resx (French).
/// </summary>
public sealed class AccountText
{
    private static readonly ResourceManager Resources = new("Vigie.Web.Resources.AccountText", typeof(AccountText).Assembly);
    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>A text in French whatever the request's language.</summary>
    public static string French(string key, params object[] arguments) => In(FrenchCulture, key, arguments);

    /// <summary>
    /// A text in <paramref name="culture"/> whatever the request's language: e-mails are written in the station's message
    /// language (Engine:MessageCulture), not in that of whoever asked for them.
    /// </summary>
    public static string In(CultureInfo culture, string key, params object[] arguments)
    {
        var text = Resources.GetString(key, culture) ?? throw new InvalidOperationException($"no account text '{key}'");
        return arguments.Length == 0 ? text : string.Format(culture, text, arguments);
    }
}
