using System.Text;
using System.Text.RegularExpressions;

namespace Vigie.Station.Tests;

/// <summary>
/// Just enough of a PDF reader to check what the station writes, with no PDF library: the file's frame (header,
/// cross-reference offsets that each land on their object, trailer), the page count, the text shown by Tj in each
/// page's content stream, the document info and the embedded files. Uncompressed streams only, as the station writes.
/// </summary>
internal sealed partial class PdfProbe
{
    private static readonly Encoding WinAnsi = CreateWinAnsi();

    private readonly byte[] _bytes;
    // One char per byte, so that offsets in the text are offsets in the file.
    private readonly string _text;
    private readonly Dictionary<int, int> _offsets = [];

    private PdfProbe(byte[] bytes)
    {
        _bytes = bytes;
        _text = Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF-1.", _text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF", _text.TrimEnd(), StringComparison.Ordinal);
        var startXref = StartXref().Matches(_text)[^1];
        var at = int.Parse(startXref.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var xref = XrefHeader().Match(_text, at);
        Assert.True(xref.Success && xref.Index == at, "startxref does not point at the xref table");
        var count = int.Parse(xref.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entries = _text[(xref.Index + xref.Length)..].Split('\n').Select(l => l.TrimEnd('\r', ' ')).Take(count).ToList();
        Assert.Equal("0000000000 65535 f", entries[0]);
        for (var number = 1; number < count; number++)
        {
            var entry = XrefEntry().Match(entries[number]);
            Assert.True(entry.Success, $"xref entry {number}: '{entries[number]}'");
            var offset = int.Parse(entry.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(_text.AsSpan(offset).StartsWith($"{number} 0 obj"), $"xref entry {number} points at '{_text.Substring(offset, Math.Min(20, _text.Length - offset))}'");
            _offsets[number] = offset;
        }
        Trailer = _text[_text.LastIndexOf("trailer", StringComparison.Ordinal)..];
    }

    public string Trailer { get; }

    public static PdfProbe Read(byte[] bytes) => new(bytes);

    public int PageCount => int.Parse(Count().Match(Object(PagesNumber)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The strings shown by Tj on each page, in order, decoded from Windows-1252.</summary>
    public IReadOnlyList<IReadOnlyList<string>> PageTexts =>
        [.. Refs(KidsList().Match(Object(PagesNumber)).Groups[1].Value).Select(page =>
            ShownStrings(Encoding.Latin1.GetString(StreamOf(Reference(Object(page), "/Contents")))))];

    /// <summary>Every page's shown strings joined by single spaces: wrapped lines read back as their sentence.</summary>
    public string Text => Regex.Replace(string.Join(' ', PageTexts.SelectMany(p => p)), @"\s+", " ");

    public string? Info(string key)
    {
        var info = Object(Reference(Trailer, "/Info"));
        var at = info.IndexOf($"/{key} ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var value = at + key.Length + 2;
        if (info[value] == '(')
        {
            return WinAnsi.GetString(Literal(info, ref value));
        }
        var hex = info[(value + 1)..info.IndexOf('>', value)];
        var bytes = Convert.FromHexString(hex);
        Assert.True(bytes is [0xFE, 0xFF, ..], $"text string {key} is neither literal nor UTF-16BE");
        return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
    }

    /// <summary>The embedded files listed in the catalog's /Names /EmbeddedFiles, by name.</summary>
    public IReadOnlyDictionary<string, byte[]> EmbeddedFiles
    {
        get
        {
            var catalog = Object(Reference(Trailer, "/Root"));
            var names = EmbeddedNames().Match(catalog);
            Assert.True(names.Success, "no /EmbeddedFiles in the catalog");
            var list = names.Groups[1].Value;
            var files = new Dictionary<string, byte[]>();
            var at = 0;
            while ((at = list.IndexOf('(', at)) >= 0)
            {
                var name = WinAnsi.GetString(Literal(list, ref at));
                var specification = Object(int.Parse(ObjectRef().Match(list, at).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Contains("/Type /Filespec", specification, StringComparison.Ordinal);
                var file = int.Parse(EmbeddedStream().Match(specification).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Contains("/Type /EmbeddedFile", Object(file), StringComparison.Ordinal);
                files[name] = StreamOf(file);
            }
            return files;
        }
    }

    private int PagesNumber => Reference(Object(Reference(Trailer, "/Root")), "/Pages");

    /// <summary>The text of object <paramref name="number"/> from "n 0 obj" to "endobj".</summary>
    private string Object(int number)
    {
        var start = _offsets[number];
        return _text[start.._text.IndexOf("endobj", start, StringComparison.Ordinal)];
    }

    private byte[] StreamOf(int number)
    {
        var body = Object(number);
        var length = int.Parse(StreamLength().Match(body).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var start = _offsets[number] + body.IndexOf("stream\n", StringComparison.Ordinal) + "stream\n".Length;
        Assert.StartsWith("\nendstream", _text[(start + length)..], StringComparison.Ordinal);
        return _bytes[start..(start + length)];
    }

    private static int Reference(string dictionary, string key)
    {
        var match = Regex.Match(dictionary, $@"{Regex.Escape(key)}\s+(\d+) 0 R");
        Assert.True(match.Success, $"no {key} reference");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<int> Refs(string list) =>
        ObjectRef().Matches(list).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The literal strings followed by the Tj operator.</summary>
    private static List<string> ShownStrings(string content)
    {
        var shown = new List<string>();
        var at = 0;
        while ((at = content.IndexOf('(', at)) >= 0)
        {
            var bytes = Literal(content, ref at);
            if (content.AsSpan(at).TrimStart().StartsWith("Tj"))
            {
                shown.Add(WinAnsi.GetString(bytes));
            }
        }
        return shown;
    }

    /// <summary>The bytes of the literal string opening at <paramref name="at"/>, which ends just past its ')'.</summary>
    private static byte[] Literal(string text, ref int at)
    {
        Assert.Equal('(', text[at]);
        var bytes = new List<byte>();
        var depth = 0;
        for (at++; ; at++)
        {
            var c = text[at];
            if (c == '\\')
            {
                var next = text[++at];
                if (next is >= '0' and <= '7')
                {
                    var digits = 0;
                    var value = 0;
                    while (digits < 3 && text[at] is >= '0' and <= '7')
                    {
                        value = (value * 8) + (text[at] - '0');
                        at++;
                        digits++;
                    }
                    at--;
                    bytes.Add((byte)value);
                    continue;
                }
                switch (next)
                {
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 'r': bytes.Add((byte)'\r'); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case 'b': bytes.Add((byte)'\b'); break;
                    case 'f': bytes.Add((byte)'\f'); break;
                    case '\n': break;
                    default: bytes.Add((byte)next); break;
                }
                continue;
            }
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                if (depth == 0)
                {
                    at++;
                    return [.. bytes];
                }
                depth--;
            }
            bytes.Add((byte)c);
        }
    }

    /// <summary>Windows-1252 from the shared framework's code pages, independent of the writer's own table.</summary>
    private static Encoding CreateWinAnsi()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"xref\n0 (\d+)\n")]
    private static partial Regex XrefHeader();

    [GeneratedRegex(@"^(\d{10}) 00000 n$")]
    private static partial Regex XrefEntry();

    [GeneratedRegex(@"/Count (\d+)")]
    private static partial Regex Count();

    [GeneratedRegex(@"/Kids \[([^\]]*)\]")]
    private static partial Regex KidsList();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex ObjectRef();

    [GeneratedRegex(@"/EmbeddedFiles\s*<<\s*/Names\s*\[(.*?)\]\s*>>", RegexOptions.Singleline)]
    private static partial Regex EmbeddedNames();

    [GeneratedRegex(@"/EF\s*<<\s*/F (\d+) 0 R")]
    private static partial Regex EmbeddedStream();

    [GeneratedRegex(@"/Length (\d+)")]
    private static partial Regex StreamLength();
}
