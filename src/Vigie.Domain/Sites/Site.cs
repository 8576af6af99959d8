using System.Collections.Immutable;
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
            StartTestPeriod c => StartTest(state, site, c, rules),
            EndTestPeriod c => EndTest(state, site, offer, c, rules),
            RequestArming c => RequestArming(state, site, c, rules),
            CreateVirtualRemote c => CreateRemote(state, c),
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
            : Decision<SiteEvent>.Accept(new InstructionsChanged(next, changes, c.At));
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
            var missing = string.Join(", ", state.MissingActivationSteps);
            return Decision<SiteEvent>.Accept(new AlarmNotRaised(kind, signal.Zone, $"telesurveillance has not started (missing: {missing})", at));
        }
        var test = state.OnTest(at);
        // A test or maintenance period never mutes an SOS or a duress (ALR-22): handled as always, marked.
        if (test is not null && kind.Family() != AlertFamily.Sos)
        {
            return Decision<SiteEvent>.Accept(new AlarmNotRaised(kind, signal.Zone, test.Describe(), at));
        }
        if (NotWatched(state.Arming.Mode, kind, site.FindZone(signal.Zone)) is { } reason)
        {
            return Decision<SiteEvent>.Accept(new AlarmNotRaised(kind, signal.Zone, reason, at));
        }
        var family = kind.Family();
        // A duress wins whichever way round the panel sent it (ALR-13, ALR-21): alerts still in their window, and
        // alerts a disarm cancelled moments before, join the SOS; those cancellations are voided, not user errors.
        var forced = kind == AlertKind.Duress ? state.RecentCancellations : [];
        var joining = kind == AlertKind.Duress ? state.PendingAlerts : [];
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
                // A second detector inside the window joins the first alert; the window still runs from the first.
                return Decision<SiteEvent>.Accept(new AlertRaised(alertId, kind, signal.Zone, pending.EscalatesAt, at));
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
            events.Add(new AlarmNotRaised(kind, signal.Zone, $"{offer.Name}: {kind} is not handled (option not subscribed)", at));
        }
        return Decision<SiteEvent>.Accept(events);
    }

    /// <summary>Why an alarm raises no alert in this arming mode, or null when it does (SITE-4, SITE-5).</summary>
    public static string? NotWatched(ArmingMode mode, AlertKind kind, Zone? zone)
    {
        if (kind.IsAlwaysActive())
        {
            return null;
        }
        return mode switch
        {
            ArmingMode.Total => null,
            ArmingMode.Disarmed => "the site is disarmed",
            ArmingMode.Partial when zone is null => null, // an unknown zone is taken as watched: safer
            ArmingMode.Partial when zone.InPartial => null,
            ArmingMode.Partial => $"zone {zone.Number} ({zone.Name}) is not watched in partial mode",
        };
    }

    private static IEnumerable<SiteEvent> ArmingChange(SiteState state, SiteDefinition site, Offer offer, SiteSignal signal, Instant at, EngineRules rules)
    {
        var mode = signal.Kind switch
        {
            SignalKind.ArmedTotal => ArmingMode.Total,
            SignalKind.ArmedPartial => ArmingMode.Partial,
            _ => ArmingMode.Disarmed,
        };
        // A remote request this signal confirms is named in the change (RC-1, RC-2); a disarm by any channel cancels below (ALR-2).
        var changed = ArmingChangedBy(state, mode, signal, at);
        yield return changed;
        foreach (var information in ArmingInformation(state, site, changed, rules))
        {
            yield return information;
        }
        if (mode != ArmingMode.Disarmed)
        {
            yield break;
        }
        foreach (var alert in state.PendingAlerts.Where(a => at - a.At <= rules.CancellationWindow && at >= a.At))
        {
            yield return new AlertCancelled(alert.AlertId, signal.User, changed.Channel, at - alert.At, at);
            if (rules.DuressGrace == Duration.Zero && StopConfirmation(state, site, offer, alert.AlertId, alert.At, at) is { } confirmed)
            {
                yield return confirmed;
            }
        }
    }

    /// <summary>
    /// The subscriber's confirmation of a stopped alert, in PROTECT+ and on operator offers when the instructions hold
    /// a landline or an email (ALR-3); null when none is due.
    /// </summary>
    private static ImmediateStopConfirmed? StopConfirmation(SiteState state, SiteDefinition site, Offer offer, string alertId, Instant alertAt, Instant at) =>
        offer.HandlingAt(state.InProtectPlus(alertAt)) == AlertHandling.Operators && (site.Landline is not null || site.Instructions.Emails.Count > 0)
            ? new ImmediateStopConfirmed(alertId, site.Landline, site.Instructions.Emails, at)
            : null;

    /// <summary>Cancellations no duress event voided within the grace stand (ALR-21); only then is the stop confirmed (ALR-3).</summary>
    private static IEnumerable<SiteEvent> CancellationsStanding(SiteState state, SiteDefinition site, Offer offer, Instant now)
    {
        foreach (var cancelled in state.RecentCancellations.Where(c => c.StandsAt <= now))
        {
            yield return new CancellationStood(cancelled.AlertId, now);
            if (StopConfirmation(state, site, offer, cancelled.AlertId, cancelled.AlertAt, now) is { } confirmed)
            {
                yield return confirmed;
            }
        }
    }

    private static Decision<SiteEvent> Tick(SiteState state, SiteDefinition site, Offer offer, Instant now, EngineRules rules)
    {
        var events = new List<SiteEvent>(CancellationsStanding(state, site, offer, now));
        var due = state.PendingAlerts.Where(a => a.EscalatesAt <= now).ToList();
        var incidents = state.IncidentCount;
        foreach (var family in due.GroupBy(a => a.Kind.Family()))
        {
            var first = family.OrderBy(a => a.At).First();
            if (state.OpenIncidents.TryGetValue(family.Key, out var open))
            {
                events.AddRange(family.Select(a => new AlarmJoinedIncident(open, AlertSignal(a), now) { AlertId = a.AlertId }));
                continue;
            }
            var brief = Brief(state, site, offer, first.Kind, first.Zone, first.At, now, IncidentId(site, ++incidents), [.. family.Select(a => a.AlertId)], raisedBy: null);
            events.Add(brief is null
                ? new AlarmNotRaised(first.Kind, first.Zone, $"{offer.Name}: {first.Kind} is not handled", now)
                : new IncidentOpened(brief, now));
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

    private static Decision<SiteEvent> Book(SiteState state, Offer offer, BookProtectPlus c, EngineRules rules)
    {
        if (!offer.ProtectPlusAvailable || offer.ProtectPlusDayPrice is null)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteProtectPlusUnavailable, $"PROTECT+ is not available on {offer.Name} (ALR-7)", offer.Name));
        }
        if (c.Periods < 1 || c.Periods > rules.ProtectPlusMaxPeriods)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("periods", RefusalCodes.SiteProtectPlusPeriods, $"periods: from 1 to {rules.ProtectPlusMaxPeriods} periods of {rules.ProtectPlusPeriod.TotalHours:0} h", rules.ProtectPlusMaxPeriods, rules.ProtectPlusPeriod));
        }
        if (c.Start < c.At - Duration.FromMinutes(1))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("start", RefusalCodes.SiteProtectPlusInPast, "start: a PROTECT+ period cannot start in the past"));
        }
        var end = c.Start + rules.ProtectPlusPeriod * c.Periods;
        if (state.ProtectPlus.FirstOrDefault(b => !b.Ended && b.Start < end && c.Start < b.End) is { } overlap)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("start", RefusalCodes.SiteProtectPlusOverlap, $"start: overlaps PROTECT+ booking {overlap.BookingId} ({overlap.Start} – {overlap.End})", overlap.BookingId, overlap.Start, overlap.End));
        }
        var id = string.Create(CultureInfo.InvariantCulture, $"{state.Definition!.SiteId}-P{state.BookingCount + 1:D3}");
        var charge = new Charge(Fee.ProtectPlusDay, offer.ProtectPlusDayPrice, c.Periods, $"PROTECT+ {c.Periods} × 24 h from {c.Start}");
        return Decision<SiteEvent>.Accept(new ProtectPlusBooked(id, c.Start, end, c.Periods, c.At), new SiteCharged(charge, c.At));
    }

    private static Decision<SiteEvent> Cancel(SiteState state, Offer offer, CancelProtectPlus c)
    {
        if (state.ProtectPlus.FirstOrDefault(b => b.BookingId == c.BookingId) is not { } booking)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteBookingNotFound, $"bookingId: no PROTECT+ booking {c.BookingId} on this site", c.BookingId));
        }
        if (booking.Started || booking.Start <= c.At)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteBookingStarted, $"bookingId: booking {c.BookingId} has already started", c.BookingId));
        }
        // The periods were billed at booking: cancelling before the start credits them back.
        var credit = new Charge(Fee.ProtectPlusDay, offer.ProtectPlusDayPrice, -booking.Periods, $"PROTECT+ booking {c.BookingId} cancelled before its start: credit");
        return Decision<SiteEvent>.Accept(new ProtectPlusCancelled(c.BookingId, c.At), new SiteCharged(credit, c.At));
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

    public static SiteState Evolve(SiteState state, SiteEvent e, EngineRules rules) => e switch
    {
        SiteProvisioned p => state with { Definition = p.Definition },
        InstructionsChanged i => state with { Definition = state.Definition! with { Instructions = i.Instructions } },
        IdentificationCodeChanged c => state with { Definition = state.Definition! with { Instructions = state.Definition.Instructions with { IdentificationCode = c.Hash } } },
        DuressCodeChanged d => state with { Definition = state.Definition! with { Instructions = state.Definition.Instructions with { DuressCode = d.Hash } } },
        ActivationStepConfirmed a => state with { Activation = state.Activation.Add(a.Step) },
        SurveillanceStarted s => state with
        {
            SurveillanceActive = true,
            SurveillanceSince = s.At,
            DetectorTestReminderNumber = 1,
            NextDetectorTestReminder = rules.Supervision.DetectorTestReminderDue(s.At, 1, ZoneOf(state.Definition!)),
        },
        SignalReceived s => state with
        {
            LastJournalId = s.Key.JournalId > 0 ? s.Key.JournalId : state.LastJournalId,
            LastJournalIndex = s.Key.JournalId > 0 ? s.Key.Index : state.LastJournalIndex,
            RecentKeys = Remember(state.RecentKeys, s.Key.Key, s.At, rules),
            LastSignalAt = s.At,
        },
        ArmingChanged a => state with
        {
            Arming = new Arming(a.Mode, a.At, a.User, a.Channel),
            PendingArming = a.RequestId is not null && a.RequestId == state.PendingArming?.RequestId ? null : state.PendingArming,
        },
        AlarmNotRaised => state,
        AlertRaised r => state with
        {
            AlertCount = state.AlertCount + 1,
            PendingAlerts = r.EscalatesAt is { } due ? state.PendingAlerts.Add(new PendingAlert(r.AlertId, r.Kind, r.Zone, r.At, due)) : state.PendingAlerts,
        },
        AlertCancelled c => state with
        {
            PendingAlerts = state.PendingAlerts.RemoveAll(p => p.AlertId == c.AlertId),
            RecentCancellations = rules.DuressGrace == Duration.Zero || state.PendingAlerts.Find(p => p.AlertId == c.AlertId) is not { } p
                ? state.RecentCancellations
                : state.RecentCancellations.Add(new CancelledAlert(p.AlertId, p.Kind, p.Zone, p.At, c.At + rules.DuressGrace)),
        },
        CancellationStood c => state with { RecentCancellations = state.RecentCancellations.RemoveAll(r => r.AlertId == c.AlertId) },
        CancellationVoidedByDuress v => state with { RecentCancellations = state.RecentCancellations.RemoveAll(r => r.AlertId == v.AlertId) },
        ImmediateStopConfirmed => state,
        AlarmJoinedIncident j => j.AlertId is null ? state : state with { PendingAlerts = state.PendingAlerts.RemoveAll(p => p.AlertId == j.AlertId) },
        IncidentOpened o => state with
        {
            Faults = Link(state.Faults, o.Brief.Faults.Select(f => f.Key), o.Brief.IncidentId),
            IncidentCount = state.IncidentCount + 1,
            OpenIncidents = state.OpenIncidents.SetItem(o.Brief.Kind.Family(), o.Brief.IncidentId),
            PendingAlerts = state.PendingAlerts.RemoveAll(p => o.Brief.AlertIds.Contains(p.AlertId)),
        },
        IncidentEnded x => state with
        {
            OpenIncidents = state.OpenIncidents.Where(kv => kv.Value != x.IncidentId).ToImmutableDictionary(),
            Faults = state.Faults.Values.Any(f => f.IncidentId == x.IncidentId)
                ? state.Faults.SetItems(state.Faults.Values.Where(f => f.IncidentId == x.IncidentId).Select(f => KeyValuePair.Create(f.Key, f with { IncidentId = null })))
                : state.Faults,
        },
        ProtectPlusBooked b => state with
        {
            BookingCount = state.BookingCount + 1,
            ProtectPlus = state.ProtectPlus.Add(new ProtectPlusBooking(b.BookingId, b.Start, b.End, b.Periods, Started: false, Ended: false)),
        },
        ProtectPlusCancelled c => state with { ProtectPlus = state.ProtectPlus.RemoveAll(b => b.BookingId == c.BookingId) },
        ProtectPlusStarted s => state with { ProtectPlus = Update(state.ProtectPlus, s.BookingId, b => b with { Started = true }) },
        ProtectPlusEnded x => state with { ProtectPlus = Update(state.ProtectPlus, x.BookingId, b => b with { Ended = true }) },
        SiteCharged => state,
        SupervisionProfileChanged p => state with { Definition = state.Definition! with { SupervisionProfile = p.Profile } },
        FaultRaised f => state with { Faults = state.Faults.SetItem(f.Fault.Key, f.Fault) },
        FaultJoinedIncident j => state with { Faults = Link(state.Faults, [j.FaultKey], j.IncidentId) },
        FaultCleared c => state with
        {
            Faults = state.Faults.Remove(c.FaultKey),
            Outages = c.Outage is { } outage ? Bounded(state.Outages.Add(outage), rules.Supervision.OutageHistoryKept) : state.Outages,
        },
        NoticeScheduled n => state with { NoticeCount = state.NoticeCount + 1, Notices = state.Notices.Add(n.Notice) },
        NoticeCancelled n => state with { Notices = state.Notices.RemoveAll(p => p.NoticeId == n.NoticeId) },
        NoticeNotSent => state,
        SubscriberNotified n => n.NoticeId is null ? state : state with { Notices = state.Notices.RemoveAll(p => p.NoticeId == n.NoticeId) },
        ActivityDetectionChanged a => state with { ActivityDetection = a.On },
        DetectorTestReminderScheduled r => state with { DetectorTestReminderNumber = r.Number, NextDetectorTestReminder = r.Due },
        TestPeriodScheduled t => state with { TestPeriod = t.Period, TestPeriodCount = state.TestPeriodCount + 1 },
        TestPeriodEnded => state with { TestPeriod = null },
        ArmingRequested or ArmingRequestExpired or VirtualRemoteCreated or VirtualRemoteRevoked or VirtualRemoteUsed or LostDeviceReported
            or ArmingNoticesChanged or InsurerDetailsChanged => EvolveRemote(state, e, rules),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown site event"),
    };

    public static SiteState Replay(IEnumerable<SiteEvent> events, EngineRules rules) =>
        events.Aggregate(SiteState.Empty, (s, e) => Evolve(s, e, rules));

    private static ImmutableQueue<(string, Instant)> Remember(ImmutableQueue<(string Key, Instant At)> keys, string key, Instant at, EngineRules rules)
    {
        var next = keys.Enqueue((key, at));
        var count = next.Count();
        while (count > rules.RememberedSignalKeys || (!next.IsEmpty && at - next.Peek().At > rules.DuplicateWindow))
        {
            next = next.Dequeue();
            count--;
        }
        return next;
    }

    private static ImmutableList<ProtectPlusBooking> Update(ImmutableList<ProtectPlusBooking> bookings, string id, Func<ProtectPlusBooking, ProtectPlusBooking> change) =>
        bookings.Select(b => b.BookingId == id ? change(b) : b).ToImmutableList();
}
