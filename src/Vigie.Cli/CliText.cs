using System.CommandLine;
using System.Globalization;
using System.Resources;
using NodaTime;

namespace Vigie.Cli;

/// <summary>
/// The words a person reads in the command line's tables: Resources/CliText.resx (English) and CliText.fr.resx
/// (French, the default). The language is <c>--lang fr|en</c>, else the VIGIE_LANG environment variable, else French;
/// LANG is not read, machines set it to C or en_US without anyone choosing it. JSON output and exit codes do not change.
/// </summary>
internal static class CliText
{
    public const string Variable = "VIGIE_LANG";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly ResourceManager Texts = new("Vigie.Cli.Resources.CliText", typeof(CliText).Assembly);

    public static CultureInfo Culture { get; private set; } = French;

    public static Option<string?> LanguageOption() => new("--lang")
    {
        Recursive = true,
        Description = $"Language of the tables and messages a person reads: fr (default) or en; without it, the {Variable} environment variable.",
    };

    /// <summary>Sets the language from the option, else the environment; a clear error for a language it does not speak.</summary>
    public static string? Choose(string? option, string? environment)
    {
        var (chosen, from) = !string.IsNullOrWhiteSpace(option) ? (option.Trim(), "--lang") : (environment?.Trim(), Variable);
        if (string.IsNullOrEmpty(chosen))
        {
            Culture = French;
            return null;
        }
        var language = chosen.Split('-', '_', '.')[0].ToLowerInvariant();
        switch (language)
        {
            case "fr":
                Culture = French;
                return null;
            case "en":
                Culture = English;
                return null;
            default:
                return $"{from} '{chosen}': fr or en";
        }
    }

    public static string Get(string key) =>
        Texts.GetString(key, Culture) ?? throw new InvalidOperationException($"no command-line text '{key}'");

    public static string Format(string key, params object?[] values) => string.Format(Culture, Get(key), values);

    /// <summary>A domain value's name, named once with the steps' texts ("Intrusion", "Opérateur : intrusion"), as the console says it.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Vigie.Station.Texts.StepText.Name(value, Culture);

    /// <summary>An instant in Paris, French-style with seconds ("3 déc. 2026 05:06:07").</summary>
    public static string When(Instant at) =>
        at.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).ToDateTimeUnspecified().ToString("d MMM yyyy HH:mm:ss", Culture);
}
