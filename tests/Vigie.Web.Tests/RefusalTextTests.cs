using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using NodaTime;
using Vigie.Domain;

namespace Vigie.Web.Tests;

/// <summary>The console's and portal's refusal texts are looked up by the refusal's code, with its values formatted for the reader.</summary>
public sealed partial class RefusalTextTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static IReadOnlyList<string> Codes() =>
        [.. typeof(RefusalCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)];

    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var resources = new ResourceManager("Vigie.Station.Texts.RefusalText", typeof(Station.Texts.StepText).Assembly);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no refusal texts for {culture.Name}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static string In(CultureInfo culture, Func<string> text)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        try
        {
            return text();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    [GeneratedRegex(@"\{(\d+)(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Every_refusal_code_the_domain_can_give_has_a_text_in_French_and_English_naming_the_same_values()
    {
        var english = Texts(CultureInfo.InvariantCulture);
        var french = Texts(CultureInfo.GetCultureInfo("fr"));
        var codes = Codes();

        Assert.Empty(codes.Except(english.Keys));
        Assert.Empty(codes.Except(french.Keys));
        Assert.Empty(english.Keys.Except(codes));
        Assert.Empty(french.Keys.Except(codes));
        foreach (var code in codes)
        {
            var inEnglish = Placeholder().Matches(english[code]).Select(m => m.Groups[1].Value).Order().Distinct();
            var inFrench = Placeholder().Matches(french[code]).Select(m => m.Groups[1].Value).Order().Distinct();
            Assert.True(inEnglish.SequenceEqual(inFrench), $"{code}: {english[code]} / {french[code]}");
        }
    }

    [Fact]
    public void A_refusal_naming_an_instant_shows_it_in_Paris_time_French_style_not_in_UTC()
    {
        var calledAt = Instant.FromUtc(2026, 12, 3, 4, 6, 6);
        var refusal = Refusal.Conflict(RefusalCodes.IncidentPoliceAlreadyCalled, $"police were already called at {calledAt}", calledAt);

        var text = In(French, () => RefusalText.Of(refusal));

        Assert.Equal("les forces de l'ordre ont déjà été appelées le 3 déc. 2026 05:06", text);
        Assert.DoesNotContain("04:06", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Z", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_naming_a_procedure_names_it_in_the_readers_language()
    {
        var refusal = Refusal.Conflict(RefusalCodes.IncidentNotPartOfProcedure, "not part of the OperatorDomesticRisk procedure",
            RefusalValue.Named(Domain.Incidents.ProcedureKind.OperatorDomesticRisk));

        Assert.Equal("ne fait pas partie de la procédure «\u202fOpérateur\u202f: risque domestique\u202f»", In(French, () => RefusalText.Of(refusal)));
        Assert.Equal("not part of the Operator: domestic risk procedure", In(CultureInfo.GetCultureInfo("en-GB"), () => RefusalText.Of(refusal)));
    }

    [Fact]
    public void The_text_comes_from_the_code_not_from_the_English_sentence()
    {
        var refusal = Refusal.Conflict(RefusalCodes.IncidentTakenBy, "held by someone (the sentence may change)", "alice");

        Assert.Equal("pris par alice", In(French, () => RefusalText.Of(refusal)));
        Assert.Equal("taken by alice", In(CultureInfo.GetCultureInfo("en-GB"), () => RefusalText.Of(refusal)));
    }

    [Fact]
    public void Several_wrong_fields_are_each_said_and_numbers_and_dates_follow_the_reader()
    {
        var refusal = Refusal.All(
        [
            Refusal.Invalid("emails[0]", RefusalCodes.EmailInvalid, "emails[0]: 'nobody' is not an email address", "nobody"),
            Refusal.Invalid("amount", RefusalCodes.IncidentAmountOverCeiling, "amount: over", 323m, 23.5m),
            Refusal.Invalid("date", RefusalCodes.IncidentVisitNotWorkingDay, "date: a Sunday", new LocalDate(2026, 12, 6)),
        ]);

        Assert.Equal("« nobody » n'est pas une adresse e-mail\u202f; le plafond est de 323,00 € et il reste 23,50 € (ALR-11)\u202f; "
            + "le 6 déc. 2026 n'est pas un jour ouvré\u202f; les techniciens interviennent les jours ouvrés (SUP-2)", In(French, () => RefusalText.Of(refusal)));
    }
}
