using System.Globalization;
using NodaTime;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Incidents;

/// <summary>
/// Technical incidents (SUP-1 … SUP-5): faults join and clear, remote maintenance then a technician visit on a
/// working day (batteries free, SUP-2), the pro-video link-loss call and after-sales request (SUP-5), and the
/// mass outage the station follows site by site. The alarm procedures' actions (police, agent, codes) do not apply.
/// </summary>
public static partial class Incident
{
    /// <summary>Why a command does not belong to this incident's procedure, or null.</summary>
    private static Refusal? WhyNotForProcedure(IncidentBrief brief, IncidentCommand command)
    {
        var alarmCommand = command is ReportCallAnswered or ReportCallUnanswered or RequestAgent or Interpellate or ListenPassively or CallSite
            or CheckCode or CallPerson or DispatchAgent or RecordAgentFindings or RecordVideoVerification or CallPolice or InformOfBreakIn
            or OrganiseGuarding or RecordGuardingExpense;
        if (alarmCommand)
        {
            return brief.Procedure.IsTechnical() ? NotPartTechnical(brief) : null;
        }
        ProcedureKind[]? allowed = command switch
        {
            NoteFault or NoteFaultCleared or InformSubscriber => [ProcedureKind.Technical, ProcedureKind.VideoLinkLoss],
            RecordRemoteMaintenance or BookTechnicianVisit => [ProcedureKind.Technical],
            CallClientAboutLink or RequestAfterSales => [ProcedureKind.VideoLinkLoss],
            NoteSitesAffected or NoteSiteBack or NoteSitesBack => [ProcedureKind.MassOutage],
            _ => null,
        };
        return allowed is null || allowed.Contains(brief.Procedure) ? null : NotPart(brief);
    }

    private static Refusal NotPart(IncidentBrief brief) =>
        Refusal.Conflict(RefusalCodes.IncidentNotPartOfProcedure, $"not part of the {brief.Procedure} procedure", RefusalValue.Named(brief.Procedure));

    private static Refusal NotPartTechnical(IncidentBrief brief) =>
        Refusal.Conflict(RefusalCodes.IncidentNotPartOfProcedureTechnical, $"not part of the {brief.Procedure} procedure (a technical incident)", RefusalValue.Named(brief.Procedure));

    /// <summary>The alarm procedures' actions are not a technical incident's (police, agent, codes, calls through the instructions).</summary>
    private static Refusal? NotAlarm(IncidentState state) =>
        state.Brief!.Procedure.IsTechnical() ? NotPartTechnical(state.Brief) : null;

    private static Refusal? OnlyFor(IncidentState state, params ProcedureKind[] procedures) =>
        procedures.Contains(state.Brief!.Procedure) ? null : NotPart(state.Brief);

    // ---- Faults joining and clearing ----

    private static Decision<IncidentEvent> FaultStep(IncidentState state, IncidentBrief brief, NoteFault c)
    {
        if (brief.Procedure == ProcedureKind.VideoLinkLoss)
        {
            // A second link-loss alert: after a call that found nothing or reached nobody, the request goes to after-sales (SUP-5).
            var events = new List<IncidentEvent> { new FaultAdded(c.FaultKey, c.Detail, c.At) { What = c.What } };
            if (state.LinkCall is LinkCallOutcome.Unreachable or LinkCallOutcome.NotFound && !state.AfterSalesRequested)
            {
                var why = state.LinkCall == LinkCallOutcome.Unreachable ? "client unreachable" : "the client's retry did not fix it";
                var typed = Step.Of("AfterSales.SecondAlert", Step.Of(state.LinkCall == LinkCallOutcome.Unreachable ? "AfterSales.Unreachable" : "AfterSales.RetryFailed"),
                    Sites.SiteSteps.Detail(c.What, c.Detail));
                events.AddRange(AfterSalesEvents(state, $"second link-loss alert ({why}): {c.Detail}", automatic: true, c.At, typed));
            }
            return Decision<IncidentEvent>.Accept(events);
        }
        return state.Faults.ContainsKey(c.FaultKey)
            ? Decision<IncidentEvent>.Nothing
            : Decision<IncidentEvent>.Accept(new FaultAdded(c.FaultKey, c.Detail, c.At) { What = c.What });
    }

    private static Decision<IncidentEvent> FaultClearedStep(IncidentState state, IncidentBrief brief, NoteFaultCleared c)
    {
        if (!state.Faults.ContainsKey(c.FaultKey))
        {
            return Decision<IncidentEvent>.Nothing;
        }
        var events = new List<IncidentEvent> { new FaultResolved(c.FaultKey, c.Outage, c.At) };
        // A technical incident closes itself once no fault is left; a pro-video link loss follows its call (SUP-5).
        if (brief.Procedure == ProcedureKind.Technical && state.Faults.Count == 1)
        {
            var longest = state.Outages.Append(c.Outage).Max();
            events.Add(new IncidentClosed(Classification.Technical, "every fault cleared", null, c.At) { Outage = longest, Why = Step.Of("Closing.EveryFaultCleared") });
        }
        return Decision<IncidentEvent>.Accept(events);
    }

    // ---- Remote maintenance, technician, subscriber (SUP-2) ----

    public static Refusal? WhyNotRecordRemoteMaintenance(IncidentState state, string notes) =>
        OnlyFor(state, ProcedureKind.Technical)
        ?? (string.IsNullOrWhiteSpace(notes) ? Refusal.Invalid("notes", RefusalCodes.IncidentMaintenanceNotesMissing, "notes: say what was tried") : null);

    /// <summary>
    /// A visit is for what remote maintenance could not fix, on a working day from the first working day after
    /// today in the site's zone (SUP-2).
    /// </summary>
    public static Refusal? WhyNotBookTechnicianVisit(IncidentState state, LocalDate date, Instant now, EngineRules rules)
    {
        if (OnlyFor(state, ProcedureKind.Technical) is { } notPart)
        {
            return notPart;
        }
        if (state.RemoteMaintenanceFixed is null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentRemoteMaintenanceFirst, "try remote maintenance first: a visit is for what it cannot fix (SUP-2)");
        }
        if (state.RemoteMaintenanceFixed == true)
        {
            return Refusal.Conflict(RefusalCodes.IncidentRemoteMaintenanceFixed, "remote maintenance fixed the fault");
        }
        var calendar = rules.Supervision.Calendar;
        var text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (!calendar.IsWorkingDay(date))
        {
            var why = calendar.IsPublicHoliday(date) ? "a public holiday" : $"a {date.DayOfWeek}";
            return Refusal.Invalid("date", RefusalCodes.IncidentVisitNotWorkingDay, $"date: {text} is {why}; technicians visit on working days (SUP-2)", date);
        }
        var today = now.InZone(DateTimeZoneProviders.Tzdb[state.Brief!.TimeZone]).Date;
        var first = calendar.FirstWorkingDayAfter(today);
        return date < first
            ? Refusal.Invalid("date", RefusalCodes.IncidentVisitTooSoon, $"date: {text} is too soon; the first possible day is {first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, the first working day after today (SUP-2)", date, first)
            : null;
    }

    /// <summary>True when a battery was among the incident's faults: replaced free of charge (SUP-2).</summary>
    private static bool HadBattery(IncidentState state) => state.FaultHistory.Any(FaultKeys.IsBattery);

    public static Refusal? WhyNotInformSubscriber(IncidentState state, string notes) =>
        OnlyFor(state, ProcedureKind.Technical, ProcedureKind.VideoLinkLoss)
        ?? (string.IsNullOrWhiteSpace(notes) ? Refusal.Invalid("notes", RefusalCodes.IncidentInformNotesMissing, "notes: say what the subscriber was told") : null);

    // ---- Pro-video link loss (SUP-5) ----

    public static Refusal? WhyNotCallClientAboutLink(IncidentState state, Instant now, EngineRules rules)
    {
        if (OnlyFor(state, ProcedureKind.VideoLinkLoss) is { } notPart)
        {
            return notPart;
        }
        if (state.AfterSalesRequested)
        {
            return Refusal.Conflict(RefusalCodes.IncidentAfterSalesAlreadyMade, "the after-sales request is already made");
        }
        var supervision = rules.Supervision;
        if (!supervision.InProVideoCallHours(now))
        {
            var local = now.InZone(DateTimeZoneProviders.Tzdb[supervision.ProVideoCallsTimeZone]).TimeOfDay;
            return Refusal.Conflict(RefusalCodes.IncidentClientCallHours, string.Create(CultureInfo.InvariantCulture,
                $"the client is called between {supervision.ProVideoCallsFrom:HH:mm} and {supervision.ProVideoCallsUntil:HH:mm} ({supervision.ProVideoCallsTimeZone}); it is {local:HH:mm} (SUP-5)"),
                Hours(supervision.ProVideoCallsFrom), Hours(supervision.ProVideoCallsUntil), supervision.ProVideoCallsTimeZone, Hours(local));
        }
        return null;
    }

    private static string Hours(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static IReadOnlyList<IncidentEvent> LinkCallEvents(CallClientAboutLink c) =>
        c.Outcome == LinkCallOutcome.CauseFound
            ? [new ClientCalledAboutLink(c.Outcome, c.At), new IncidentClosed(Classification.Technical, "cause of the link loss found with the client", null, c.At) { Why = Step.Of("Closing.LinkCauseFound") }]
            : [new ClientCalledAboutLink(c.Outcome, c.At)];

    public static Refusal? WhyNotRequestAfterSales(IncidentState state, string notes) =>
        OnlyFor(state, ProcedureKind.VideoLinkLoss)
        ?? (state.AfterSalesRequested ? Refusal.Conflict(RefusalCodes.IncidentAfterSalesAlreadyMade, "the after-sales request is already made")
            : state.LinkCall is null ? Refusal.Conflict(RefusalCodes.IncidentCallClientFirst, "call the client first (SUP-5)")
            : state.LinkCall == LinkCallOutcome.Unreachable ? Refusal.Conflict(RefusalCodes.IncidentAfterSalesWithSecondAlert, "the client was unreachable: the request goes with the second link-loss alert (SUP-5)")
            : state.LinkCall == LinkCallOutcome.CauseFound ? Refusal.Conflict(RefusalCodes.IncidentCauseFound, "the cause was found")
            : string.IsNullOrWhiteSpace(notes) ? Refusal.Invalid("notes", RefusalCodes.IncidentAfterSalesNotesMissing, "notes: describe the fault for the provider")
            : null);

    private static IReadOnlyList<IncidentEvent> AfterSalesEvents(IncidentState state, string notes, bool automatic, Instant at, Step? why = null) =>
    [
        new AfterSalesRequested(notes, automatic, at) { Why = why },
        new IncidentClosed(Classification.Technical, "after-sales request sent to the provider", null, at)
        {
            Why = Step.Of("Closing.AfterSalesRequested"),
            Outage = state.Outages.Count > 0 ? state.Outages.Max() : null,
        },
    ];

    // ---- Mass outage ----

    private static Decision<IncidentEvent> SitesAffectedStep(IncidentState state, NoteSitesAffected c)
    {
        var added = c.SiteIds.Distinct().Where(id => !state.AffectedSites.ContainsKey(id)).ToList();
        return added.Count == 0 ? Decision<IncidentEvent>.Nothing : Decision<IncidentEvent>.Accept(new SitesAffectedNoted(added, c.At));
    }

    private static Decision<IncidentEvent> SiteBackStep(IncidentState state, NoteSiteBack c)
    {
        if (!state.AffectedSites.ContainsKey(c.SiteId))
        {
            return Decision<IncidentEvent>.Refuse(Refusal.Invalid("siteId", RefusalCodes.IncidentSiteNotInOutage, $"siteId: {c.SiteId} is not part of this outage", c.SiteId));
        }
        return SitesBackStep(state, new NoteSitesBack([new SiteReturn(c.SiteId, c.Outage)], c.By, c.At));
    }

    /// <summary>Each site not back yet gets its line; the incident closes when none is left out. Sites unknown to the outage are refused by name.</summary>
    private static Decision<IncidentEvent> SitesBackStep(IncidentState state, NoteSitesBack c)
    {
        if (c.Sites.FirstOrDefault(s => !state.AffectedSites.ContainsKey(s.SiteId)) is { } stranger)
        {
            return Decision<IncidentEvent>.Refuse(Refusal.Invalid("siteId", RefusalCodes.IncidentSiteNotInOutage, $"siteId: {stranger.SiteId} is not part of this outage", stranger.SiteId));
        }
        var back = c.Sites.Where(s => state.AffectedSites[s.SiteId] is null).DistinctBy(s => s.SiteId).ToList();
        if (back.Count == 0)
        {
            return Decision<IncidentEvent>.Nothing; // back already
        }
        var events = new List<IncidentEvent>(back.Select(s => new SiteBackNoted(s.SiteId, s.Outage, c.At)));
        var returning = back.Select(s => s.SiteId).ToHashSet();
        var stillLost = state.AffectedSites.Count(kv => kv.Value is null && !returning.Contains(kv.Key));
        if (stillLost == 0)
        {
            var outages = state.AffectedSites.Values.Where(v => v is not null).Select(v => v!.Value).Concat(back.Select(s => s.Outage)).Order().ToList();
            events.Add(new IncidentClosed(Classification.Technical, $"every site back ({outages.Count} sites)", null, c.At)
            {
                Why = Step.Of("Closing.EverySiteBack", outages.Count),
                Outage = outages[^1],
                MedianOutage = Median(outages),
            });
        }
        return Decision<IncidentEvent>.Accept(events);
    }

    private static Duration Median(IReadOnlyList<Duration> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
