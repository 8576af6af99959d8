using System.Globalization;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Signals;

namespace Vigie.Domain.Sites;

/// <summary>
/// The site's rules: which signals raise alerts for its arming mode (SITE-4, SITE-5, ALR-1), the cancellation
/// window (ALR-2, ALR-3), which procedure an incident gets (ALR-4), PROTECT+ periods (ALR-7), instructions and
/// codes (CON-1 … CON-5, CON-7). <c>Decide</c> never changes state; <c>Evolve</c> applies one event.
/// </summary>
public static partial class Site
{
    public static Decision<SiteEvent> Decide(SiteState state, SiteCommand command, EngineRules rules, OfferCatalogue catalogue)
    {
        if (command is ProvisionSite provision)
        {
            return Provision(state, provision, catalogue, rules);
        }
        if (state.Definition is not { } site)
        {
            return Decision<SiteEvent>.Refuse(Refusal.NotFound(RefusalCodes.SiteNotProvisioned, "the site is not provisioned"));
        }
        var offer = catalogue[site.Offer];
        return command switch
        {
            ChangeInstructions c => ChangeInstructions(site, offer, c),
            ChangeIdentificationCode c => ChangeIdentificationCode(site, c),
            ChangeDuressCode c => ChangeDuressCode(site, c),
            ConfirmActivationStep c => ConfirmStep(state, c),
            ReceiveSignal c => Receive(state, site, offer, c, rules),
            BookProtectPlus c => Book(state, offer, c, rules),
            CancelProtectPlus c => Cancel(state, offer, c),
            RaiseDuress c => Alarm(state, site, offer, new SiteSignal(SignalKind.Duress, null, null, ArmingChannel.Unknown, "DURESS",
                $"duress code given during incident {c.RevealedIn}"), c.At, rules, raisedBy: c.RevealedIn),
            NoteIncidentClosed c => state.OpenIncidents.Values.Contains(c.IncidentId)
                ? Decision<SiteEvent>.Accept(new IncidentEnded(c.IncidentId, c.At))
                : Decision<SiteEvent>.Nothing,
            SiteTick c => Tick(state, site, offer, c.At, rules),
            ChangeSupervisionProfile c => ChangeProfile(site, c, rules),
            NoteLiveness c => Liveness(state, site, offer, c, rules),
            NoteCameraLink c => CameraLink(state, site, offer, c, rules),
            SetActivityDetection c => ActivityDetection(state, site, c),
            SetDetectionSchedule c => DetectionScheduleSet(state, site, c),
            SetPrivacyMode c => PrivacyModeSet(state, site, c),
            StartTestPeriod c => StartTest(state, site, c, rules),
            EndTestPeriod c => EndTest(state, site, offer, c, rules),
            RequestArming c => RequestArming(state, site, c, rules),
            CreateVirtualRemote c => CreateRemote(state, site, c),
            RevokeVirtualRemote c => RevokeRemote(state, site, c, rules),
            ReportLostDevice c => ReportLost(state, site, c, rules),
            ChangeArmingNotices c => ChangeNotices(state, site, c),
            ChangeInsurerDetails c => ChangeInsurer(state, c),
            _ => Decision<SiteEvent>.Refuse(Refusal.Invalid("command", RefusalCodes.CommandUnknown, $"{command.GetType().Name} is not a site command", command.GetType().Name)),
        };
    }

    private static Decision<SiteEvent> Provision(SiteState state, ProvisionSite c, OfferCatalogue catalogue, EngineRules rules)
    {
        if (state.IsProvisioned)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteAlreadyProvisioned, $"site {state.Definition!.SiteId} is already provisioned", state.Definition!.SiteId));
        }
        var errors = c.Definition.Validate(catalogue[c.Definition.Offer]).ToList();
        if (rules.Supervision.FindProfile(c.Definition.SupervisionProfile) is null)
        {
            errors.Add(UnknownProfile(c.Definition.SupervisionProfile, rules));
        }
        return errors.Count > 0
            ? Decision<SiteEvent>.Refuse(Refusal.All(errors))
            : Decision<SiteEvent>.Accept(new SiteProvisioned(c.Definition, c.At));
    }

    private static Decision<SiteEvent> ChangeInstructions(SiteDefinition site, Offer offer, ChangeInstructions c)
    {
        var next = c.Instructions with { IdentificationCode = site.Instructions.IdentificationCode, DuressCode = site.Instructions.DuressCode };
        var errors = next.Validate(offer.MinimumContacts);
        if (errors.Count > 0)
        {
            return Decision<SiteEvent>.Refuse(Refusal.All(errors));
        }
        var changes = next.DescribeChangesFrom(site.Instructions);
        return changes.Count == 0
            ? Decision<SiteEvent>.Nothing
            : Decision<SiteEvent>.Accept(new InstructionsChanged(next, changes, c.At) { Changed = next.ChangesFrom(site.Instructions) });
    }

    private static Decision<SiteEvent> ChangeIdentificationCode(SiteDefinition site, ChangeIdentificationCode c)
    {
        if (!SecretCode.IsWellFormed(c.Code, out var error))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("code", RefusalCodes.CodeMalformed, $"code: {error}"));
        }
        if (!c.Hash.Matches(c.Code))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("code", RefusalCodes.CodeHashMismatch, "code: the hash given is not this code's"));
        }
        if (site.Instructions.DuressCode?.Matches(c.Code) == true)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("code", RefusalCodes.SiteCodeEqualsDuress, "code: it must differ from the duress code"));
        }
        return Decision<SiteEvent>.Accept(new IdentificationCodeChanged(c.Hash, c.At));
    }

    private static Decision<SiteEvent> ChangeDuressCode(SiteDefinition site, ChangeDuressCode c)
    {
        if (c.Code is null || c.Hash is null)
        {
            return site.Instructions.DuressCode is null ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept(new DuressCodeChanged(null, c.At));
        }
        if (!SecretCode.IsWellFormed(c.Code, out var error))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("duressCode", RefusalCodes.CodeMalformed, $"duressCode: {error}"));
        }
        if (!c.Hash.Matches(c.Code))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("duressCode", RefusalCodes.CodeHashMismatch, "duressCode: the hash given is not this code's"));
        }
        if (site.Instructions.IdentificationCode?.Matches(c.Code) == true)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("duressCode", RefusalCodes.SiteDuressEqualsCode, "duressCode: it must differ from the identification code"));
        }
        return Decision<SiteEvent>.Accept(new DuressCodeChanged(c.Hash, c.At));
    }

    private static Decision<SiteEvent> ConfirmStep(SiteState state, ConfirmActivationStep c)
    {
        if (state.Activation.Contains(c.Step))
        {
            return Decision<SiteEvent>.Nothing;
        }
        if (c.Step == ActivationStep.CodeDefined && state.Definition!.Instructions.IdentificationCode is null)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteActivationNoCode, "activation: no identification code is defined yet (CON-7)"));
        }
        var confirmed = new ActivationStepConfirmed(c.Step, c.At);
        return state.Activation.Count + 1 == Enum.GetValues<ActivationStep>().Length
            ? Decision<SiteEvent>.Accept(confirmed, new SurveillanceStarted(c.At))
            : Decision<SiteEvent>.Accept(confirmed);
    }

    private static Decision<SiteEvent> Receive(SiteState state, SiteDefinition site, Offer offer, ReceiveSignal c, EngineRules rules)
    {
        if (c.Key.JournalId > 0 && c.Key.IsAtOrBefore(state.LastJournalId, state.LastJournalIndex))
        {
            return Decision<SiteEvent>.Nothing; // already handled before a restart
        }
        if (state.RecentKeys.Any(k => k.Key == c.Key.Key && c.At - k.At <= rules.DuplicateWindow))
        {
            return Decision<SiteEvent>.Nothing; // the same signal through another path or station
        }
        var events = new List<SiteEvent> { new SignalReceived(c.Key, c.Signal, c.At) };
        var signal = c.Signal;
        if (signal.IsAlarm)
        {
            events.AddRange(Alarm(state, site, offer, signal, c.At, rules, raisedBy: null).Events);
        }
        else if (signal.IsArmingChange)
        {
            events.AddRange(ArmingChange(state, site, offer, signal, c.At, rules));
        }
        else if (signal.Kind == SignalKind.AlarmRestored)
        {
            events.AddRange(RestoreJoins(state, site, signal, c.At));
        }
        else
        {
            events.AddRange(PanelDiagnosis(state, site, offer, signal, c.At, rules));
        }
        return Decision<SiteEvent>.Accept(events);
    }

    private static Decision<SiteEvent> Alarm(SiteState state, SiteDefinition site, Offer offer, SiteSignal signal, Instant at, EngineRules rules, string? raisedBy)
    {
        var kind = AlertKinds.FromSignal(signal.Kind)!.Value;
        if (!state.SurveillanceActive)
        {
            return Decision<SiteEvent>.Accept(AlarmNotRaised.Because(kind, signal.Zone, NotRaised.NotStarted(state.MissingActivationSteps), at));
        }
        var test = state.OnTest(at);
        // A test or maintenance period never mutes an SOS or a duress (ALR-22): handled as always, marked.
        if (test is not null && kind.Family() != AlertFamily.Sos)
        {
            return Decision<SiteEvent>.Accept(AlarmNotRaised.Because(kind, signal.Zone, NotRaised.OnTest(test), at));
        }
        if (NotWatched(state.Arming.Mode, kind, site.FindZone(signal.Zone)) is { } reason)
        {
            return Decision<SiteEvent>.Accept(AlarmNotRaised.Because(kind, signal.Zone, reason, at));
        }
        var family = kind.Family();
        // A duress wins whichever way round the panel sent it (ALR-13, ALR-21): alerts still in their window, and
        // alerts a disarm cancelled moments before, join the SOS; those cancellations are voided, not user errors.
        // Only cancellations still inside their grace: one whose grace passed stands, even if its tick is late.
        IReadOnlyList<CancelledAlert> forced = kind == AlertKind.Duress ? [.. state.RecentCancellations.Where(c => at < c.StandsAt)] : [];
        var joining = kind == AlertKind.Duress ? state.PendingAlerts : [];
        // One alarm, one incident: another zone or a tamper joins the site's open intrusion incident (ALR-8 handles
        // intrusion and tamper in one procedure). An SOS (ALR-12) or a smoke, CO or flood alarm (ALR-14) has its own
        // procedure, so it opens its own incident beside it: the families (AlertFamily) draw that line.
        if (state.OpenIncidents.TryGetValue(family, out var open))
        {
            return Decision<SiteEvent>.Accept([
                new AlarmJoinedIncident(open, signal, at),
                .. forced.Select(c => new CancellationVoidedByDuress(c.AlertId, at)),
                .. forced.Select(c => new AlarmJoinedIncident(open, AlertSignal(c.AlertId, c.Kind, c.Zone), at) { AlertId = c.AlertId }),
                .. joining.Select(p => new AlarmJoinedIncident(open, AlertSignal(p), at) { AlertId = p.AlertId }),
            ]);
        }
        var events = new List<SiteEvent>();
        var alertId = AlertId(site, state.AlertCount + 1);
        if (rules.CancellableKinds.Contains(kind))
        {
            if (state.PendingAlerts.FirstOrDefault(p => p.Kind.Family() == family) is { } pending)
            {
                // A second detector inside the window joins the first alert; the window still runs from the first,
                // and the signal goes on the incident's timeline if the alert becomes one (one alarm, one incident).
                return Decision<SiteEvent>.Accept(
                    new AlertRaised(alertId, kind, signal.Zone, pending.EscalatesAt, at),
                    new SignalJoinedAlert(pending.AlertId, signal, at));
            }
            return Decision<SiteEvent>.Accept(new AlertRaised(alertId, kind, signal.Zone, at + rules.CancellationWindow + rules.EscalationGrace, at));
        }
        events.Add(new AlertRaised(alertId, kind, signal.Zone, null, at));
        var incidentNumber = state.IncidentCount + 1;
        var alertIds = new List<string> { alertId };
        events.AddRange(forced.Select(c => new CancellationVoidedByDuress(c.AlertId, at)));
        alertIds.AddRange(joining.Select(p => p.AlertId));
        alertIds.AddRange(forced.Select(c => c.AlertId));
        if (Brief(state, site, offer, kind, signal.Zone, at, at, IncidentId(site, incidentNumber), alertIds, raisedBy) is { } brief)
        {
            events.Add(new IncidentOpened(brief with { DuringTestPeriod = test?.PeriodId }, at));
        }
        else
        {
            events.Add(AlarmNotRaised.Because(kind, signal.Zone, NotRaised.NotHandled(offer, kind, option: true), at));
        }
        return Decision<SiteEvent>.Accept(events);
    }

    /// <summary>
    /// Which open alert or incident a restore (a detector back to normal) joins. A restore is no alert (ALR-1), but
    /// the operator verifying the site (ALR-8) wants to know the detector is quiet again, so it goes on the timeline of
    /// the open alert or incident of its detector's family. Never another family's: a fire (ALR-14) or an SOS (ALR-12)
    /// keeps its own incident and procedure, so a smoke detector's restore does not land in an intrusion incident.
    /// A zone the site does not define cannot be tied to an alarm: its restore stays in the history only.
    /// </summary>
    private static IEnumerable<SiteEvent> RestoreJoins(SiteState state, SiteDefinition site, SiteSignal signal, Instant at)
    {
        if (site.FindZone(signal.Zone) is not { } zone)
        {
            yield break;
        }
        var family = zone.Detector switch
        {
            DetectorKind.Smoke or DetectorKind.Flood or DetectorKind.CarbonMonoxide => AlertFamily.DomesticRisk,
            DetectorKind.SosKey => AlertFamily.Sos,
            _ => AlertFamily.Intrusion,
        };
        if (state.OpenIncidents.TryGetValue(family, out var open))
        {
            yield return new AlarmJoinedIncident(open, signal, at);
        }
        else if (state.PendingAlerts.FirstOrDefault(p => p.Kind.Family() == family) is { } pending)
        {
            yield return new SignalJoinedAlert(pending.AlertId, signal, at);
        }
    }

    /// <summary>Why an alarm raises no alert in this arming mode, or null when it does (SITE-4, SITE-5).</summary>
    public static NotRaised? NotWatched(ArmingMode mode, AlertKind kind, Zone? zone)
    {
        if (kind.IsAlwaysActive())
        {
            return null;
        }
        return mode switch
        {
            ArmingMode.Total => null,
            ArmingMode.Disarmed => NotRaised.Disarmed,
            ArmingMode.Partial when zone is null => null, // an unknown zone is taken as watched: safer
            ArmingMode.Partial when zone.InPartial => null,
            ArmingMode.Partial => NotRaised.NotInPartial(zone),
        };
    }

    private static Decision<SiteEvent> Tick(SiteState state, SiteDefinition site, Offer offer, Instant now, EngineRules rules)
    {
        var events = new List<SiteEvent>(CancellationsStanding(state, site, offer, now));
        var due = state.PendingAlerts.Where(a => a.EscalatesAt <= now).ToList();
        var incidents = state.IncidentCount;
        foreach (var family in due.GroupBy(a => a.Kind.Family()))
        {
            var first = family.OrderBy(a => a.At).First();
            // The signals that joined these alerts in their window, in the order received.
            var joined = family.SelectMany(a => a.Joined).OrderBy(s => s.At).ToList();
            if (state.OpenIncidents.TryGetValue(family.Key, out var open))
            {
                events.AddRange(family.Select(a => new AlarmJoinedIncident(open, AlertSignal(a), now) { AlertId = a.AlertId }));
                // Another zone or a tamper is there as its own alert already; a restore is not.
                events.AddRange(joined.Where(s => !s.Signal.IsAlarm).Select(s => new AlarmJoinedIncident(open, s.Signal, now)));
                continue;
            }
            var brief = Brief(state, site, offer, first.Kind, first.Zone, first.At, now, IncidentId(site, ++incidents), [.. family.Select(a => a.AlertId)], raisedBy: null);
            events.Add(brief is null
                ? AlarmNotRaised.Because(first.Kind, first.Zone, NotRaised.NotHandled(offer, first.Kind, option: false), now)
                : new IncidentOpened(brief with { Signals = joined }, now));
        }
        foreach (var booking in state.ProtectPlus)
        {
            if (!booking.Started && booking.Start <= now)
            {
                events.Add(new ProtectPlusStarted(booking.BookingId, booking.Start));
            }
            if (!booking.Ended && booking.End <= now)
            {
                events.Add(new ProtectPlusEnded(booking.BookingId, booking.End));
            }
        }
        events.AddRange(ArmingExpiry(state, now));
        // Supervision deadlines see the incidents the alerts above opened (their numbers follow).
        var after = events.Aggregate(state, (s, e) => Evolve(s, e, rules));
        events.AddRange(SupervisionTick(after, site, offer, now, rules));
        return Decision<SiteEvent>.Accept(events);
    }

    /// <summary>The incident's opening brief, or null when the offer does not handle this alert (ALR-4, ALR-5 option).</summary>
    private static IncidentBrief? Brief(SiteState state, SiteDefinition site, Offer offer, AlertKind kind, int? zone, Instant alertAt, Instant now,
        string incidentId, IReadOnlyList<string> alertIds, string? raisedBy)
    {
        var inProtectPlus = state.InProtectPlus(alertAt);
        var handling = offer.HandlingAt(inProtectPlus);
        ProcedureKind? procedure = kind.Family() switch
        {
            AlertFamily.Intrusion => handling == AlertHandling.Operators ? ProcedureKind.OperatorIntrusion : ProcedureKind.InfoAlertes,
            // SOS is the station's on A LA CARTE too: the phone-call step (ALR-12).
            AlertFamily.Sos => handling == AlertHandling.Operators || offer.ProtectPlusAvailable ? ProcedureKind.OperatorSos : ProcedureKind.InfoAlertes,
            AlertFamily.DomesticRisk => handling == AlertHandling.Operators ? ProcedureKind.OperatorDomesticRisk
                : offer.DomesticRisksByInfoAlertes ? ProcedureKind.InfoAlertes : null,
            // Supervision is the station's on every offer (SUP-1 … SUP-5).
            AlertFamily.Technical => ProcedureKind.Technical,
            AlertFamily.VideoLink => ProcedureKind.VideoLinkLoss,
        };
        if (procedure is null)
        {
            return null;
        }
        return new IncidentBrief
        {
            IncidentId = incidentId,
            SiteId = site.SiteId,
            SiteAddress = site.Address.ToString(),
            SubscriberName = site.Subscriber.Name,
            Kind = kind,
            Zone = zone,
            ZoneName = site.FindZone(zone)?.Name,
            AlertAt = alertAt,
            Procedure = procedure.Value,
            Offer = offer.Code,
            InProtectPlus = inProtectPlus,
            HasSpeaker = site.Panel.InterpellationSpeaker,
            Landline = site.Landline,
            CallOrder = site.Instructions.CallOrder,
            Emails = site.Instructions.Emails,
            AccessNotes = site.Instructions.AccessNotes,
            TimeZone = site.TimeZone,
            AgentOnRequestFee = offer.AgentOnRequestFee,
            UnjustifiedAgentTripFee = offer.UnjustifiedAgentTripFee,
            GuardingCeiling = offer.GuardingCeiling,
            AlertIds = alertIds,
            RaisedBy = raisedBy,
        };
    }

    private static SiteSignal AlertSignal(PendingAlert alert) => AlertSignal(alert.AlertId, alert.Kind, alert.Zone);

    private static SiteSignal AlertSignal(string alertId, AlertKind kind, int? zone) =>
        new(kind switch { AlertKind.Tamper => SignalKind.Tamper, _ => SignalKind.Intrusion }, zone, null, ArmingChannel.Unknown, alertId, $"{kind} alert {alertId}");

    private static string AlertId(SiteDefinition site, int number) => string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-A{number:D4}");

    private static string IncidentId(SiteDefinition site, int number) => string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-{number:D4}");
}
