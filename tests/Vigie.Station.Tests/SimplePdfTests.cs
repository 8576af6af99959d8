using System.Text;
using Vigie.Station.Reports;

namespace Vigie.Station.Tests;

/// <summary>The station's own PDF writer: escaping, WinAnsi text, metrics, wrapping, info and attachments.</summary>
public sealed class SimplePdfTests
{
    [Fact]
    public void Parentheses_backslashes_and_French_accents_round_trip_and_what_WinAnsi_lacks_becomes_a_question_mark()
    {
        const string tricky = @"(a) \ b) (c « é è à ç ù ô î » 12 €";
        var document = new SimplePdf { Title = "Rapport « été » (1)", Subject = "plain (ascii) \\" };
        document.AddPage().Text(40, 40, tricky, PdfFont.Helvetica, 10, PdfColor.Black);
        document.AddPage().Text(40, 40, "日本 ok", PdfFont.HelveticaBold, 10, new PdfColor(170, 0, 0));
        document.Attach("data (1).json", Encoding.UTF8.GetBytes("{\"a\": \"é\"}"), "application/json");
        var bytes = document.ToArray();

        var pdf = PdfProbe.Read(bytes);
        Assert.Equal(2, pdf.PageCount);
        Assert.Equal([tricky], pdf.PageTexts[0]);
        Assert.Equal(["?? ok"], pdf.PageTexts[1]);
        Assert.Equal("Rapport « été » (1)", pdf.Info("Title"));
        Assert.Equal("plain (ascii) \\", pdf.Info("Subject"));
        Assert.Equal("{\"a\": \"é\"}", Encoding.UTF8.GetString(pdf.EmbeddedFiles["data (1).json"]));
        // In the file: escaped delimiters, and the content stream stays ASCII (accents as octal escapes).
        var text = Encoding.Latin1.GetString(bytes);
        Assert.Contains(@"(\(a\) \\ b\) \(c \253 \351 \350 \340 \347 \371 \364 \356 \273 12 \200) Tj", text, StringComparison.Ordinal);
        Assert.Contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WinAnsi_encodes_the_Windows_1252_block_and_measures_with_the_Helvetica_widths()
    {
        Assert.Equal([0x80, 0x9C, 0xE9, 0x3F, 0x3F], WinAnsi.Encode("€œé\u0080\u2192"));
        Assert.Equal("€œé", WinAnsi.Decode([0x80, 0x9C, 0xE9]));
        // H e l l o = 722 + 556 + 222 + 222 + 556 in Helvetica; bold is wider.
        Assert.Equal(22.78, WinAnsi.Width("Hello", PdfFont.Helvetica, 10), 6);
        Assert.Equal(24.45, WinAnsi.Width("Hello", PdfFont.HelveticaBold, 10), 6);
        Assert.Equal(WinAnsi.Width("e", PdfFont.Helvetica, 10), WinAnsi.Width("é", PdfFont.Helvetica, 10));
    }

    [Fact]
    public void Wrapping_keeps_the_words_in_order_within_the_width_and_cuts_a_word_longer_than_a_line()
    {
        const string sentence = "agent on site: back door forced, police called, subscriber informed by voicemail";
        var lines = WinAnsi.Wrap(sentence, PdfFont.Helvetica, 10, 120);
        Assert.True(lines.Count > 2, string.Join(" | ", lines));
        Assert.All(lines, line => Assert.True(WinAnsi.Width(line, PdfFont.Helvetica, 10) <= 120, line));
        Assert.Equal(sentence, string.Join(' ', lines));
        // Each line took as many words as fit: the next word would not have.
        for (var i = 0; i < lines.Count - 1; i++)
        {
            Assert.True(WinAnsi.Width($"{lines[i]} {lines[i + 1].Split(' ')[0]}", PdfFont.Helvetica, 10) > 120);
        }

        var hash = new string('a', 64) + new string('b', 64);
        var cut = WinAnsi.Wrap($"hash {hash}", PdfFont.Helvetica, 8, 100);
        Assert.Equal("hash", cut[0]);
        Assert.Equal(hash, string.Concat(cut.Skip(1)));
        Assert.All(cut, line => Assert.True(WinAnsi.Width(line, PdfFont.Helvetica, 8) <= 100, line));
        Assert.Equal(["one", "", "two"], WinAnsi.Wrap("one\r\n\ntwo", PdfFont.Helvetica, 8, 100));
    }
}
