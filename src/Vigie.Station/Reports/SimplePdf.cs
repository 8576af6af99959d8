using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigie.Station.Reports;

/// <summary>The two faces a <see cref="SimplePdf"/> writes with: standard-14 fonts every reader has, so nothing is embedded.</summary>
public enum PdfFont
{
    Helvetica,
    HelveticaBold,
}

/// <summary>An RGB colour, 0–255 per channel.</summary>
public readonly record struct PdfColor(byte R, byte G, byte B)
{
    public static PdfColor Black { get; } = new(0, 0, 0);
}

/// <summary>
/// A minimal PDF 1.7 writer: A4 pages of Helvetica text (WinAnsi, so French is covered), rectangles and lines, document
/// info and one or more attached files. We write PDFs ourselves because PDFsharp 6.5 is AGPL-3.0-only, which the
/// architecture rules out. Coordinates are points from the page's top-left corner, y downwards, as a layout thinks;
/// content streams are left uncompressed so an auditor (or a test) can read the text with a text editor.
/// </summary>
public sealed class SimplePdf
{
    public const double A4Width = 595.28;
    public const double A4Height = 841.89;

    private readonly List<SimplePdfPage> _pages = [];
    private readonly List<(string Name, byte[] Content, string MimeType, string? Description)> _attachments = [];

    public string? Title { get; set; }
    public string? Subject { get; set; }
    public string? Author { get; set; }
    public string? Creator { get; set; }
    public string Producer { get; set; } = "Vigie";

    /// <summary>Set by the caller (not read from the clock) so the same input gives the same bytes.</summary>
    public DateTimeOffset? CreationDate { get; set; }

    public IReadOnlyList<SimplePdfPage> Pages => _pages;

    public SimplePdfPage AddPage()
    {
        var page = new SimplePdfPage(A4Width, A4Height);
        _pages.Add(page);
        return page;
    }

    /// <summary>Attaches a file (catalog /Names /EmbeddedFiles): readers list it, and it travels with the PDF.</summary>
    public void Attach(string name, byte[] content, string mimeType, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(content);
        _attachments.Add((name, content, mimeType, description));
    }

    public byte[] ToArray()
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("a PDF needs at least one page");
        }
        var output = new Output();
        // The comment of high bytes tells transfer tools the file is binary.
        output.Raw("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");

        // Object numbers are fixed up front so that objects can refer to later ones.
        const int catalog = 1, pages = 2, regular = 3, bold = 4, info = 5;
        var next = 6;
        var attachments = _attachments.Select(_ => (File: next++, Spec: next++)).ToList();
        var pageObjects = _pages.Select(_ => (Page: next++, Content: next++)).ToList();

        var names = attachments.Count == 0
            ? ""
            : $" /Names << /EmbeddedFiles << /Names [{string.Join(' ', _attachments.Select((a, i) => $"{Literal(a.Name)} {attachments[i].Spec} 0 R"))}] >> >>";
        output.Object(catalog, $"<< /Type /Catalog /Pages {pages} 0 R{names} >>");
        output.Object(pages, $"<< /Type /Pages /Kids [{string.Join(' ', pageObjects.Select(p => $"{p.Page} 0 R"))}] /Count {_pages.Count} >>");
        output.Object(regular, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        output.Object(bold, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        output.Object(info, InfoDictionary());
        for (var i = 0; i < _attachments.Count; i++)
        {
            var (name, content, mimeType, description) = _attachments[i];
            output.Stream(attachments[i].File, $"/Type /EmbeddedFile /Subtype /{MimeName(mimeType)} /Params << /Size {content.Length} >>", content);
            var desc = description is null ? "" : $" /Desc {TextString(description)}";
            output.Object(attachments[i].Spec, $"<< /Type /Filespec /F {Literal(name)} /UF {TextString(name)}{desc} /EF << /F {attachments[i].File} 0 R >> /AFRelationship /Data >>");
        }
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            output.Object(pageObjects[i].Page,
                $"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {Number(page.Width)} {Number(page.Height)}] " +
                $"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {pageObjects[i].Content} 0 R >>");
            output.Stream(pageObjects[i].Content, "", Encoding.ASCII.GetBytes(page.Content));
        }

        var xref = output.Length;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {next}\n0000000000 65535 f\r\n");
        for (var number = 1; number < next; number++)
        {
            table.Append(CultureInfo.InvariantCulture, $"{output.OffsetOf(number):D10} 00000 n\r\n");
        }
        // The file identifier: a digest of the body, so it is stable for the same content.
        var id = Convert.ToHexString(SHA256.HashData(output.Bytes.GetBuffer().AsSpan(0, (int)xref))[..16]);
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {next} /Root {catalog} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        output.Raw(table.ToString());
        return output.Bytes.ToArray();
    }

    private string InfoDictionary()
    {
        var info = new StringBuilder("<<");
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                info.Append(CultureInfo.InvariantCulture, $" /{key} {TextString(value)}");
            }
        }
        Add("Title", Title);
        Add("Subject", Subject);
        Add("Author", Author);
        Add("Creator", Creator);
        Add("Producer", Producer);
        if (CreationDate is { } date)
        {
            var utc = date.ToUniversalTime();
            info.Append(CultureInfo.InvariantCulture, $" /CreationDate (D:{utc:yyyyMMddHHmmss}Z)");
        }
        return info.Append(" >>").ToString();
    }

    /// <summary>A MIME type as a PDF name: '/' becomes #2F.</summary>
    private static string MimeName(string mimeType) => mimeType.Replace("/", "#2F", StringComparison.Ordinal);

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A literal string of WinAnsi bytes, with ( ) \ escaped and bytes outside printable ASCII in octal.</summary>
    internal static string Literal(string text) => Literal(WinAnsi.Encode(text));

    internal static string Literal(byte[] bytes)
    {
        var literal = new StringBuilder(bytes.Length + 2).Append('(');
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'(' or (byte)')' or (byte)'\\' => literal.Append('\\').Append((char)b),
                < 0x20 or >= 0x7F => literal.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0')),
                _ => literal.Append((char)b),
            };
        }
        return literal.Append(')').ToString();
    }

    /// <summary>
    /// A text string for info and file names: ASCII as a literal, anything else as UTF-16BE with its byte-order mark
    /// (PDFDocEncoding differs from WinAnsi on € and the quotes; UTF-16 does not).
    /// </summary>
    internal static string TextString(string text) => text.All(c => c is >= ' ' and < '\u007f')
        ? Literal(text)
        : $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>";

    /// <summary>The file being written, with the offset of each object for the cross-reference table.</summary>
    private sealed class Output
    {
        private readonly Dictionary<int, long> _offsets = [];

        public MemoryStream Bytes { get; } = new();

        public long Length => Bytes.Length;

        public long OffsetOf(int number) => _offsets[number];

        /// <summary>Text whose characters are all below 256: written one byte each.</summary>
        public void Raw(string text) => Bytes.Write(Encoding.Latin1.GetBytes(text));

        public void Object(int number, string body)
        {
            _offsets.Add(number, Bytes.Length);
            Raw($"{number} 0 obj\n{body}\nendobj\n");
        }

        public void Stream(int number, string dictionary, byte[] content)
        {
            _offsets.Add(number, Bytes.Length);
            var entries = dictionary.Length == 0 ? "" : $"{dictionary} ";
            Raw(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n<< {entries}/Length {content.Length} >>\nstream\n"));
            Bytes.Write(content);
            Raw("\nendstream\nendobj\n");
        }
    }
}

/// <summary>One page: drawing operations appended to its content stream (a page may be drawn on again later, e.g. numbered).</summary>
public sealed class SimplePdfPage
{
    private readonly StringBuilder _content = new();

    internal SimplePdfPage(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }
    public double Height { get; }

    internal string Content => _content.ToString();

    /// <summary>Text whose top-left corner is at (<paramref name="x"/>, <paramref name="top"/>); no wrapping.</summary>
    public void Text(double x, double top, string text, PdfFont font, double size, PdfColor color)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The baseline sits an ascent below the top: Helvetica's ascender is 718/1000 of the size.
        var baseline = Height - top - (size * 0.718);
        var name = font == PdfFont.HelveticaBold ? "F2" : "F1";
        _content.Append(CultureInfo.InvariantCulture,
            $"BT /{name} {SimplePdf.Number(size)} Tf {Rgb(color)} rg {SimplePdf.Number(x)} {SimplePdf.Number(baseline)} Td {SimplePdf.Literal(text)} Tj ET\n");
    }

    /// <summary>Text whose top-right corner is at (<paramref name="right"/>, <paramref name="top"/>).</summary>
    public void TextRight(double right, double top, string text, PdfFont font, double size, PdfColor color) =>
        Text(right - WinAnsi.Width(text, font, size), top, text, font, size, color);

    public void FillRectangle(double x, double top, double width, double height, PdfColor color) =>
        _content.Append(CultureInfo.InvariantCulture,
            $"q {Rgb(color)} rg {Rect(x, top, width, height)} re f Q\n");

    public void StrokeRectangle(double x, double top, double width, double height, PdfColor color, double lineWidth = 0.5) =>
        _content.Append(CultureInfo.InvariantCulture,
            $"q {Rgb(color)} RG {SimplePdf.Number(lineWidth)} w {Rect(x, top, width, height)} re S Q\n");

    public void Line(double x1, double y1, double x2, double y2, PdfColor color, double lineWidth = 0.5) =>
        _content.Append(CultureInfo.InvariantCulture,
            $"q {Rgb(color)} RG {SimplePdf.Number(lineWidth)} w {SimplePdf.Number(x1)} {SimplePdf.Number(Height - y1)} m {SimplePdf.Number(x2)} {SimplePdf.Number(Height - y2)} l S Q\n");

    private string Rect(double x, double top, double width, double height) =>
        $"{SimplePdf.Number(x)} {SimplePdf.Number(Height - top - height)} {SimplePdf.Number(width)} {SimplePdf.Number(height)}";

    private static string Rgb(PdfColor color) =>
        string.Create(CultureInfo.InvariantCulture, $"{color.R / 255.0:0.###} {color.G / 255.0:0.###} {color.B / 255.0:0.###}");
}

/// <summary>
/// WinAnsiEncoding (Windows-1252) and the Helvetica metrics for it: enough to encode, measure and wrap text for the
/// standard fonts without any font file.
/// </summary>
public static class WinAnsi
{
    /// <summary>Unicode of bytes 0x80–0x9F; 0 where Windows-1252 leaves the byte undefined. The rest is Latin-1.</summary>
    private static readonly char[] High =
    [
        '\u20ac', '\0', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\0', '\u017d', '\0',
        '\0', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\0', '\u017e', '\u0178',
    ];

    private static readonly Dictionary<char, byte> FromHigh = High
        .Select((c, i) => (c, b: (byte)(0x80 + i)))
        .Where(p => p.c != '\0')
        .ToDictionary(p => p.c, p => p.b);

    // Advance widths (1/1000 of the size) of codes 32–255 in WinAnsiEncoding, from Adobe's Helvetica and
    // Helvetica-Bold AFM files; 0 where the code has no glyph (we never write those codes).
    private static readonly short[] HelveticaWidths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
    ];

    private static readonly short[] HelveticaBoldWidths =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
    ];

    /// <summary>Windows-1252 bytes of <paramref name="text"/>: one byte per character, '?' for what WinAnsi lacks.</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new List<byte>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            bytes.Add(rune.Value switch
            {
                '\t' => (byte)' ',
                // French typography's narrow no-break space: WinAnsi has only the no-break space.
                0x202F => 0xA0,
                >= 0x20 and < 0x7F => (byte)rune.Value,
                >= 0xA0 and <= 0xFF => (byte)rune.Value,
                _ when rune.IsBmp && FromHigh.TryGetValue((char)rune.Value, out var b) => b,
                _ => (byte)'?',
            });
        }
        return [.. bytes];
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x80 and < 0xA0 && High[b - 0x80] != '\0' ? High[b - 0x80] : (char)b);
        }
        return text.ToString();
    }

    /// <summary>The advance width in points of <paramref name="text"/> set in <paramref name="font"/> at <paramref name="size"/>.</summary>
    public static double Width(string text, PdfFont font, double size)
    {
        var widths = font == PdfFont.HelveticaBold ? HelveticaBoldWidths : HelveticaWidths;
        var total = 0;
        foreach (var b in Encode(text))
        {
            total += b >= 32 ? widths[b - 32] : 0;
        }
        return total * size / 1000;
    }

    /// <summary>
    /// Words to lines no wider than <paramref name="width"/>; a word too long for a line (a hash, a path) is cut.
    /// Line breaks in the text are kept.
    /// </summary>
    public static List<string> Wrap(string text, PdfFont font, double size, double width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (Width(candidate, font, size) <= width)
                {
                    current = candidate;
                    continue;
                }
                if (current.Length > 0)
                {
                    lines.Add(current);
                }
                current = word;
                while (current.Length > 1 && Width(current, font, size) > width)
                {
                    var fit = current.Length - 1;
                    while (fit > 1 && Width(current[..fit], font, size) > width)
                    {
                        fit--;
                    }
                    lines.Add(current[..fit]);
                    current = current[fit..];
                }
            }
            lines.Add(current);
        }
        return lines;
    }
}
