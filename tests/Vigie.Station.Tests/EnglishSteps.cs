using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Vigie.Station.Texts;

namespace Vigie.Station.Tests;

/// <summary>
/// The English words of the step texts that no French text uses, read from the step texts' resource files (English and
/// French): a new English text adds its words here, so a French screen or report that shows it fails.
/// </summary>
internal static partial class EnglishSteps
{
    private static readonly ResourceManager Texts = new("Vigie.Station.Texts.StepText", typeof(StepText).Assembly);

    public static IReadOnlyDictionary<string, string> Of(CultureInfo culture) =>
        (Texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false) ?? throw new InvalidOperationException($"no step texts for {culture.Name}"))
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [GeneratedRegex(@"\p{L}[\p{L}'’-]*")]
    private static partial Regex Word();

    private static IEnumerable<string> WordsOf(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant());

    /// <summary>Words of the English texts that differ from their French text, minus every word French uses too ("zone", "SMS").</summary>
    public static IReadOnlySet<string> Words { get; } = Build();

    private static HashSet<string> Build()
    {
        var english = Of(CultureInfo.InvariantCulture);
        var french = Of(CultureInfo.GetCultureInfo("fr"));
        var frenchWords = french.Values.SelectMany(WordsOf).ToHashSet();
        return [.. english.Where(e => french.GetValueOrDefault(e.Key) != e.Value).SelectMany(e => WordsOf(e.Value))
            .Where(w => w.Length >= 3 && !frenchWords.Contains(w))];
    }

    /// <summary>The English step words found in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> In(string text) => [.. WordsOf(text).Where(Words.Contains).Distinct()];

    /// <summary>A PDF's text as poppler's pdftotext reads it (Debian package poppler-utils, installed by .ci/run).</summary>
    public static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"vigie-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("pdftotext did not start");
            var text = process.StandardOutput.ReadToEnd();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"pdftotext: {errors}");
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
