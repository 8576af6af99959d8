using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigie.Domain;
using Vigie.Receiver;
using Vigie.Receiver.Journal;
using Vigie.Station.Api;
using Vigie.Station.Reports;
using Vigie.Web.Staff;

namespace Vigie.Web.Console;

/// <summary>
/// The console's downloads for a signed-in member (its cookie): an incident's report as JSON or PDF, generated in the
/// member's name and audited, and the receiver's journal as JSON. Reads only: a cookie never writes through these
/// routes, so a page on another site that makes the browser call them changes nothing and cannot read the answer.
/// </summary>
internal static class ConsoleEndpoints
{
    public static void MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/console/api").RequireAuthorization(StaffRoles.Handles);
        MapSignals(api);

        api.MapGet("/incidents/{incidentId}/report.json", async (string incidentId, HttpContext http, IncidentReports reports, StaffAudit audit) =>
        {
            var by = StaffRoles.ActorOf(http.User).ToString();
            var report = await reports.ReportAsync(incidentId, by);
            await audit.RecordAsync(by, new AuditEntry("report-json", incidentId, report is not null, report is null ? "no such incident" : null));
            return report is null
                ? RefusalProblem.Of(NoIncident(incidentId))
                : Results.File(IncidentReportJson.Write(report), "application/json", $"incident-report-{incidentId}.json");
        });

        api.MapGet("/incidents/{incidentId}/report.pdf", async (string incidentId, string? lang, HttpContext http, IncidentReports reports, StaffAudit audit) =>
        {
            // The member's console language unless asked otherwise (a report for a foreign insurer, say).
            var culture = lang is null ? CultureInfo.CurrentUICulture : IncidentReports.Languages.FirstOrDefault(c => c.Name.Equals(lang, StringComparison.OrdinalIgnoreCase));
            if (culture is null)
            {
                return RefusalProblem.Of(Refusal.Invalid("lang", RefusalCodes.ReportLanguageUnknown, $"lang: {lang} is not a report language (fr or en)", lang ?? ""));
            }
            var by = StaffRoles.ActorOf(http.User).ToString();
            var report = await reports.ReportAsync(incidentId, by);
            await audit.RecordAsync(by, new AuditEntry("report-pdf", incidentId, report is not null, report is null ? "no such incident" : null));
            return report is null
                ? RefusalProblem.Of(NoIncident(incidentId))
                : Results.File(IncidentReportPdf.Write(report, culture), "application/pdf", $"incident-report-{incidentId}.pdf");
        });
    }

    /// <summary>The journal of signals, as `GET /api/v1/signals` gives it to a bearer: what the demo banner links to.</summary>
    private static void MapSignals(RouteGroupBuilder api) =>
        api.MapGet("/signals", (long? after, string? account, int? limit, IJournalReader journal) =>
        {
            var signals = journal.List(account, after ?? 0, Math.Clamp(limit ?? 100, 1, 1000));
            return Results.Text($"[{string.Join(",", signals.Select(s => s.ToJson()))}]", "application/json");
        });

    private static Refusal NoIncident(string incidentId) => Refusal.NotFound(RefusalCodes.IncidentNotFound, $"no incident {incidentId}");
}
