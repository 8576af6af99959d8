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

    /// <summary>A text in French whatever the request's language: the e-mails subscribers receive are in French.</summary>
    public static string French(string key, params object[] arguments)
    {
        var text = Resources.GetString(key, FrenchCulture) ?? throw new InvalidOperationException($"no account text '{key}'");
        return arguments.Length == 0 ? text : string.Format(FrenchCulture, text, arguments);
    }
}
