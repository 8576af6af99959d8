using System.Globalization;
using System.Net;
using System.Resources;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;
using Vigie.Station.Reports;
using Vigie.Station.Texts;

namespace Vigie.Station.Tests;

/// <summary>The incident report for the subscriber, the insurer or the police: its JSON, its checks, its PDF, its languages.</summary>
public sealed class IncidentReportTests
{
    private static readonly Actor Alice = Actor.Operator("alice");

    [Fact]
    [Trait("Rule", "INS-4")]
    public async Task INS_4_the_JSON_report_lists_every_step_with_its_times_and_verifies_and_a_changed_byte_is_named()
    {
        await using var station = await EngineUnderTest.StartAsync();
        const string id = "TI-R1-0001";
        await ClosedIntrusionAsync(station, "TI-R1", "2101", id);
        var detail = await station.IncidentAsync(id);

        var report = await new IncidentReports(station.Desk).ReportAsync(id, "operator:alice");
        Assert.NotNull(report);
        var json = IncidentReportJson.Write(report);
        var read = JsonNode.Parse(json)!;
        Assert.Equal(detail.Timeline.Select(e => e.Version), read["timeline"]!.AsArray().Select(e => (long)e!["version"]!));
        Assert.Equal(detail.Timeline.Select(e => e.Text), read["timeline"]!.AsArray().Select(e => (string)e!["text"]!));
        Assert.Contains("rue des Lilas", report.Address, StringComparison.Ordinal);
        Assert.Equal("RealIntrusion", (string)read["classification"]!);
        Assert.Contains("back door forced", (string)read["closingNote"]!, StringComparison.Ordinal);
        // 09:00 UTC on 23 November is 10:00 in Paris (the site's zone), with its offset.
        Assert.StartsWith("2026-11-23T10:00:", (string)read["timeline"]![0]!["atLocal"]!, StringComparison.Ordinal);
        Assert.EndsWith("+01:00", (string)read["timeline"]![0]!["atLocal"]!, StringComparison.Ordinal);
        Assert.True(report.Chain.IsIntact);
        Assert.Equal(detail.Timeline[^1].Hash, report.Chain.HeadHash);
        var check = IncidentReportJson.Verify(json);
        Assert.True(check.IsValid, check.Problem);
        Assert.True(check.ChainIntact);

        // One byte of one entry's text: the check names that entry.
        var findings = report.Timeline.First(e => e.Text.Contains("back door forced", StringComparison.Ordinal));
        var changed = ChangeByteAfter(json, $"\"text\": \"{findings.Text[..^1]}");
        var tampered = IncidentReportJson.Verify(changed);
        Assert.False(tampered.IsValid);
        Assert.Equal(findings.Version, tampered.Version);
        Assert.StartsWith($"entry {findings.Version}:", tampered.Problem, StringComparison.Ordinal);

        // The digest itself.
        var digest = IncidentReportJson.Verify(ChangeByteAfter(json, $"\"digest\": \"{report.Digest[..^1]}"));
        Assert.False(digest.IsValid);
        Assert.StartsWith("digest:", digest.Problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "INS-4")]
    public async Task A_row_edited_in_the_event_log_makes_the_report_say_the_chain_breaks_at_its_version_in_JSON_and_PDF()
    {
        await using var station = await EngineUnderTest.StartAsync();
        const string id = "TI-R2-0001";
        await ClosedIntrusionAsync(station, "TI-R2", "2102", id);
        var detail = await station.IncidentAsync(id);
        var edited = detail.Timeline.First(e => e.Text.Contains("back door forced", StringComparison.Ordinal)).Version;

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = station.Engine.EventLogPath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE events SET data = replace(data, 'back door forced', 'back door intact') WHERE stream = $stream AND version = $version";
            command.Parameters.AddWithValue("$stream", detail.Chain.Stream);
            command.Parameters.AddWithValue("$version", edited);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var report = (await new IncidentReports(station.Desk).ReportAsync(id, "operator:alice"))!;
        Assert.False(report.Chain.IsIntact);
        Assert.Equal(edited, report.Chain.FirstBrokenVersion);
        Assert.Null(report.Chain.HeadHash);
        var json = IncidentReportJson.Write(report);
        Assert.False((bool)JsonNode.Parse(json)!["chain"]!["isIntact"]!);
        Assert.Equal(edited, (long)JsonNode.Parse(json)!["chain"]!["firstBrokenVersion"]!);
        // The report is faithful to a broken log: valid as a document, and its own entries break at the same version.
        var check = IncidentReportJson.Verify(json);
        Assert.True(check.IsValid, check.Problem);
        Assert.False(check.ChainIntact);
        Assert.Equal(edited, check.ChainBrokenAt);

        foreach (var culture in IncidentReports.Languages)
        {
            var pdf = PdfProbe.Read(IncidentReportPdf.Write(report, culture));
            var warning = ReportText.Format("ChainBroken", culture, edited, report.Chain.Problem);
            Assert.Contains(warning, pdf.Info("Subject"), StringComparison.Ordinal);
            // On the page, in the red box: the warning's words up to the version (the problem may be cut where it wraps).
            var upToVersion = warning[..(warning.IndexOf($" {edited}", StringComparison.Ordinal) + 1 + $"{edited}".Length)];
            // The probe's page text has every space made plain, the no-break one before French « : » too.
            Assert.Contains(upToVersion.Replace('\u202F', ' '), pdf.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(ReportText.Get("ChainVerified", culture)[..10], pdf.Text, StringComparison.Ordinal);
            Assert.Equal(json, AttachedJson(pdf, report));
        }
    }

    [Fact]
    [Trait("Rule", "INS-4")]
    public async Task A_150_step_incident_paginates_its_PDF_which_carries_its_title_and_its_verifiable_JSON()
    {
        await using var station = await EngineUnderTest.StartAsync(http: true);
        await station.ProvisionAsync(Sites.Of("TI-R3", "2103", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2103");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(32));
        const string id = "TI-R3-0001";
        await station.IncidentAsync(id);
        Assert.True((await station.Desk.IncidentCommandAsync(id, new TakeIncident(Alice, station.Now))).Accepted);
        // Refused steps are recorded too: the cheapest way to a long timeline.
        for (var i = 0; i < 150; i++)
        {
            Assert.False((await station.Desk.IncidentCommandAsync(id, new CallPolice("", Alice, station.Now))).Accepted);
        }
        var steps = (await station.IncidentAsync(id)).Timeline.Count;
        Assert.True(steps > 150);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") };
        var response = await http.GetAsync(new Uri($"/api/v1/incidents/{id}/report.pdf?lang=en&by=operator:alice", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = PdfProbe.Read(await response.Content.ReadAsByteArrayAsync());
        var pages = pdf.PageCount;
        Assert.True(pages > 1, $"{pages} page(s)");
        Assert.Equal(pages, pdf.PageTexts.Count);
        Assert.Equal($"Incident report {id}", pdf.Info("Title"));
        Assert.Contains($"page 1 / {pages}", pdf.PageTexts[0]);
        Assert.Contains($"page {pages} / {pages}", pdf.PageTexts[^1]);
        // A page that starts mid-timeline repeats the table's header.
        Assert.Contains("Details", pdf.PageTexts[1]);
        var attached = pdf.EmbeddedFiles[$"incident-report-{id}.json"];
        var check = IncidentReportJson.Verify(attached);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(steps, JsonNode.Parse(attached)!["timeline"]!.AsArray().Count);

        // The same report as JSON equals the attachment (the clock has not moved, the generator is the same).
        var json = await http.GetByteArrayAsync(new Uri($"/api/v1/incidents/{id}/report.json?by=operator:alice", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(attached));
        var french = PdfProbe.Read(await http.GetByteArrayAsync(new Uri($"/api/v1/incidents/{id}/report.pdf", UriKind.Relative)));
        Assert.Equal($"Rapport d'incident {id}", french.Info("Title"));

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/v1/incidents/NOPE-0001/report.json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/v1/incidents/NOPE-0001/report.pdf", UriKind.Relative))).StatusCode);
        var badLang = await http.GetAsync(new Uri($"/api/v1/incidents/{id}/report.pdf?lang=de", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badLang.StatusCode);
        Assert.Equal("lang", (string?)JsonNode.Parse(await badLang.Content.ReadAsStringAsync())!["field"]);
    }

    [Fact]
    [Trait("Rule", "INS-4")]
    public async Task The_PDF_of_an_intrusion_shows_every_step_in_the_reports_language_and_carries_the_JSON_that_verifies()
    {
        await using var station = await EngineUnderTest.StartAsync();
        const string id = "TI-R4-0001";
        await ClosedIntrusionAsync(station, "TI-R4", "2104", id);
        var report = (await new IncidentReports(station.Desk).ReportAsync(id, "operator:alice"))!;
        var json = IncidentReportJson.Write(report);

        var french = CultureInfo.GetCultureInfo("fr");
        var english = CultureInfo.GetCultureInfo("en");
        foreach (var culture in IncidentReports.Languages)
        {
            var pdf = PdfProbe.Read(IncidentReportPdf.Write(report, culture));
            Assert.Equal(1, pdf.PageCount);
            var text = Regex.Replace(pdf.Text, @"\s+", " ");
            // Every step's text in the report's language, made from its event, its wrapped lines read back in order.
            foreach (var entry in report.Timeline)
            {
                var step = StepText.Of(EventCodec.Read<IncidentEvent>(entry.Data)!, culture);
                Assert.Contains(Regex.Replace(step, @"\s+", " "), text, StringComparison.Ordinal);
                Assert.Contains(entry.Hash, text, StringComparison.Ordinal);
            }
            Assert.Contains(report.Address!, text, StringComparison.Ordinal);
            Assert.Contains(report.Digest, text, StringComparison.Ordinal);
            Assert.Contains(ReportText.Format("ChainVerified", culture, report.Chain.EventsChecked, "")[..20], text, StringComparison.Ordinal);
            Assert.Contains("page 1 / 1", pdf.PageTexts[0]);
            var other = culture.Name == "fr" ? english : french;
            foreach (var key in new[] { "Title", "Timeline", "Subscriber", "Chain", "ColText", "Digest" })
            {
                Assert.Contains(ReportText.Get(key, culture), pdf.PageTexts[0]);
                Assert.DoesNotContain(ReportText.Get(key, other), pdf.PageTexts[0]);
            }
            Assert.Equal($"{ReportText.Get("Title", culture)} {id}", pdf.Info("Title"));
            Assert.Equal("Vigie", pdf.Info("Producer"));

            var attached = AttachedJson(pdf, report);
            Assert.Equal(json, attached);
            var check = IncidentReportJson.Verify(attached);
            Assert.True(check.IsValid, check.Problem);
            Assert.True(check.ChainIntact);
        }
        // Accents come through WinAnsi: "Intégrité du journal", "Détails".
        Assert.Contains("Intégrité du journal", PdfProbe.Read(IncidentReportPdf.Write(report, french)).PageTexts[0]);
    }

    [Fact]
    public async Task A_mass_outage_s_report_describes_its_place_in_the_report_s_language()
    {
        await using var station = await EngineUnderTest.StartAsync();
        const string id = "TI-R7-0001";
        await ClosedIntrusionAsync(station, "TI-R7", "2107", id);
        // A mass outage's brief has no address: the station's fixed description stands in its place.
        var report = (await new IncidentReports(station.Desk).ReportAsync(id, "operator:alice"))! with { Address = IncidentBrief.MassOutageDetail };

        var french = Regex.Replace(PdfProbe.Read(IncidentReportPdf.Write(report, CultureInfo.GetCultureInfo("fr"))).Text, @"\s+", " ");
        var english = Regex.Replace(PdfProbe.Read(IncidentReportPdf.Write(report, CultureInfo.GetCultureInfo("en"))).Text, @"\s+", " ");

        Assert.Contains("de nombreux sites muets en même temps", french, StringComparison.Ordinal);
        Assert.DoesNotContain("many sites silent", french, StringComparison.Ordinal);
        Assert.Contains("many sites silent together", english, StringComparison.Ordinal);
    }

    [Fact]
    public void French_and_English_labels_have_the_same_keys_and_differ()
    {
        static Dictionary<string, string> Labels(CultureInfo culture)
        {
            var set = ReportText.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                ?? throw new InvalidOperationException($"no report labels for '{culture.Name}'");
            return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        }
        var english = Labels(CultureInfo.InvariantCulture);
        var french = Labels(CultureInfo.GetCultureInfo("fr"));
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), french.Keys.Order(StringComparer.Ordinal));
        Assert.NotEqual(english["Title"], french["Title"]);
        Assert.Equal("Rapport d'incident", ReportText.Get("Title", CultureInfo.GetCultureInfo("fr")));
        Assert.Equal("Incident report", ReportText.Get("Title", CultureInfo.GetCultureInfo("en")));
        Assert.True(english.Count(e => french[e.Key] != e.Value) > english.Count / 2);
    }

    [Fact]
    [Trait("Rule", "INS-4")]
    public async Task The_French_PDF_read_by_pdftotext_tells_every_step_in_French_with_no_English_step_word()
    {
        await using var station = await EngineUnderTest.StartAsync();
        const string id = "TI-R6-0001";
        await ClosedIntrusionAsync(station, "TI-R6", "2106", id, french: true);
        var report = (await new IncidentReports(station.Desk).ReportAsync(id, "operator:alice"))!;

        var text = EnglishSteps.PdfText(IncidentReportPdf.Write(report, CultureInfo.GetCultureInfo("fr")));

        Assert.NotEmpty(EnglishSteps.Words);
        Assert.Empty(EnglishSteps.In(text));
        var words = Regex.Replace(text, @"\s+", " ");
        foreach (var french in new[] { "pris en charge", "interpellation", "Pas de réponse", "agent de sécurité envoyé",
            "constat de l'agent", "forces de l'ordre appelées", "clôturé", "Intrusion réelle", "Tout inclus", "Opérateur", "23 nov. 2026 10:00:32" })
        {
            Assert.Contains(french, words, StringComparison.Ordinal);
        }
        // Internal names stay out: no event type, no enum value, no UTC instant.
        Assert.DoesNotContain("IncidentTaken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ToutInclus", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RealIntrusion", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VoicemailLeft", text, StringComparison.Ordinal);
    }

    /// <summary>A TOUT INCLUS intrusion handled to the end: wrong code, calls, agent finding a break-in, police, closing.</summary>
    private static async Task ClosedIntrusionAsync(EngineUnderTest station, string siteId, string account, string id, bool french = false)
    {
        await station.ProvisionAsync(Sites.Of(siteId, account, OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel(account);
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(32));
        await station.IncidentAsync(id);
        async Task Do(IncidentCommand command) => Assert.True((await station.Desk.IncidentCommandAsync(id, command)).Accepted, command.GetType().Name);
        await Do(new TakeIncident(Alice, station.Now));
        await Do(new Interpellate(true, Alice, station.Now));
        Assert.True((await station.Desk.CheckHeardCodeAsync(id, "4321", Alice)).Accepted);
        await Do(new CallPerson(Sites.Subscriber, CallOutcome.VoicemailLeft, null, Alice, station.Now));
        await Do(new CallPerson(Sites.Neighbour, CallOutcome.NoAnswer, null, Alice, station.Now));
        await Do(new CallPerson(Sites.Sister, CallOutcome.VoicemailLeft, null, Alice, station.Now));
        station.Advance(Duration.FromMinutes(3));
        await Do(new DispatchAgent(Alice, station.Now));
        station.Advance(Duration.FromMinutes(20));
        await Do(new RecordAgentFindings(true, french ? "porte arrière fracturée" : "back door forced", Alice, station.Now));
        await Do(new CallPolice(french ? "17 appelé" : "17 called", Alice, station.Now));
        await Do(new CloseIncident(Classification.RealIntrusion, french ? "porte arrière fracturée, police sur place" : "back door forced, police on site", Alice, station.Now));
    }

    /// <summary>The JSON with the byte just after <paramref name="marker"/> changed (one letter for another).</summary>
    private static byte[] ChangeByteAfter(byte[] json, string marker)
    {
        var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        Assert.True(at >= 0, $"not found: {marker}");
        var copy = (byte[])json.Clone();
        var index = at + Encoding.UTF8.GetByteCount(marker);
        copy[index] = copy[index] == (byte)'a' ? (byte)'b' : (byte)'a';
        return copy;
    }

    /// <summary>The report's JSON attached to the PDF under its name (catalog /Names /EmbeddedFiles).</summary>
    private static byte[] AttachedJson(PdfProbe pdf, IncidentReport report)
    {
        var files = pdf.EmbeddedFiles;
        Assert.Equal([IncidentReportPdf.AttachmentName(report)], files.Keys);
        return files[IncidentReportPdf.AttachmentName(report)];
    }
}
