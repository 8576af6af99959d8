using System.Globalization;
using NodaTime;
using NodaTime.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Vigie.Station.Reports;

/// <summary>
/// The report as an A4 PDF: facts, the chain's verdict, the timeline over as many pages as it needs, the digest, and
/// "page X / Y" on each page. The report's JSON is attached (<see cref="AttachmentName"/>), so the PDF alone can be checked.
/// <para>
/// PDFsharp 6.5 works only once the process has loaded a license: <c>PdfSharpLicense.SetAgplLicense()</c> (AGPL-3.0,
/// with its source-offer duties for a network service) or <c>PdfSharpLicense.LoadLicense(key)</c> (commercial). That
/// choice belongs to whoever ships the station, so nothing here makes it; until it is made, <see cref="IsLicensed"/>
/// is false and the API answers 501.
/// </para>
/// </summary>
public static class IncidentReportPdf
{
    /// <summary>Whether the process has loaded a PDFsharp license (see the class summary).</summary>
    public static bool IsLicensed
    {
        get
        {
            try
            {
                // PDFsharp checks its license when a document is made; it offers no public test of its own.
                using var probe = new PdfDocument();
                return true;
            }
            catch (PdfSharp.License.PdfSharpLicenseException)
            {
                return false;
            }
        }
    }

    private const double Margin = 40;
    private const double FooterHeight = 24;

    private static readonly XColor Ink = XColor.FromArgb(30, 30, 30);
    private static readonly XBrush Grey = new XSolidBrush(XColor.FromArgb(110, 110, 110));
    private static readonly XBrush Red = new XSolidBrush(XColor.FromArgb(170, 0, 0));
    private static readonly XBrush RedBackground = new XSolidBrush(XColor.FromArgb(253, 228, 228));
    private static readonly XBrush GreenBackground = new XSolidBrush(XColor.FromArgb(226, 243, 228));
    private static readonly XBrush HeaderBackground = new XSolidBrush(XColor.FromArgb(235, 235, 235));

    /// <summary>The file name of the attached JSON.</summary>
    public static string AttachmentName(IncidentReport report) => $"incident-report-{report.IncidentId}.json";

    public static byte[] Write(IncidentReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(culture);
        if (!IsLicensed)
        {
            throw new InvalidOperationException("PDF export needs a PDFsharp license loaded by the host (AGPL-3.0 or commercial); none is");
        }
        ReportFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"{ReportText.Get("Title", culture)} {report.IncidentId}";
        // The verdict in the document's info as well: a reader's properties window shows it, and tests can read it.
        document.Info.Subject = $"{report.SiteId}: {Verdict(report, culture)}";
        document.Info.Creator = "Vigie";
        document.Info.Author = report.GeneratedBy;
        using (var json = new MemoryStream(IncidentReportJson.Write(report)))
        {
            document.AddEmbeddedFile(AttachmentName(report), json);
        }
        new Layout(document, report, culture).Draw();
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static string Verdict(IncidentReport report, CultureInfo culture) => report.Chain.IsIntact
        ? ReportText.Format("ChainVerified", culture, report.Chain.EventsChecked, report.Chain.HeadHash ?? "-")
        : ReportText.Format("ChainBroken", culture, report.Chain.FirstBrokenVersion, report.Chain.Problem);

    /// <summary>A cursor down the pages: each block asks for its height and gets a new page when it would not fit.</summary>
    private sealed class Layout(PdfDocument document, IncidentReport report, CultureInfo culture)
    {
        private readonly XFont _title = new(ReportFonts.Family, 16, XFontStyleEx.Bold);
        private readonly XFont _heading = new(ReportFonts.Family, 11, XFontStyleEx.Bold);
        private readonly XFont _label = new(ReportFonts.Family, 8.5, XFontStyleEx.Bold);
        private readonly XFont _text = new(ReportFonts.Family, 8.5, XFontStyleEx.Regular);
        private readonly XFont _small = new(ReportFonts.Family, 6.5, XFontStyleEx.Regular);
        private readonly DateTimeZone _zone = IncidentReports.ZoneOf(report.TimeZone);
        private readonly LocalDateTimePattern _time = LocalDateTimePattern.Create(ReportText.Get("DateTimePattern", culture), CultureInfo.InvariantCulture);
        private XGraphics? _graphics;
        private double _y;
        private double _width;
        private double _bottom;

        private XGraphics G => _graphics!;

        public void Draw()
        {
            NewPage();
            G.DrawString(ReportText.Get("Title", culture), _title, new XSolidBrush(Ink), new XRect(Margin, _y, _width, 20), XStringFormats.TopLeft);
            _y += 26;
            Facts();
            _y += 8;
            Verdict();
            _y += 10;
            Timeline();
            _y += 10;
            Digest();
            _graphics?.Dispose();
            PageNumbers();
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            var page = document.AddPage();
            page.Size = PageSize.A4;
            _graphics = XGraphics.FromPdfPage(page);
            _width = page.Width.Point - (2 * Margin);
            _bottom = page.Height.Point - Margin - FooterHeight;
            _y = Margin;
        }

        private void Ensure(double height)
        {
            if (_y + height > _bottom)
            {
                NewPage();
            }
        }

        private string Local(Instant at) => _time.Format(at.InZone(_zone).LocalDateTime);

        private string Label(string key) => ReportText.Get(key, culture);

        private void Facts()
        {
            var duration = report.DurationSeconds is { } seconds
                ? Duration.FromSeconds(seconds).ToString("H:mm:ss", CultureInfo.InvariantCulture)
                : Label("NotClosed");
            (string Key, string? Value)[] facts =
            [
                ("Incident", report.IncidentId),
                ("Site", report.SiteId),
                ("Subscriber", report.Subscriber),
                ("Address", report.Address),
                ("Offer", report.Offer),
                ("AlertKind", report.AlertKind),
                ("Zone", report.Zone is { } zone ? $"{zone} {report.ZoneName}".Trim() : null),
                ("Procedure", report.Procedure),
                ("AlertAt", Local(report.AlertAt)),
                ("OpenedAt", report.OpenedAt is { } opened ? Local(opened) : null),
                ("ClosedAt", report.ClosedAt is { } closed ? Local(closed) : Label("NotClosed")),
                ("Duration", duration),
                ("Classification", report.Classification),
                ("ClosingNote", report.ClosingNote),
                ("Verification", report.Verification ?? Label("NoVerification")),
            ];
            const double labelWidth = 120;
            foreach (var (key, value) in facts.Where(f => !string.IsNullOrEmpty(f.Value)))
            {
                var lines = Wrap(value!, _text, _width - labelWidth);
                var height = lines.Count * 11;
                Ensure(height);
                G.DrawString(Label(key), _label, XBrushes.Black, new XRect(Margin, _y, labelWidth, 11), XStringFormats.TopLeft);
                DrawLines(lines, _text, XBrushes.Black, Margin + labelWidth, 11);
                _y += height;
            }
            var note = ReportText.Format("TimeZone", culture, report.TimeZone);
            Ensure(11);
            G.DrawString(note, _small, Grey, new XRect(Margin, _y + 2, _width, 10), XStringFormats.TopLeft);
            _y += 12;
        }

        /// <summary>The chain's verdict in a coloured box: green when intact, red naming the version when not.</summary>
        private void Verdict()
        {
            var chain = report.Chain;
            var text = IncidentReportPdf.Verdict(report, culture);
            var lines = Wrap(text, _heading, _width - 16);
            var height = (lines.Count * 14) + 24;
            Ensure(height);
            G.DrawRectangle(chain.IsIntact ? GreenBackground : RedBackground, Margin, _y, _width, height);
            G.DrawString(Label("Chain"), _label, Grey, new XRect(Margin + 8, _y + 5, _width, 10), XStringFormats.TopLeft);
            _y += 18;
            DrawLines(lines, _heading, chain.IsIntact ? XBrushes.DarkGreen : Red, Margin + 8, 14);
            _y += (lines.Count * 14) + 6;
        }

        private static readonly (string Key, double Width)[] Columns = [("ColVersion", 26), ("ColTime", 92), ("ColActor", 88), ("ColType", 104), ("ColText", 0)];

        private void Timeline()
        {
            Ensure(40);
            G.DrawString(Label("Timeline"), _heading, XBrushes.Black, new XRect(Margin, _y, _width, 14), XStringFormats.TopLeft);
            _y += 18;
            TableHeader();
            foreach (var entry in report.Timeline)
            {
                string[] cells = [entry.Version.ToString(culture), Local(entry.At), entry.Actor, entry.Type, entry.Text];
                var wrapped = cells.Select((cell, i) => Wrap(cell, _text, ColumnWidth(i) - 4)).ToList();
                const double line = 10.5;
                var height = (wrapped.Max(w => w.Count) * line) + 9 + 4;
                if (_y + height > _bottom)
                {
                    NewPage();
                    TableHeader();
                }
                var x = Margin;
                for (var i = 0; i < wrapped.Count; i++)
                {
                    var top = _y;
                    DrawLines(wrapped[i], _text, XBrushes.Black, x + 2, line);
                    _y = top;
                    x += ColumnWidth(i);
                }
                _y += (wrapped.Max(w => w.Count) * line) + 1;
                // The hash under the row, small: what an expert compares with the log or the JSON.
                G.DrawString($"hash {entry.Hash}", _small, Grey, new XRect(Margin + Columns[0].Width + 2, _y, _width, 8), XStringFormats.TopLeft);
                _y += 9;
                G.DrawLine(XPens.LightGray, Margin, _y + 1.5, Margin + _width, _y + 1.5);
                _y += 4;
            }
        }

        private double ColumnWidth(int i) => Columns[i].Width > 0 ? Columns[i].Width : _width - Columns.Sum(c => c.Width);

        private void TableHeader()
        {
            G.DrawRectangle(HeaderBackground, Margin, _y, _width, 14);
            var x = Margin;
            for (var i = 0; i < Columns.Length; i++)
            {
                G.DrawString(Label(Columns[i].Key), _label, XBrushes.Black, new XRect(x + 2, _y + 2, ColumnWidth(i), 11), XStringFormats.TopLeft);
                x += ColumnWidth(i);
            }
            _y += 17;
        }

        private void Digest()
        {
            var note = Wrap(ReportText.Format("DigestNote", culture, AttachmentName(report)), _small, _width);
            var generated = ReportText.Format("Generated", culture, Local(report.GeneratedAt), report.GeneratedBy);
            Ensure(40 + (note.Count * 8));
            G.DrawString(Label("Digest"), _label, XBrushes.Black, new XRect(Margin, _y, _width, 11), XStringFormats.TopLeft);
            _y += 12;
            G.DrawString(report.Digest, _text, XBrushes.Black, new XRect(Margin, _y, _width, 11), XStringFormats.TopLeft);
            _y += 13;
            DrawLines(note, _small, Grey, Margin, 8);
            _y += (note.Count * 8) + 4;
            G.DrawString(generated, _small, Grey, new XRect(Margin, _y, _width, 8), XStringFormats.TopLeft);
            _y += 10;
        }

        /// <summary>Numbers the pages once all are laid out: only then is Y known.</summary>
        private void PageNumbers()
        {
            var count = document.PageCount;
            for (var i = 0; i < count; i++)
            {
                var page = document.Pages[i];
                using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var footer = new XRect(Margin, page.Height.Point - Margin - 10, page.Width.Point - (2 * Margin), 10);
                graphics.DrawString($"{ReportText.Get("Title", culture)} {report.IncidentId}", _small, Grey, footer, XStringFormats.TopLeft);
                graphics.DrawString(ReportText.Format("Page", culture, i + 1, count), _small, Grey, footer, XStringFormats.TopRight);
            }
        }

        private void DrawLines(IReadOnlyList<string> lines, XFont font, XBrush brush, double x, double lineHeight)
        {
            var y = _y;
            foreach (var text in lines)
            {
                G.DrawString(text, font, brush, new XRect(x, y, _width, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }
            _y = y;
        }

        /// <summary>Words to lines that fit the width; a word too long for a line (a hash, a path) is cut.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                var current = "";
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = current.Length == 0 ? word : $"{current} {word}";
                    if (G.MeasureString(candidate, font).Width <= width)
                    {
                        current = candidate;
                        continue;
                    }
                    if (current.Length > 0)
                    {
                        lines.Add(current);
                    }
                    current = word;
                    while (current.Length > 1 && G.MeasureString(current, font).Width > width)
                    {
                        var fit = current.Length - 1;
                        while (fit > 1 && G.MeasureString(current[..fit], font).Width > width)
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
}
