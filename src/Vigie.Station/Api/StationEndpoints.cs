using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Receiver;
using Vigie.Station.Engine;
using Vigie.Station.Reports;
using Vigie.Station.Simulator;

namespace Vigie.Station.Api;

/// <param name="Rebind">Move the site's panel account from the site it is bound to now (refused without it, naming that site).</param>
public sealed record ProvisionRequest(SiteDefinition Site, string? IdentificationCode = null, string? DuressCode = null, IReadOnlyList<ActivationStep>? Activation = null, string? By = null,
    bool Rebind = false);

public sealed record CodeRequest(string? Code = null, string? By = null);

public sealed record ActivationRequest(ActivationStep Step, string? By = null);

public sealed record ProtectPlusRequest(Instant Start, int Periods, string? By = null);

/// <summary>A simulated phone's answer or rejection: the call by its id ("call"), or by the number it rings at.</summary>
public sealed record PhoneRequest(string? Number = null, string? Dtmf = null, string? Call = null);

public sealed record ProfileRequest(string Profile, string? By = null);

public sealed record TestPeriodRequest(TestPeriodKind Kind, Instant End, string Reason, Instant? Start = null, string? By = null);

public sealed record CameraLinkRequest(bool Lost, string? By = null);

public sealed record ActivityDetectionRequest(bool On, string? By = null);
/// <summary>The weekly detection windows in the site's local time (VID-11); null or absent removes the schedule.</summary>
public sealed record DetectionScheduleRequest(IReadOnlyList<Vigie.Domain.Video.DetectionWindow>? Windows = null, string? By = null);
public sealed record PrivacyModeRequest(bool On, string? By = null);

public sealed record HandlingRequest(string? By = null);

public sealed record TransferRequest(string? To = null, string? By = null);

/// <summary>
/// The engine's REST endpoints under /api/v1 (minimal: the console and portal issues extend them). Refusals
/// are problem details by their kind (<see cref="RefusalProblem"/>): 400 names the bad field, 403 not the caller's,
/// 404 an unknown site or incident, 409 a step the procedure refuses; each names the refusal's code.
/// </summary>
public static partial class StationEndpoints
{
    /// <summary>Commands only the engine itself sends (the site, the clock, the voice server).</summary>
    private static readonly HashSet<string> InternalCommands = ["OpenIncident", "NoteSignal", "IncidentTick", "ReportCallAnswered", "ReportCallUnanswered",
        "NoteFault", "NoteFaultCleared", "NoteSitesAffected", "NoteSiteBack", "NoteSitesBack", "EscalateIncident", "AttachMedia", "RecordRequisition"];

    public static void MapStationEndpoints(this IEndpointRouteBuilder app)
    {
        Cluster.ClusterHealth.MapClusterHealth(app);
        var api = app.MapGroup("/api/v1");

        api.MapGet("/sites", async (HttpContext http, StationDesk desk) => Results.Json(
                ApiAccess.SubscriberOf(http) is { } subscriber ? [.. (await desk.SitesAsync()).Where(s => s.SubscriberId == subscriber)] : await desk.SitesAsync(),
                DomainJson.Options))
            .Access(ApiAudience.SiteMember, "Sites: every site for staff, the subscriber's own for a subscriber");
        api.MapGet("/sites/{siteId}", async (string siteId, StationDesk desk) =>
            await desk.SiteAsync(siteId) is { } status ? Results.Json(status, DomainJson.Options) : NotFound($"no site {siteId}"))
            .Access(ApiAudience.SiteMember, "A site's status: arming, PROTECT+, pending alerts and arming request, faults, open incidents");
        api.MapGet("/sites/{siteId}/history", async (string siteId, StationDesk desk) =>
            await desk.SiteHistoryAsync(siteId) is { } history ? Results.Json(history, DomainJson.Options) : NotFound($"no site {siteId}"))
            .Access(ApiAudience.SiteMember, "A site's history: every change, who and when (CON-4)");
        api.MapPost("/sites", async (HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<ProvisionRequest>(request);
            if (problem is not null)
            {
                return problem;
            }
            if (!body!.Rebind && body.Site?.Panel?.Account is { Length: > 0 } account && desk.PanelAccountBoundElsewhere(account, body.Site.SiteId) is { } bound)
            {
                // Re-pointing a panel would send another customer's alarms to this site: only when asked, and audited.
                return Results.Problem(title: "refused", statusCode: StatusCodes.Status409Conflict,
                    detail: $"site.panel.account: account {account} is bound to site {bound}; send \"rebind\": true to move it to {body.Site.SiteId}",
                    extensions: new Dictionary<string, object?> { ["field"] = "site.panel.account", ["boundTo"] = bound });
            }
            var result = await desk.ProvisionAsync(body.Site!, body.IdentificationCode, body.DuressCode, body.Activation ?? [], Caller(request, body.By), rebind: body.Rebind);
            return result.Accepted ? Results.Created($"/api/v1/sites/{body.Site!.SiteId}", await desk.SiteAsync(body.Site.SiteId)) : Refused(result);
        })
            .Access(ApiAudience.Administrator, "Provision a site, its codes and activation steps; registers its panel's account (administrators, second factor)")
            .Accepts<ProvisionRequest>("application/json");
        api.MapPut("/sites/{siteId}/instructions", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<Instructions>(request);
            if (problem is not null)
            {
                return problem;
            }
            var result = await desk.SiteCommandAsync(new ChangeInstructions(body!, Caller(request, request.Query["by"]), desk.Now), siteId);
            return result.Accepted ? Results.Json(result, DomainJson.Options) : Refused(result);
        })
            .Access(ApiAudience.SiteMember, "Replace the instructions: numbers in order, contacts, emails, access notes (CON-1 … CON-4)")
            .Accepts<Instructions>("application/json");
        api.MapPut("/sites/{siteId}/identification-code", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<CodeRequest>(request);
            return problem ?? (body!.Code is null ? BadRequest("code", "code: required") : Outcome(await desk.ChangeCodeAsync(siteId, body.Code, Caller(request, body.By))));
        })
            .Access(ApiAudience.SiteMember, "Change the confidential code; stored hashed, never returned (CON-5); staff: administrators with a second factor", ApiLimit.CodeChange)
            .ForAdministratorsAmongStaff()
            .Accepts<CodeRequest>("application/json");
        api.MapPut("/sites/{siteId}/duress-code", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<CodeRequest>(request);
            return problem ?? Outcome(await desk.ChangeDuressCodeAsync(siteId, body!.Code, Caller(request, body.By)));
        })
            .Access(ApiAudience.SiteMember, "Change or remove (code null) the duress code (ALR-13); staff: administrators with a second factor", ApiLimit.CodeChange)
            .ForAdministratorsAmongStaff()
            .Accepts<CodeRequest>("application/json");
        api.MapPost("/sites/{siteId}/activation", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<ActivationRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(new ConfirmActivationStep(body!.Step, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.Administrator, "Confirm a step before telesurveillance starts (CON-7; administrators, second factor)")
            .Accepts<ActivationRequest>("application/json");
        api.MapPost("/sites/{siteId}/protect-plus", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<ProtectPlusRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(new BookProtectPlus(body!.Start, body.Periods, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.SiteMember, "Book PROTECT+ 24-hour periods (ALR-7); each period is billed")
            .Accepts<ProtectPlusRequest>("application/json");
        api.MapDelete("/sites/{siteId}/protect-plus/{bookingId}", async (string siteId, string bookingId, HttpRequest request, StationDesk desk) =>
            Outcome(await desk.SiteCommandAsync(new CancelProtectPlus(bookingId, Caller(request, request.Query["by"]), desk.Now), siteId)))
            .Access(ApiAudience.SiteMember, "Cancel a PROTECT+ booking before its start (credited)");

        // Supervision (issue 4): the portal's data, profiles, test periods, camera links.
        api.MapGet("/sites/{siteId}/supervision", async (string siteId, StationDesk desk) =>
            await desk.SupervisionAsync(siteId) is { } view ? Results.Json(view, DomainJson.Options) : NotFound($"no site {siteId}"))
            .Access(ApiAudience.SiteMember, "Last contact, path status, faults and outage history of a site");
        api.MapPut("/sites/{siteId}/supervision-profile", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<ProfileRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(new ChangeSupervisionProfile(body!.Profile, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.Administrator, "Watch the site with another supervision profile (administrators, second factor)")
            .Accepts<ProfileRequest>("application/json");
        api.MapPost("/sites/{siteId}/test-period", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<TestPeriodRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(
                new StartTestPeriod(body!.Kind, body.Start ?? desk.Now, body.End, body.Reason, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.Administrator, "Put the site on test or maintenance for a period (administrators, second factor)")
            .Accepts<TestPeriodRequest>("application/json");
        api.MapDelete("/sites/{siteId}/test-period", async (string siteId, HttpRequest request, StationDesk desk) =>
            Outcome(await desk.SiteCommandAsync(new EndTestPeriod(Caller(request, request.Query["by"]), desk.Now) { Note = request.Query["note"] }, siteId)))
            // Ending a test restores full watch: any staff member may, e.g. when the technician calls that they are done.
            .Access(ApiAudience.Staff, "End the test period now");
        api.MapPost("/sites/{siteId}/cameras/{cameraId}/link", async (string siteId, string cameraId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<CameraLinkRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(new NoteCameraLink(cameraId, body!.Lost, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.Staff, "A camera's link to the station lost or back (SUP-4, SUP-5)")
            .Accepts<CameraLinkRequest>("application/json");
        api.MapPut("/sites/{siteId}/activity-detection", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<ActivityDetectionRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(new SetActivityDetection(body!.On, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.SiteMember, "Turn activity detection on or off (VID-11)")
            .Accepts<ActivityDetectionRequest>("application/json");
        api.MapPut("/sites/{siteId}/detection-schedule", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<DetectionScheduleRequest>(request);
            var schedule = body?.Windows is { } windows ? new Vigie.Domain.Video.DetectionSchedule(windows) : null;
            return problem ?? Outcome(await desk.SiteCommandAsync(new SetDetectionSchedule(schedule, Caller(request, body!.By), desk.Now), siteId));
        })
            .Access(ApiAudience.SiteMember, "Set or remove the activity-detection schedule (VID-11)")
            .Accepts<DetectionScheduleRequest>("application/json");
        api.MapPut("/sites/{siteId}/privacy-mode", async (string siteId, HttpRequest request, StationDesk desk) =>
        {
            var (body, problem) = await Read<PrivacyModeRequest>(request);
            return problem ?? Outcome(await desk.SiteCommandAsync(new SetPrivacyMode(body!.On, Caller(request, body.By), desk.Now), siteId));
        })
            .Access(ApiAudience.SiteMember, "Turn privacy mode on or off: nobody gets live view while it is on (VID-8)")
            .Accepts<PrivacyModeRequest>("application/json");
        api.MapGet("/supervision", async (StationDesk desk) => Results.Json(await desk.SupervisionOverviewAsync(), DomainJson.Options))
            .Access(ApiAudience.Staff, "The station's supervision at a glance");

        api.MapGet("/incidents", async (bool? all, StationDesk desk) => Results.Json(await desk.IncidentsAsync(openOnly: all != true), DomainJson.Options))
            .Access(ApiAudience.Staff, "Open incidents by priority then age (?all=true: every incident)");
        api.MapGet("/incidents/{incidentId}", async (string incidentId, HttpRequest request, StationDesk desk) =>
            await desk.IncidentAsync(incidentId, Caller(request, request.Query["by"])) is { } detail ? Results.Json(detail, DomainJson.Options) : NotFound($"no incident {incidentId}"))
            .Access(ApiAudience.Staff, "An incident: brief, timeline with hashes, chain verification, available actions");

        // Who handles an incident (the operators' console): the body names the actor as the other commands do.
        api.MapPost("/incidents/{incidentId}/take", (string incidentId, HttpRequest request, StationDesk desk) =>
            Handle(incidentId, request, desk, (HandlingRequest body) => new TakeIncident(Caller(request, body.By), desk.Now)))
            .Access(ApiAudience.Staff, "Take an incident: one operator handles it")
            .Accepts<HandlingRequest>("application/json");
        api.MapPost("/incidents/{incidentId}/release", (string incidentId, HttpRequest request, StationDesk desk) =>
            Handle(incidentId, request, desk, (HandlingRequest body) => new ReleaseIncident(Caller(request, body.By), desk.Now)))
            .Access(ApiAudience.Staff, "Release an incident back to the queue")
            .Accepts<HandlingRequest>("application/json");
        api.MapPost("/incidents/{incidentId}/transfer", (string incidentId, HttpRequest request, StationDesk desk) =>
            Handle(incidentId, request, desk, (TransferRequest body) => string.IsNullOrWhiteSpace(body.To)
                ? null
                : new TransferIncident(body.To, Caller(request, body.By), desk.Now), missing: ("to", "to: name the operator who takes over (e.g. { \"to\": \"bob\" })")))
            .Access(ApiAudience.Staff, "Hand an incident to another operator")
            .Accepts<TransferRequest>("application/json");
        api.MapGet("/statistics/handling", async (HttpRequest request, StationDesk desk) =>
        {
            var from = InstantPattern.ExtendedIso.Parse(request.Query["from"].ToString());
            if (!from.Success)
            {
                return BadRequest("from", "from: an ISO instant, e.g. 2026-11-23T00:00:00Z");
            }
            var to = InstantPattern.ExtendedIso.Parse(request.Query["to"].ToString());
            if (!to.Success)
            {
                return BadRequest("to", "to: an ISO instant, e.g. 2026-11-24T00:00:00Z");
            }
            if (to.Value <= from.Value)
            {
                return BadRequest("to", "to: must be after from");
            }
            // The chart has one bucket an hour: a year is the most that stays a reasonable answer.
            if (to.Value - from.Value > Duration.FromDays(366))
            {
                return BadRequest("to", "to: at most 366 days after from");
            }
            return Results.Json(await desk.HandlingStatisticsAsync(from.Value, to.Value), DomainJson.Options);
        })
            .Access(ApiAudience.Staff, "Handling statistics over [from, to): time to take and to close, share taken in time");
        // Incident reports (INS-4): JSON to check and archive, PDF to read; generated by the caller named in ?by=.
        api.MapGet("/incidents/{incidentId}/report.json", async (string incidentId, HttpRequest request, IncidentReports reports) =>
            await reports.ReportAsync(incidentId, Caller(request, request.Query["by"]).ToString()) is { } report
                ? Results.File(IncidentReportJson.Write(report), "application/json", $"incident-report-{incidentId}.json")
                : NotFound($"no incident {incidentId}"))
            .Access(ApiAudience.Staff, "Incident report (INS-4) as verifiable JSON");
        api.MapGet("/incidents/{incidentId}/report.pdf", async (string incidentId, string? lang, HttpRequest request, IncidentReports reports) =>
        {
            var culture = IncidentReports.Languages.FirstOrDefault(c => string.Equals(c.Name, lang ?? "fr", StringComparison.OrdinalIgnoreCase));
            if (culture is null)
            {
                return BadRequest("lang", $"lang: {lang} is not a report language (fr or en)");
            }
            return await reports.ReportAsync(incidentId, Caller(request, request.Query["by"]).ToString()) is { } report
                ? Results.File(IncidentReportPdf.Write(report, culture), "application/pdf", $"incident-report-{incidentId}.pdf")
                : NotFound($"no incident {incidentId}");
        })
            .Access(ApiAudience.Staff, "Incident report (INS-4) as an A4 PDF");
        api.MapPost("/incidents/{incidentId}/commands", async (string incidentId, HttpRequest request, StationDesk desk) =>
        {
            if (!await desk.IncidentExistsAsync(incidentId))
            {
                return NotFound($"no incident {incidentId}");
            }
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            }
            catch (JsonException error)
            {
                return BadRequest("body", $"body: not JSON ({error.Message})");
            }
            if (body?["type"]?.GetValue<string>() is not { } type)
            {
                return BadRequest("type", "type: name the command (e.g. CallPolice, CheckCode, CloseIncident)");
            }
            var by = Caller(request, body["by"]?.GetValue<string>());
            if (type == "CheckCode" && body["code"] is { } heard)
            {
                // The operator types what they heard; the code goes to the site's check and is never stored (CON-6).
                return Outcome(await desk.CheckHeardCodeAsync(incidentId, heard.GetValue<string>(), by));
            }
            if (InternalCommands.Contains(type))
            {
                return BadRequest("type", $"type: {type} is sent by the engine itself, not through the API");
            }
            body["by"] = JsonSerializer.SerializeToNode(by, DomainJson.Options);
            body["at"] = InstantPattern.ExtendedIso.Format(desk.Now);
            IncidentCommand? command;
            try
            {
                command = body.Deserialize<IncidentCommand>(DomainJson.Options);
            }
            catch (Exception error) when (error is JsonException or NotSupportedException or FormatException or ArgumentException)
            {
                return BadRequest(type, $"{type}: {error.Message}");
            }
            return command is null ? BadRequest("body", "body: empty") : Outcome(await desk.IncidentCommandAsync(incidentId, command));
        })
            .Access(ApiAudience.Staff, "A step of the incident's procedure (CallPolice, CheckCode, CloseIncident …)")
            .Accepts<IncidentCommand>("application/json");
        api.MapGet("/charges", async (StationDesk desk) => Results.Json(await desk.ChargesAsync(), DomainJson.Options))
            .Access(ApiAudience.Staff, "Billable events");

        MapMedia(api);
        MapCluster(api);
        MapSimulator(app, api);
    }

    /// <summary>A handling command from its JSON body ({} for the default actor); null from <paramref name="command"/> means a required field is missing.</summary>
    private static async Task<IResult> Handle<T>(string incidentId, HttpRequest request, StationDesk desk, Func<T, IncidentCommand?> command,
        (string Field, string Detail)? missing = null) where T : class
    {
        if (!await desk.IncidentExistsAsync(incidentId))
        {
            return NotFound($"no incident {incidentId}");
        }
        var (body, problem) = await Read<T>(request);
        if (problem is not null)
        {
            return problem;
        }
        return command(body!) is { } c
            ? Outcome(await desk.IncidentCommandAsync(incidentId, c))
            : BadRequest(missing?.Field ?? "body", missing?.Detail ?? "body: incomplete");
    }

    /// <summary>
    /// Who asks: the caller the web layer authenticated (staff login, subscriber) when there is one; else, for hosts
    /// without it (the station's own tests), the "by" the request names.
    /// </summary>
    private static Actor Caller(HttpRequest request, string? by) =>
        request.HttpContext.Items.TryGetValue(ApiAccess.ActorItem, out var caller) && caller is Actor actor ? actor : ActorOf(by);

    private static Actor ActorOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Actor.Operator("api");
        }
        try
        {
            return Actor.Parse(text);
        }
        catch (FormatException)
        {
            return Actor.Operator(text);
        }
    }

    private static async Task<(T? Body, IResult? Problem)> Read<T>(HttpRequest request) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, DomainJson.Options);
            return body is null ? (null, BadRequest("body", "body: empty")) : (body, null);
        }
        catch (JsonException error)
        {
            var field = error.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            if (error is Vigie.Domain.Contacts.PhoneNumberJsonException phone)
            {
                return (null, RefusalProblem.Of(phone.RefusalFor(field)));
            }
            return (null, BadRequest(field, $"{field}: {error.Message}"));
        }
        catch (Exception error) when (error is NotSupportedException or FormatException or ArgumentException or InvalidOperationException)
        {
            return (null, BadRequest("body", $"body: {error.Message}"));
        }
    }

    private static IResult Outcome(CommandResult result) =>
        result.Accepted ? Results.Json(result, DomainJson.Options) : Refused(result);

    private static IResult Refused(CommandResult result) =>
        RefusalProblem.Of(result.Refusal ?? throw new InvalidOperationException("a refused command carries its refusal"));

    private static IResult NotFound(string detail) => Results.Problem(title: "not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string field, string detail) =>
        Results.Problem(title: "invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
