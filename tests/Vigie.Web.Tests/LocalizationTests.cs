using System.Collections;
using System.Globalization;
using System.Resources;

namespace Vigie.Web.Tests;

/// <summary>The console speaks French by default and English on request; both languages have every text.</summary>
public sealed class LocalizationTests
{
    private static HashSet<string> Keys(CultureInfo culture)
    {
        var resources = new ResourceManager("Vigie.Web.Resources.ConsoleText", typeof(ConsoleText).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no resources for {culture.Name}");
        return [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
    }

    [Fact]
    public void French_and_English_have_the_same_texts()
    {
        var english = Keys(CultureInfo.InvariantCulture);
        var french = Keys(CultureInfo.GetCultureInfo("fr"));
        Assert.True(english.Count > 150, $"{english.Count} texts");
        Assert.Empty(english.Except(french));
        Assert.Empty(french.Except(english));
    }

    [Fact]
    public void Every_alert_kind_classification_and_call_outcome_has_a_name_in_both_languages()
    {
        // The names are the station's, shared with the reports and the CLI (Vigie.Station/Texts/StepText.resx).
        foreach (var culture in new[] { CultureInfo.GetCultureInfo("fr"), CultureInfo.GetCultureInfo("en") })
        {
            foreach (var key in Enum.GetNames<Domain.Incidents.AlertKind>().Select(n => "AlertKind." + n)
                .Concat(Enum.GetNames<Domain.Incidents.Classification>().Select(n => "Classification." + n))
                .Concat(Enum.GetNames<Domain.Incidents.CallOutcome>().Select(n => "CallOutcome." + n))
                .Concat(Enum.GetNames<Domain.Incidents.ProcedureKind>().Select(n => "ProcedureKind." + n)))
            {
                Assert.NotNull(Station.Texts.StepText.Template(key, culture));
            }
        }
    }

    [Fact]
    public async Task The_login_page_is_in_French_by_default()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        using var client = await console.ClientAsync(null);
        var page = await client.GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"fr\"", page);
        Assert.Contains("Mot de passe", page);
    }
}

/// <summary>RC-4: the account pages' and e-mails' texts exist in both languages.</summary>
public sealed class AccountTextTests
{
    private static HashSet<string> Keys(CultureInfo culture)
    {
        var resources = new ResourceManager("Vigie.Web.Resources.AccountText", typeof(AccountText).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no account texts for {culture.Name}");
        return [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public void French_and_English_have_the_same_account_texts()
    {
        var english = Keys(CultureInfo.InvariantCulture);
        var french = Keys(CultureInfo.GetCultureInfo("fr"));
        Assert.True(english.Count > 40, $"{english.Count} texts");
        Assert.Empty(english.Except(french));
        Assert.Empty(french.Except(english));
    }

    [Fact]
    [Trait("Rule", "RC-4")]
    public void Emails_are_written_in_french_whatever_the_language_of_the_request()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
        Assert.Equal("Votre accès à l'espace abonné Vigie", AccountText.French("mail.invite.subject"));
        Assert.Contains("http://x/l", AccountText.French("mail.reset.body", "http://x/l"));
    }
}
