using Vigie.Domain.Contacts;

namespace Vigie.Domain.Incidents;

/// <summary>
/// An incident's procedure as a state machine: INFO Alertes (ALR-5, ALR-6), operator handling of intrusions
/// (ALR-8 … ALR-11), SOS and duress (ALR-12, ALR-13), domestic risks (ALR-14) and the false-alarm charges
/// (ALR-15). Each <c>Why…</c> rule answers "why not now?" for one action, for the engine and the console.
/// A person's refused command is recorded with its reason; nothing else changes.
/// </summary>
public static partial class Incident
{
    public static Decision<IncidentEvent> Decide(IncidentState state, IncidentCommand command, EngineRules rules)
    {
        if (command is OpenIncident open)
        {
            return state.Status == IncidentStatus.NotOpened
                ? Decision<IncidentEvent>.Accept([
                    new IncidentStarted(open.Brief, open.At),
                    // The same alarm's later signals from the cancellation window, in the order received.
                    .. open.Brief.Signals.Select(s => new SignalAdded(s.Signal, s.At)),
                    .. StartProcedure(open.Brief, open.At, rules),
                ])
                : Decision<IncidentEvent>.Nothing; // opened already: the site asked twice (restart)
        }
        if (state.Brief is not { } brief)
        {
            return Decision<IncidentEvent>.Refuse(Refusal.NotFound(RefusalCodes.IncidentNotFound, "no such incident"));
        }
        // Evidence outlives the procedure: media arrive late, claims and requisitions come after closing, whoever holds it.
        if (command is AttachMedia or FreezeEvidence or RecordRequisition)
        {
            return EvidenceStep(state, command);
        }
        if (!state.IsOpen)
        {
            return command is IncidentTick or ReportCallAnswered or ReportCallUnanswered or NoteSignal or NoteFault or NoteFaultCleared or NoteSitesAffected or NoteSiteBack or NoteSitesBack or EscalateIncident
                ? Decision<IncidentEvent>.Nothing
                : Refused(command, Refusal.Conflict(RefusalCodes.IncidentClosed, $"incident {brief.IncidentId} is closed"));
        }
        // One place for the single-handler rule: another operator's command on a taken incident never reaches its step.
        if (WhyNotHandler(state, command.By) is { } notYours)
        {
            return Refused(command, notYours);
        }
        if (!IsHandling(command) && WhyNotHolder(state, command.By) is { } takeFirst)
        {
            return Refused(command, takeFirst);
        }
        if (WhyNotForProcedure(brief, command) is { } notPart)
        {
            return Refused(command, notPart);
        }
        var decision = command switch
        {
            TakeIncident or ReleaseIncident or TransferIncident or EscalateIncident => HandlingStep(state, command, rules),
            NoteFault c => FaultStep(state, brief, c),
            NoteFaultCleared c => FaultClearedStep(state, brief, c),
            RecordRemoteMaintenance c => Check(WhyNotRecordRemoteMaintenance(state, c.Notes), () => [new RemoteMaintenanceRecorded(c.Fixed, c.Notes.Trim(), c.At)]),
            BookTechnicianVisit c => Check(WhyNotBookTechnicianVisit(state, c.Date, c.At, rules), () => [new TechnicianVisitBooked(c.Date, c.Notes.Trim(), HadBattery(state), c.At)]),
            InformSubscriber c => Check(WhyNotInformSubscriber(state, c.Notes), () => [new SubscriberInformed(c.Notes.Trim(), c.At)]),
            CallClientAboutLink c => Check(WhyNotCallClientAboutLink(state, c.At, rules), () => LinkCallEvents(c)),
            RequestAfterSales c => Check(WhyNotRequestAfterSales(state, c.Notes), () => AfterSalesEvents(state, c.Notes.Trim(), automatic: false, c.At)),
            NoteSitesAffected c => SitesAffectedStep(state, c),
            NoteSiteBack c => SiteBackStep(state, c),
            NoteSitesBack c => SitesBackStep(state, c),
            NoteSignal c => Decision<IncidentEvent>.Accept(new SignalAdded(c.Signal, c.At)),
            ReportCallAnswered c => CallAnsweredStep(state, brief, c, rules),
            ReportCallUnanswered c => CallUnansweredStep(state, brief, c.CallId, timedOut: false, c.At, rules),
            IncidentTick c => TickStep(state, brief, c, rules),
            RequestAgent c => Check(WhyNotRequestAgent(state), () => AgentEvents(state, brief, ($"requested by {c.By}", Step.Of("Grounds.RequestedBy", c.By.Id)), c.At, requested: c.By.ToString())),
            Interpellate c => Check(WhyNotInterpellate(state), () => [new SiteInterpellated(c.Answered, c.At)]),
            ListenPassively c => Check(WhyNotListen(state), () => [new ListenedPassively(c.EvidentAggression, c.At)]),
            CallSite c => Check(WhyNotCallSite(state, c.Outcome), () => SiteCallEvents(c)),
            CheckCode c => Check(WhyNotCheckCode(state, rules), () => CodeEvents(state, c)),
            CallPerson c => Check(WhyNotCallPerson(state, c.Phone, c.Outcome, c.Decision), () =>
                [new PersonCalled(Find(brief, c.Phone)!, c.Outcome, c.Decision, CallPurpose.Alert, c.At)]),
            DispatchAgent c => Check(WhyNotDispatchAgent(state), () => AgentEvents(state, brief, AgentGrounds(state)!.Value, c.At, requested: null)),
            RecordAgentFindings c => Check(state.Agent == AgentStatus.Dispatched ? null : Refusal.Conflict(RefusalCodes.IncidentNoAgentOnTheWay, "no agent is on the way"),
                () => [new AgentReported(c.BreakIn, c.Notes.Trim(), c.At)]),
            RecordVideoVerification c => Check(brief.Procedure == ProcedureKind.OperatorDomesticRisk ? DomesticRisk : null,
                () => [new VideoVerified(c.CrimeUnderWay, c.Notes.Trim(), c.At)]),
            CallPolice c => Check(WhyNotCallPolice(state) ?? WhyNotReference(c), () => [new PoliceCalled(state.Verification!, c.Notes.Trim(), c.At)
            {
                VerifiedBy = state.VerifiedBy,
                Reference = c.Reference?.Trim() is { Length: > 0 } reference ? reference : null,
            }]),
            InformOfBreakIn c => Check(WhyNotInformOfBreakIn(state, c.Phone, c.Outcome, c.Decision), () =>
                [new PersonCalled(Find(brief, c.Phone)!, c.Outcome, c.Decision, CallPurpose.BreakInInformation, c.At)]),
            OrganiseGuarding c => Check(WhyNotOrganiseGuarding(state) ?? (string.IsNullOrWhiteSpace(c.Provider) ? Refusal.Invalid("provider", RefusalCodes.IncidentGuardingProviderMissing, "provider: name who guards the site") : null),
                () => [new GuardingOrganised(c.Provider.Trim(), c.At)]),
            RecordGuardingExpense c => Check(WhyNotGuardingExpense(state, c.Amount), () =>
            [
                new GuardingExpenseRecorded(c.Amount, c.Receipt, state.GuardingSpent + c.Amount, c.At),
                new IncidentCharged(new Charge(Fee.GuardingAdvance, c.Amount, 1, $"guarding advanced ({c.Receipt})") { What = Step.Of("Charge.GuardingAdvance", c.Receipt) }, c.At),
            ]),
            CloseIncident c => Check(WhyNotClose(state, c.Classification, c.Note), () => CloseEvents(state, brief, c)),
            _ => Decision<IncidentEvent>.Refuse(Refusal.Invalid("command", RefusalCodes.CommandUnknown, $"{command.GetType().Name} is not an incident command", command.GetType().Name)),
        };
        return decision.IsRefused ? Refused(command, decision.Refusal!) : decision;
    }

    /// <summary>A person's refused command is kept in the log with its reason (audit; ALR-10).</summary>
    private static Decision<IncidentEvent> Refused(IncidentCommand command, Refusal reason) =>
        command.By.IsPerson
            ? Decision<IncidentEvent>.RefuseAndRecord(reason, new CommandRefused(command.Name, reason.Detail, command.At) { Refusal = reason })
            : Decision<IncidentEvent>.Refuse(reason);

    private static Decision<IncidentEvent> Check(Refusal? whyNot, Func<IReadOnlyList<IncidentEvent>> events) =>
        whyNot is null ? Decision<IncidentEvent>.Accept(events()) : Decision<IncidentEvent>.Refuse(whyNot);

    private static Refusal DomesticRisk => Refusal.Conflict(RefusalCodes.IncidentDomesticRiskInformationOnly, "domestic risk: information only (ALR-14)");

    // ---- Verification on site (ALR-8, ALR-12) ----

    public static Refusal? WhyNotInterpellate(IncidentState state) =>
        NotAlarm(state) ?? (
            state.Brief!.Procedure is ProcedureKind.InfoAlertes or ProcedureKind.OperatorDomesticRisk ? NotPart(state.Brief)
            : !state.Brief.HasSpeaker ? Refusal.Conflict(RefusalCodes.IncidentNoSpeaker, "this site has no interpellation speaker")
            : state.Brief.Procedure == ProcedureKind.OperatorSos && state.EvidentAggression is null ? Refusal.Conflict(RefusalCodes.IncidentSosListenFirst, "SOS: listen passively first (ALR-12)")
            : null);

    public static Refusal? WhyNotListen(IncidentState state) =>
        NotAlarm(state) ?? (
            state.Brief!.Procedure != ProcedureKind.OperatorSos ? Refusal.Conflict(RefusalCodes.IncidentListenSosOnly, "passive listening is for SOS alerts (ALR-12)")
            : !state.Brief.HasSpeaker ? Refusal.Conflict(RefusalCodes.IncidentNoSpeakerPhoneSite, "this site has no interpellation speaker: phone the site (ALR-12)")
            : null);

    public static Refusal? WhyNotCallSite(IncidentState state, SiteCallOutcome outcome)
    {
        if (NotAlarm(state) is { } notAlarm)
        {
            return notAlarm;
        }
        var brief = state.Brief!;
        if (brief.Procedure is ProcedureKind.InfoAlertes or ProcedureKind.OperatorDomesticRisk)
        {
            return NotPart(brief);
        }
        if (brief.Landline is null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentNoLandline, "the instructions hold no landline for the site");
        }
        if (brief.Procedure == ProcedureKind.OperatorSos)
        {
            if (brief.HasSpeaker && state.EvidentAggression is null)
            {
                return Refusal.Conflict(RefusalCodes.IncidentSosListenBeforeCall, "SOS: listen passively through the speaker first (ALR-12)");
            }
            if (outcome == SiteCallOutcome.Answered)
            {
                return Refusal.Invalid("outcome", RefusalCodes.IncidentSosCallOutcome, "SOS: say whether the person confirms a manipulation error or cannot speak freely (ALR-12)");
            }
            return null;
        }
        return outcome is SiteCallOutcome.ManipulationErrorConfirmed or SiteCallOutcome.CannotSpeakFreely
            ? Refusal.Invalid("outcome", RefusalCodes.IncidentSosOutcomesOnly, "these outcomes are for SOS alerts; the code check decides here (ALR-8)")
            : null;
    }

    private static IReadOnlyList<IncidentEvent> SiteCallEvents(CallSite c) =>
        c.Outcome == SiteCallOutcome.ManipulationErrorConfirmed
            ? [new SiteCalled(c.Outcome, c.At), new IncidentClosed(Classification.FalseAlarmUser, "manipulation error confirmed on site", null, c.At) { Why = Step.Of("Closing.ManipulationErrorConfirmed") }]
            : [new SiteCalled(c.Outcome, c.At)];

    public static Refusal? WhyNotCheckCode(IncidentState state, EngineRules rules) =>
        NotAlarm(state) ?? (
            state.Brief!.Procedure == ProcedureKind.InfoAlertes ? Refusal.Conflict(RefusalCodes.IncidentCodeByVoiceServer, "the voice server checks codes in INFO Alertes")
            // Domestic risks are an information service (ALR-14): nobody on site is asked for a code.
            : state.Brief.Procedure == ProcedureKind.OperatorDomesticRisk ? NotPart(state.Brief)
            : !(state.InterpellationAnswered || state.SiteCall is SiteCallOutcome.Answered or SiteCallOutcome.CannotSpeakFreely || state.AlertCalls.Any(c => c.Outcome == CallOutcome.Reached))
                ? Refusal.Conflict(RefusalCodes.IncidentNoCodeToCheck, "nobody has answered yet: there is no code to check")
            : state.WrongCodes >= rules.CodeTriesLimit ? Refusal.Conflict(RefusalCodes.IncidentCodeTriesExhausted, $"{state.WrongCodes} wrong codes: no more tries for this incident (CON-6)", state.WrongCodes)
            : null);

    private static IReadOnlyList<IncidentEvent> CodeEvents(IncidentState state, CheckCode c)
    {
        var wrong = state.WrongCodes + (c.Result == CodeCheck.Wrong ? 1 : 0);
        var events = new List<IncidentEvent> { new CodeChecked(c.Result, wrong, c.At) };
        if (c.Result == CodeCheck.Duress && !state.DuressRevealed)
        {
            events.Add(new DuressRevealed(c.At));
        }
        // A correct code given on site stops the handling (ALR-8); a person reached by phone only identifies themselves.
        if (c.Result == CodeCheck.Right && state.Brief!.Procedure == ProcedureKind.OperatorIntrusion && !state.AlertCalls.Any())
        {
            events.Add(new IncidentClosed(Classification.FalseAlarmUser, "correct identification code given on site", null, c.At) { Why = Step.Of("Closing.CorrectCodeGiven") });
        }
        return events;
    }

    // ---- Calls to the subscriber and contacts (ALR-8, ALR-9, ALR-14) ----

    private static Refusal? WhyNotReference(CallPolice c) =>
        c.Reference is { Length: > CallPolice.ReferenceMaxLength } r
            ? Refusal.Invalid("reference", RefusalCodes.IncidentPoliceReferenceLength, $"reference: at most {CallPolice.ReferenceMaxLength} characters, {r.Length} given", CallPolice.ReferenceMaxLength, r.Length)
            : null;

    private static Callee? Find(IncidentBrief brief, PhoneNumber phone) => brief.CallOrder.FirstOrDefault(c => c.Phone == phone);

    /// <summary>True once every subscriber number was tried without reaching anyone.</summary>
    private static bool SubscriberUnreachable(IncidentState state) =>
        state.Brief!.CallOrder.Where(c => c.IsSubscriber).All(s => state.AlertCalls.Any(c => c.Callee.Phone == s.Phone && c.Outcome != CallOutcome.Reached))
        && !state.AlertCalls.Any(c => c.Callee.IsSubscriber && c.Outcome == CallOutcome.Reached);

    /// <summary>A reached person's answer leaves the station to decide (will not decide) or asks it to act.</summary>
    private static bool LeavesItToStation(PersonCall call) => call.Outcome == CallOutcome.Reached && call.Decision == PersonDecision.WillNotDecide;

    public static Refusal? WhyNotCallPerson(IncidentState state, PhoneNumber phone, CallOutcome outcome, PersonDecision? decision)
    {
        if (NotAlarm(state) is { } notAlarm)
        {
            return notAlarm;
        }
        var brief = state.Brief!;
        if (brief.Procedure == ProcedureKind.InfoAlertes)
        {
            return Refusal.Conflict(RefusalCodes.IncidentInfoAlertesCallsAutomatic, "INFO Alertes calls are automatic");
        }
        if (Find(brief, phone) is not { } callee)
        {
            return Refusal.Invalid("phone", RefusalCodes.IncidentPhoneNotInInstructions, $"phone: {phone} is not in the instructions", phone.Value);
        }
        if (outcome == CallOutcome.Reached && decision is null)
        {
            return Refusal.Invalid("decision", RefusalCodes.IncidentDecisionMissing, "decision: say what the person decided");
        }
        if (outcome != CallOutcome.Reached && decision is not null)
        {
            return Refusal.Invalid("decision", RefusalCodes.IncidentDecisionUnreached, "decision: only a person reached decides");
        }
        if (brief.Procedure == ProcedureKind.OperatorIntrusion && !(state.Interpellated || state.SiteCall is not null || (!brief.HasSpeaker && brief.Landline is null)))
        {
            return Refusal.Conflict(RefusalCodes.IncidentVerifySiteFirst, "interpellate the site or phone it first, and check the code (ALR-8)");
        }
        if (brief.Procedure == ProcedureKind.OperatorSos && state.SiteCall is null && brief.Landline is not null && state.Verification is null)
        {
            return Refusal.Conflict(RefusalCodes.IncidentSosPhoneSiteFirst, "SOS: phone the site first (ALR-12)");
        }
        if (callee.IsSubscriber)
        {
            return null;
        }
        if (!SubscriberUnreachable(state) && !state.AlertCalls.Any(c => c.Callee.IsSubscriber && LeavesItToStation(c)))
        {
            return Refusal.Conflict(RefusalCodes.IncidentCallSubscriberFirst, "call the subscriber's numbers first (ALR-8)");
        }
        var contacts = brief.CallOrder.Where(c => !c.IsSubscriber).ToList();
        foreach (var earlier in contacts.TakeWhile(c => c.Phone != callee.Phone))
        {
            if (!state.AlertCalls.Any(c => c.Callee.Phone == earlier.Phone))
            {
                return Refusal.Conflict(RefusalCodes.IncidentCallContactsInOrder, $"call {earlier.Name} ({earlier.Phone}) first: contacts are called in the instructions' order", earlier.Name, earlier.Phone.Value);
            }
        }
        return null;
    }

    // ---- Closing (ALR-15) ----

    public static Refusal? WhyNotClose(IncidentState state, Classification classification, string? note)
    {
        if (state.Agent == AgentStatus.Dispatched)
        {
            return Refusal.Conflict(RefusalCodes.IncidentAgentFindingsMissing, "the agent's findings are not recorded yet");
        }
        if (classification is Classification.RealIntrusion or Classification.Unknown && string.IsNullOrWhiteSpace(note))
        {
            return Refusal.Invalid("note", RefusalCodes.IncidentCloseNoteRequired, $"note: a note is required to close as {classification}", RefusalValue.Named(classification));
        }
        if (classification == Classification.FalseAlarmUser && state.Agent == AgentStatus.Reported && string.IsNullOrWhiteSpace(note))
        {
            return Refusal.Invalid("note", RefusalCodes.IncidentCloseFalseAlarmNote, "note: say what caused the false alarm (the agent's trip will be billed)");
        }
        return null;
    }

    private static IReadOnlyList<IncidentEvent> CloseEvents(IncidentState state, IncidentBrief brief, CloseIncident c)
    {
        var events = new List<IncidentEvent>();
        if (c.Classification == Classification.FalseAlarmUser)
        {
            // A false alarm caused by the subscriber: the agent's trip and the police's charges are theirs (ALR-15).
            if (state.Agent != AgentStatus.None && !state.AgentCharged)
            {
                events.Add(new IncidentCharged(new Charge(Fee.UnjustifiedAgentTrip, brief.UnjustifiedAgentTripFee, 1, "unjustified security agent trip"), c.At));
            }
            if (state.PoliceCalledAt is not null)
            {
                events.Add(new IncidentCharged(new Charge(Fee.PoliceChargesPassedOn, null, 1, "police charges for an unjustified trip, passed on when claimed"), c.At));
            }
        }
        if (state.Brief!.Procedure == ProcedureKind.InfoAlertes && !state.EmailSent)
        {
            events.Add(InformationEmail(brief, $"{brief.Kind} alert at {brief.SiteAddress}: closed by the station ({c.Classification})", c.At) with
            {
                Facts = [InformationEmails.ClosedByStation, RefusalValue.Named(c.Classification)],
            });
        }
        events.Add(new IncidentClosed(c.Classification, $"closed by {c.By}", c.Note?.Trim(), c.At) { HandledBy = state.HandledBy, Why = Step.Of("Closing.By", c.By.Id) });
        return events;
    }
}
