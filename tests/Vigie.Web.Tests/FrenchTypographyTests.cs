using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Vigie.Web.Tests;

/// <summary>
/// French typography in every French resource: a no-break space (narrow, U+202F, or full, U+00A0) before « : », « ; »,
/// « ! » and « ? », so the mark never starts a line nor sticks to its word. URLs, times (05:06) and format
/// placeholders ({0:HH:mm}) or date formats are not sentences and are left out.
/// </summary>
public sealed partial class FrenchTypographyTests
{
    private const char NarrowNoBreak = '\u202F';
    private const char NoBreak = '\u00A0';

    public static TheoryData<string> FrenchResources => [.. Directory
        .EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.fr.resx", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(RepositoryRoot(), f))
        .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(FrenchResources))]
    public void Every_French_text_has_a_no_break_space_before_a_high_punctuation_mark(string resource)
    {
        var faults = new List<string>();
        foreach (var data in XDocument.Load(Path.Combine(RepositoryRoot(), resource)).Root!.Elements("data"))
        {
            var value = data.Element("value")?.Value ?? "";
            foreach (var fault in Faults(value))
            {
                faults.Add($"{data.Attribute("name")?.Value}: {fault} in « {value} »");
            }
        }
        Assert.True(faults.Count == 0, $"{resource}: {faults.Count} texts without a no-break space before : ; ! ?\n" + string.Join("\n", faults));
    }

    [Theory]
    [InlineData("Statut : armé", 1)]
    [InlineData("Statut: armé", 1)]
    [InlineData("Vraiment ?", 1)]
    [InlineData("Attention ; fin !", 2)]
    [InlineData("Statut\u202F: armé\u00A0; vraiment\u202F?", 0)]
    [InlineData("à 05:06, {0:HH:mm} sur https://vigie.example/a?b=1", 0)]
    [InlineData("dd/MM/yyyy HH:mm:ss", 0)]
    [InlineData("Quoi\u202F?!", 0)]
    [InlineData("{0} {1} {2} {3:00}:{4:00}", 0)]
    [InlineData("{0}: {1}", 1)]
    public void The_check_finds_plain_and_missing_spaces_and_leaves_times_links_and_placeholders(string text, int expected) =>
        Assert.Equal(expected, Faults(text).Count);

    /// <summary>The marks of <paramref name="text"/> not preceded by a no-break space, with what precedes them.</summary>
    private static List<string> Faults(string text)
    {
        // Not prose: format placeholders (a digit, so "{3:00}:{4:00}" reads as the time it is), links, and times or
        // ratios between digits.
        var prose = Placeholder().Replace(text, "0");
        prose = Link().Replace(prose, "X");
        prose = TimePattern().Replace(prose, "X");
        var faults = new List<string>();
        for (var i = 0; i < prose.Length; i++)
        {
            if (prose[i] is not (':' or ';' or '!' or '?'))
            {
                continue;
            }
            var before = i == 0 ? NoBreak : prose[i - 1];
            if (prose[i] == ':' && char.IsAsciiDigit(before) && i + 1 < prose.Length && char.IsAsciiDigit(prose[i + 1]))
            {
                continue;
            }
            if (before is NarrowNoBreak or NoBreak or '!' or '?')
            {
                continue;
            }
            faults.Add(before == ' ' ? $"plain space before « {prose[i]} »" : $"no space before « {prose[i]} »");
        }
        return faults;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Vigie.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Vigie.slnx) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();

    /// <summary>A date-and-time format (dd/MM/yyyy HH:mm:ss), as a resource gives it to the formatter.</summary>
    [GeneratedRegex(@"\b[Hh]{1,2}:mm(?::ss)?\b")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"\b(?:https?|mailto|tel|otpauth):\S*")]
    private static partial Regex Link();
}
