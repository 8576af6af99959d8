using Vigie.Domain.Contacts;

namespace Vigie.Domain.Incidents;

/// <summary>
/// Each incident event as a <see cref="Step"/>: the key of its text (its type, and a variant where the sentence
/// differs) and its values, typed. The texts are the console's and the reports' resources; <see cref="IncidentEvent.Describe"/>
/// stays the English line for logs.
/// </summary>
public static class IncidentSteps
{
    /// <summary>A callee as a reader names them: the subscriber by role, a contact by name; with the number.</summary>
    public static Step Who(Callee callee) =>
        callee.IsSubscriber ? Step.Of("Callee.Subscriber", callee.Phone.ToString()) : Step.Of("Callee.Contact", callee.Name, callee.Phone.ToString());

    public static Step Of(IncidentEvent e) => e switch
    {
        IncidentStarted s => Started(s.Brief),
        SignalAdded s => Step.Of(nameof(SignalAdded), StepValue.OfSignal(s.Signal.Code, s.Signal.Label)),
        CallPlaced c => Step.Of(nameof(CallPlaced), Who(c.Callee), c.Round),
        CallAnswered c => Step.Of(nameof(CallAnswered), Who(c.Callee), StepValue.Named(c.Code)),
        CallUnanswered c => Step.Of(c.TimedOut ? "CallUnanswered.Timeout" : nameof(CallUnanswered), Who(c.Callee)),
        AlertAcknowledged a => Step.Of(nameof(AlertAcknowledged), Who(a.Callee)),
        InformationEmailSent m => Step.Of(nameof(InformationEmailSent), string.Join(", ", m.To)),
        AgentRequested a => Step.Of(nameof(AgentRequested), a.By),
        SiteInterpellated s => Step.Of(s.Answered ? "SiteInterpellated.Answered" : "SiteInterpellated.NoAnswer"),
        ListenedPassively l => Step.Of(l.EvidentAggression ? "ListenedPassively.Aggression" : "ListenedPassively.Nothing"),
        SiteCalled s => Step.Of(nameof(SiteCalled), StepValue.Named(s.Outcome)),
        CodeChecked c => c.WrongTries > 0 ? Step.Of("CodeChecked.Wrong", StepValue.Named(c.Result), c.WrongTries) : Step.Of(nameof(CodeChecked), StepValue.Named(c.Result)),
        DuressRevealed => Step.Of(nameof(DuressRevealed)),
        PersonCalled p => Step.Of(
            "PersonCalled" + (p.Purpose == CallPurpose.BreakInInformation ? ".BreakIn" : "") + (p.Decision is null ? "" : ".Decision"),
            Who(p.Callee), StepValue.Named(p.Outcome), p.Decision is { } d ? StepValue.Named(d) : StepValue.None),
        AgentDispatched a => Step.Of(nameof(AgentDispatched), a.Why is { } why ? why : a.Grounds),
        AgentReported a => Step.Of(a.BreakIn ? "AgentReported.BreakIn" : "AgentReported.NoBreakIn").Noted(a.Notes),
        VideoVerified v => Step.Of(v.CrimeUnderWay ? "VideoVerified.Crime" : "VideoVerified.Nothing").Noted(v.Notes),
        PoliceCalled p => Step.Of(nameof(PoliceCalled), p.VerifiedBy is { } kind ? StepValue.Named(kind) : p.Grounds).Noted(p.Notes),
        GuardingOrganised g => Step.Of(nameof(GuardingOrganised), g.Provider),
        GuardingExpenseRecorded g => Step.Of(nameof(GuardingExpenseRecorded), g.Amount, g.Receipt, g.Total),
        IncidentCharged c => c.Charge.Amount is { } amount
            ? Step.Of(nameof(IncidentCharged), Sites.SiteSteps.Charged(c.Charge), amount)
            : Step.Of("IncidentCharged.AtCost", Sites.SiteSteps.Charged(c.Charge)),
        CommandRefused r => Step.Of(nameof(CommandRefused), new StepValue { Name = "Command." + r.Command }, r.Refusal is { } refusal ? refusal : r.Reason),
        IncidentClosed c => Closed(c),
        FaultAdded f => Step.Of(nameof(FaultAdded), Sites.SiteSteps.Detail(f.What, f.Detail)),
        FaultResolved f => Step.Of(nameof(FaultResolved), f.FaultKey, f.Outage),
        RemoteMaintenanceRecorded r => Step.Of(r.Fixed ? "RemoteMaintenanceRecorded.Fixed" : "RemoteMaintenanceRecorded.NotFixed").Noted(r.Notes),
        TechnicianVisitBooked t => Step.Of(t.FreeBatteryReplacement ? "TechnicianVisitBooked.FreeBattery" : nameof(TechnicianVisitBooked), t.Date).Noted(t.Notes),
        SubscriberInformed s => Step.Of(nameof(SubscriberInformed)).Noted(s.Notes),
        ClientCalledAboutLink c => Step.Of(nameof(ClientCalledAboutLink) + "." + c.Outcome),
        AfterSalesRequested a => a.Why is { } why
            ? Step.Of("AfterSalesRequested.Automatic.Why", why)
            : Step.Of(a.Automatic ? "AfterSalesRequested.Automatic" : nameof(AfterSalesRequested)).Noted(a.Notes),
        SitesAffectedNoted s => Step.Of(nameof(SitesAffectedNoted), s.SiteIds.Count, string.Join(", ", s.SiteIds)),
        SiteBackNoted s => Step.Of(nameof(SiteBackNoted), s.SiteId, s.Outage),
        IncidentTaken t => Step.Of(nameof(IncidentTaken), t.Operator),
        IncidentReleased r => Step.Of(nameof(IncidentReleased), r.Operator),
        IncidentTransferred t => t.From is { } from ? Step.Of(nameof(IncidentTransferred), from, t.To) : Step.Of("IncidentTransferred.Assigned", t.To),
        IncidentEscalated x => Step.Of(nameof(IncidentEscalated), x.After),
        MediaAttached m => Step.Of(nameof(MediaAttached), StepValue.Named(m.Kind), m.Camera, m.Sha256),
        EvidenceFrozen f => Step.Of(nameof(EvidenceFrozen), f.ClaimReference),
        RequisitionRecorded r => Step.Of(nameof(RequisitionRecorded), r.Number, r.Authority, r.Reference, r.IssuedOn),
        // An event this list does not know yet: its type names the text (the resources test asks for one per type).
        _ => Step.Of(e.GetType().Name),
    };

    private static Step Started(IncidentBrief brief)
    {
        if (brief.Procedure == ProcedureKind.MassOutage)
        {
            return Step.Of("IncidentStarted.MassOutage", brief.AffectedSiteIds.Count,
                brief.SiteAddress == IncidentBrief.MassOutageDetail ? Step.Of("MassOutage.Detail") : brief.SiteAddress);
        }
        if (brief.Kind.IsTechnical())
        {
            return Step.Of("IncidentStarted.Technical", StepValue.Named(brief.Kind), brief.SiteId, brief.FaultClauses, StepValue.Named(brief.Procedure));
        }
        var zone = brief.Zone is { } z ? (brief.ZoneName is { } n ? Step.Of("Zone.Named", z, n) : Step.Of("Zone", z)) : StepValue.None;
        return Step.Of(brief.InProtectPlus ? "IncidentStarted.ProtectPlus" : nameof(IncidentStarted),
            StepValue.Named(brief.Kind), zone, brief.SiteId, StepValue.Named(brief.Offer), StepValue.Named(brief.Procedure));
    }

    private static Step Closed(IncidentClosed c)
    {
        StepValue why = c.Why is { } step ? step : c.Outcome;
        StepValue classification = c.Classification is { } k ? Step.Of("Closed.Classified", StepValue.Named(k)) : StepValue.None;
        StepValue outage = c.Outage is { } o
            ? (c.MedianOutage is { } m ? Step.Of("Closed.OutageMedian", o, m) : Step.Of("Closed.Outage", o))
            : StepValue.None;
        return Step.Of(nameof(IncidentClosed), why, classification, outage).Noted(c.Note);
    }
}
