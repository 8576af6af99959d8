using System.Globalization;
using System.Text.Json;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;
using Vigie.Station.Texts;

namespace Vigie.Station.Reports;

/// <summary>
/// The report as an A4 PDF: facts, the chain's verdict, the timeline over as many pages as it needs, the digest, and
/// "page X / Y" on each page. The report's JSON is attached (<see cref="AttachmentName"/>), so the PDF alone can be checked.
/// Written with <see cref="SimplePdf"/> (no PDF library: PDFsharp 6.5 is AGPL-3.0-only).
/// </summary>
public static class IncidentReportPdf
{
    private const double Margin = 40;
    private const double FooterHeight = 24;

    private static readonly PdfColor Black = PdfColor.Black;
    private static readonly PdfColor Grey = new(110, 110, 110);
    private static readonly PdfColor LightGrey = new(211, 211, 211);
    private static readonly PdfColor Red = new(170, 0, 0);
    private static readonly PdfColor DarkGreen = new(0, 100, 0);
    private static readonly PdfColor RedBackground = new(253, 228, 228);
    private static readonly PdfColor GreenBackground = new(226, 243, 228);
    private static readonly PdfColor HeaderBackground = new(235, 235, 235);

    /// <summary>The file name of the attached JSON.</summary>
    public static string AttachmentName(IncidentReport report) => $"incident-report-{report.IncidentId}.json";

    public static byte[] Write(IncidentReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(culture);
        var document = new SimplePdf
        {
            Title = $"{ReportText.Get("Title", culture)} {report.IncidentId}",
            // The verdict in the document's info as well: a reader's properties window shows it, and tests can read it.
            Subject = $"{report.SiteId}: {Verdict(report, culture)}",
            Creator = "Vigie",
            Author = report.GeneratedBy,
            CreationDate = report.GeneratedAt.ToDateTimeOffset(),
        };
        document.Attach(AttachmentName(report), IncidentReportJson.Write(report), "application/json", ReportText.Get("Title", culture));
        new Layout(document, report, culture).Draw();
        return document.ToArray();
    }

    private static string Verdict(IncidentReport report, CultureInfo culture) => report.Chain.IsIntact
        ? ReportText.Format("ChainVerified", culture, report.Chain.EventsChecked, report.Chain.HeadHash ?? "-")
        : ReportText.Format("ChainBroken", culture, report.Chain.FirstBrokenVersion, report.Chain.Problem);

    /// <summary>A text style: face and size.</summary>
    private readonly record struct Style(PdfFont Font, double Size);

    /// <summary>A cursor down the pages: each block asks for its height and gets a new page when it would not fit.</summary>
    private sealed class Layout(SimplePdf document, IncidentReport report, CultureInfo culture)
    {
        private static readonly Style TitleStyle = new(PdfFont.HelveticaBold, 16);
        private static readonly Style Heading = new(PdfFont.HelveticaBold, 11);
        private static readonly Style LabelStyle = new(PdfFont.HelveticaBold, 8.5);
        private static readonly Style TextStyle = new(PdfFont.Helvetica, 8.5);
        private static readonly Style Small = new(PdfFont.Helvetica, 6.5);

        private readonly DateTimeZone _zone = IncidentReports.ZoneOf(report.TimeZone);

        // The steps as recorded: each row's text is made from its event in the report's language, never from the JSON's text.
        private readonly IncidentEvent?[] _events = [.. report.Timeline.Select(e => Decode(e.Data))];

        private static IncidentEvent? Decode(string data)
        {
            try
            {
                return EventCodec.Read<IncidentEvent>(data);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private string StepOf(int row) => _events[row] is { } e ? StepText.Of(e, culture) : report.Timeline[row].Text;

        private string? Named<TEnum>(string? name) where TEnum : struct, Enum =>
            name is null ? null : Enum.TryParse<TEnum>(name, out var value) ? StepText.Name(value, culture) : name;

        private string? Closing()
        {
            if (_events.OfType<IncidentClosed>().LastOrDefault() is not { } closed)
            {
                return report.ClosingNote;
            }
            var why = closed.Why is { } step ? StepText.Of(step, culture) : closed.Outcome;
            return closed.Note is { Length: > 0 } note ? $"{why} ({note})" : why;
        }

        private string? Verification() => _events.All(e => e is not null) && Incident.Replay(_events!).VerifiedBy is { } kind
            ? StepText.Name(kind, culture)
            : report.Verification;
        private SimplePdfPage? _page;
        private double _y;
        private double _width;
        private double _bottom;

        private SimplePdfPage Page => _page!;

        public void Draw()
        {
            NewPage();
            Text(Margin, _y, ReportText.Get("Title", culture), TitleStyle, Black);
            _y += 26;
            Facts();
            _y += 8;
            Verdict();
            _y += 10;
            Timeline();
            _y += 10;
            Digest();
            PageNumbers();
        }

        private void NewPage()
        {
            _page = document.AddPage();
            _width = _page.Width - (2 * Margin);
            _bottom = _page.Height - Margin - FooterHeight;
            _y = Margin;
        }

        private void Ensure(double height)
        {
            if (_y + height > _bottom)
            {
                NewPage();
            }
        }

        private void Text(double x, double top, string text, Style style, PdfColor color) =>
            Page.Text(x, top, text, style.Font, style.Size, color);

        private static List<string> Wrap(string text, Style style, double width) => WinAnsi.Wrap(text, style.Font, style.Size, width);

        private string Local(Instant at) => StepText.When(at.InZone(_zone).LocalDateTime, culture, seconds: true);

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
                // A mass outage has no address: the station's fixed description, read in the report's language.
                ("Address", report.Address == IncidentBrief.MassOutageDetail ? StepText.Of(Domain.Step.Of("MassOutage.Detail"), culture) : report.Address),
                ("Offer", Named<OfferCode>(report.Offer)),
                ("AlertKind", Named<AlertKind>(report.AlertKind)),
                ("Zone", report.Zone is { } zone ? $"{zone} {report.ZoneName}".Trim() : null),
                ("Procedure", Named<ProcedureKind>(report.Procedure)),
                ("AlertAt", Local(report.AlertAt)),
                ("OpenedAt", report.OpenedAt is { } opened ? Local(opened) : null),
                ("ClosedAt", report.ClosedAt is { } closed ? Local(closed) : Label("NotClosed")),
                ("Duration", duration),
                ("Classification", Named<Classification>(report.Classification)),
                ("ClosingNote", Closing()),
                ("Verification", Verification() ?? Label("NoVerification")),
            ];
            const double labelWidth = 120;
            foreach (var (key, value) in facts.Where(f => !string.IsNullOrEmpty(f.Value)))
            {
                var lines = Wrap(value!, TextStyle, _width - labelWidth);
                var height = lines.Count * 11;
                Ensure(height);
                Text(Margin, _y, Label(key), LabelStyle, Black);
                DrawLines(lines, TextStyle, Black, Margin + labelWidth, 11);
            }
            Ensure(11);
            Text(Margin, _y + 2, ReportText.Format("TimeZone", culture, report.TimeZone), Small, Grey);
            _y += 12;
        }

        /// <summary>The chain's verdict in a coloured box: green when intact, red naming the version when not.</summary>
        private void Verdict()
        {
            var intact = report.Chain.IsIntact;
            var lines = Wrap(IncidentReportPdf.Verdict(report, culture), Heading, _width - 16);
            var height = (lines.Count * 14) + 24;
            Ensure(height);
            Page.FillRectangle(Margin, _y, _width, height, intact ? GreenBackground : RedBackground);
            Text(Margin + 8, _y + 5, Label("Chain"), LabelStyle, Grey);
            _y += 18;
            DrawLines(lines, Heading, intact ? DarkGreen : Red, Margin + 8, 14);
            _y += 6;
        }

        private static readonly (string Key, double Width)[] Columns = [("ColVersion", 26), ("ColTime", 100), ("ColActor", 96), ("ColText", 0)];

        private void Timeline()
        {
            Ensure(40);
            Text(Margin, _y, Label("Timeline"), Heading, Black);
            _y += 18;
            TableHeader();
            const double line = 10.5;
            for (var row = 0; row < report.Timeline.Count; row++)
            {
                var entry = report.Timeline[row];
                string[] cells = [entry.Version.ToString(culture), Local(entry.At), StepText.Actor(entry.Actor, culture), StepOf(row)];
                var wrapped = cells.Select((cell, i) => Wrap(cell, TextStyle, ColumnWidth(i) - 4)).ToList();
                var rows = wrapped.Max(w => w.Count);
                if (_y + (rows * line) + 9 + 4 > _bottom)
                {
                    NewPage();
                    TableHeader();
                }
                var x = Margin;
                for (var i = 0; i < wrapped.Count; i++)
                {
                    var top = _y;
                    DrawLines(wrapped[i], TextStyle, Black, x + 2, line);
                    _y = top;
                    x += ColumnWidth(i);
                }
                _y += (rows * line) + 1;
                // The hash under the row, small: what an expert compares with the log or the JSON.
                Text(Margin + Columns[0].Width + 2, _y, $"hash {entry.Hash}", Small, Grey);
                _y += 9;
                Page.Line(Margin, _y + 1.5, Margin + _width, _y + 1.5, LightGrey);
                _y += 4;
            }
        }

        private double ColumnWidth(int i) => Columns[i].Width > 0 ? Columns[i].Width : _width - Columns.Sum(c => c.Width);

        private void TableHeader()
        {
            Page.FillRectangle(Margin, _y, _width, 14, HeaderBackground);
            var x = Margin;
            for (var i = 0; i < Columns.Length; i++)
            {
                Text(x + 2, _y + 3, Label(Columns[i].Key), LabelStyle, Black);
                x += ColumnWidth(i);
            }
            _y += 17;
        }

        private void Digest()
        {
            var note = Wrap(ReportText.Format("DigestNote", culture, AttachmentName(report)), Small, _width);
            var generated = ReportText.Format("Generated", culture, Local(report.GeneratedAt), StepText.Actor(report.GeneratedBy, culture));
            Ensure(40 + (note.Count * 8));
            Text(Margin, _y, Label("Digest"), LabelStyle, Black);
            _y += 12;
            Text(Margin, _y, report.Digest, TextStyle, Black);
            _y += 13;
            DrawLines(note, Small, Grey, Margin, 8);
            _y += 4;
            Text(Margin, _y, generated, Small, Grey);
            _y += 10;
        }

        /// <summary>Numbers the pages once all are laid out: only then is Y known.</summary>
        private void PageNumbers()
        {
            var count = document.Pages.Count;
            var title = $"{ReportText.Get("Title", culture)} {report.IncidentId}";
            for (var i = 0; i < count; i++)
            {
                var page = document.Pages[i];
                var top = page.Height - Margin - 10;
                page.Text(Margin, top, title, Small.Font, Small.Size, Grey);
                page.TextRight(page.Width - Margin, top, ReportText.Format("Page", culture, i + 1, count), Small.Font, Small.Size, Grey);
            }
        }

        /// <summary>Lines one under the other from the cursor, which ends below the last.</summary>
        private void DrawLines(IReadOnlyList<string> lines, Style style, PdfColor color, double x, double lineHeight)
        {
            foreach (var text in lines)
            {
                Text(x, _y, text, style, color);
                _y += lineHeight;
            }
        }
    }
}
