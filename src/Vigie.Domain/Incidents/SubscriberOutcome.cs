using NodaTime;

namespace Vigie.Domain.Incidents;

/// <summary>What the station concluded, as the subscriber reads it.</summary>
public enum OutcomeVerdict
{
    /// <summary>Still open: the station is handling it.</summary>
    InProgress,
    RealIntrusion,
    /// <summary>A false alarm caused by someone on site (open window, wrong code, manipulation error; ALR-15).</summary>
    UserError,
    /// <summary>Closed with no cause found, after checks that found nothing (agent, video, a person reached saying so).</summary>
    FalseAlarm,
    /// <summary>An alarm caused by the equipment (a detector, the transmission).</summary>
    TechnicalFalseAlarm,
    /// <summary>A technical incident (supervision: site lost, mains cut, battery…) dealt with.</summary>
    TechnicalFault,
    Test,
    /// <summary>Closed with no cause found and nothing checked that would say it was a false alarm.</summary>
    Undetermined,
    /// <summary>Closed without a classification (INFO Alertes acknowledged, calls exhausted).</summary>
    Closed,
}

/// <summary>One thing the station did or found, by kind; the portal words it from its resources.</summary>
public enum OutcomeFact
{
    /// <summary>A person of the instructions was phoned and answered.</summary>
    Reached,
    /// <summary>No answer; a voicemail message was left (ALR-8).</summary>
    VoicemailLeft,
    /// <summary>No answer.</summary>
    NotReached,
    /// <summary>An automatic call acknowledged with the confidential code (ALR-5).</summary>
    AcknowledgedWithCode,
    /// <summary>The right identification code was given on site (CON-5).</summary>
    RightCodeGiven,
    /// <summary>A wrong code was given on site.</summary>
    WrongCodeGiven,
    /// <summary>Someone on site answered the interpellation through the speaker (ALR-8).</summary>
    InterpellationAnswered,
    InterpellationUnanswered,
    /// <summary>Someone answered the site's phone.</summary>
    SiteAnswered,
    SiteNotAnswered,
    /// <summary>Someone on site confirmed a manipulation error (ALR-12).</summary>
    ManipulationErrorConfirmed,
    AgentDispatched,
    AgentFoundBreakIn,
    AgentFoundNoBreakIn,
    VideoShowedCrime,
    VideoShowedNothing,
    /// <summary>Police called (ALR-10, ALR-11), with the call's reference when the operator recorded one.</summary>
    PoliceCalled,
    /// <summary>Guarding organised on the subscriber's account (ALR-11).</summary>
    GuardingOrganised,
}

/// <summary>
/// One step of an incident's outcome for the subscriber. <see cref="Name"/> is the person as the subscriber registered
/// them in the instructions (null when it is the subscriber), or the guarding provider.
/// </summary>
public sealed record OutcomeStep(Instant At, OutcomeFact Fact)
{
    public string? Name { get; init; }

    /// <summary>The call reached the subscriber themself (the instructions' own numbers).</summary>
    public bool IsSubscriber { get; init; }

    /// <summary>What the person reached decided (ALR-8, ALR-9).</summary>
    public PersonDecision? Decision { get; init; }

    /// <summary>A call to tell of the break-in after the agent's finding (ALR-11), not about the alert.</summary>
    public bool AboutBreakIn { get; init; }

    /// <summary>The police call's reference, which the subscriber needs for the complaint (INSURANCE INS-3, INS-4).</summary>
    public string? Reference { get; init; }
}

/// <summary>An incident of one of the subscriber's sites: what was found, who was called, whether police were called.</summary>
public sealed record SubscriberOutcome(
    string IncidentId,
    string SiteId,
    AlertKind Kind,
    int? Zone,
    string? ZoneName,
    Instant AlertAt,
    Instant? ClosedAt,
    OutcomeVerdict Verdict,
    bool PoliceCalled,
    string? PoliceReference,
    IReadOnlyList<OutcomeStep> Steps)
{
    /// <summary>
    /// The outcome from the incident's own events (pure; the stream is the truth, ARCHITECTURE rule 4). What a subscriber
    /// may see is decided here, once, for the portal and the API:
    /// <list type="bullet">
    /// <item>facts by typed kind only: the agent's finding (break-in or not), the video verification, calls and their results,
    /// police called and the call's reference (the subscriber needs it for the complaint, INS-3, and the claim, INS-4);</item>
    /// <item>people by the name the subscriber gave them in the instructions; never a phone number, an operator's login,
    /// an operator's free-text notes (agent, police, closing note), nor the English outcome text;</item>
    /// <item>nothing of a duress code or of a person who could not speak freely (ALR-12, ALR-13): whoever forced the
    /// disarm may be reading this page. An incident of kind <see cref="AlertKind.Duress"/>, or where a duress code was
    /// revealed, gives null (the portal's history hides those too);</item>
    /// <item>technical bookkeeping (signals joined, emails sent, handling, charges) stays out: the history and the
    /// invoices tell those.</item>
    /// </list>
    /// </summary>
    public static SubscriberOutcome? Of(IReadOnlyList<IncidentEvent> events)
    {
        if (events.Count == 0 || events[0] is not IncidentStarted { Brief: var brief })
        {
            return null;
        }
        if (brief.Kind == AlertKind.Duress || events.Any(e => e is DuressRevealed or CodeChecked { Result: Contacts.CodeCheck.Duress }))
        {
            return null;
        }
        var steps = new List<OutcomeStep>();
        Classification? classification = null;
        Instant? closedAt = null;
        string? policeReference = null;
        var policeCalled = false;
        var checkedNothing = false;
        foreach (var e in events)
        {
            switch (e)
            {
                case CallAnswered { Code: not Contacts.CodeCheck.Right } a:
                    steps.Add(Call(a.At, OutcomeFact.Reached, a.Callee));
                    break;
                case CallUnanswered u:
                    steps.Add(Call(u.At, OutcomeFact.NotReached, u.Callee));
                    break;
                case AlertAcknowledged k:
                    steps.Add(Call(k.At, OutcomeFact.AcknowledgedWithCode, k.Callee));
                    break;
                case PersonCalled p:
                    steps.Add(Call(p.At, p.Outcome switch
                    {
                        CallOutcome.Reached => OutcomeFact.Reached,
                        CallOutcome.VoicemailLeft => OutcomeFact.VoicemailLeft,
                        CallOutcome.NoAnswer => OutcomeFact.NotReached,
                    }, p.Callee) with
                    { Decision = p.Decision, AboutBreakIn = p.Purpose == CallPurpose.BreakInInformation });
                    checkedNothing |= p.Decision == PersonDecision.FalseAlarm;
                    break;
                case CodeChecked { Result: Contacts.CodeCheck.Right or Contacts.CodeCheck.Wrong } c:
                    steps.Add(new OutcomeStep(c.At, c.Result == Contacts.CodeCheck.Right ? OutcomeFact.RightCodeGiven : OutcomeFact.WrongCodeGiven));
                    break;
                case SiteInterpellated i:
                    steps.Add(new OutcomeStep(i.At, i.Answered ? OutcomeFact.InterpellationAnswered : OutcomeFact.InterpellationUnanswered));
                    break;
                // A person who cannot speak freely is left out, like a duress code (see above).
                case SiteCalled { Outcome: not SiteCallOutcome.CannotSpeakFreely } s:
                    steps.Add(new OutcomeStep(s.At, s.Outcome switch
                    {
                        SiteCallOutcome.Answered => OutcomeFact.SiteAnswered,
                        SiteCallOutcome.ManipulationErrorConfirmed => OutcomeFact.ManipulationErrorConfirmed,
                        _ => OutcomeFact.SiteNotAnswered,
                    }));
                    break;
                case AgentDispatched d:
                    steps.Add(new OutcomeStep(d.At, OutcomeFact.AgentDispatched));
                    break;
                case AgentReported r:
                    steps.Add(new OutcomeStep(r.At, r.BreakIn ? OutcomeFact.AgentFoundBreakIn : OutcomeFact.AgentFoundNoBreakIn));
                    checkedNothing |= !r.BreakIn;
                    break;
                case VideoVerified v:
                    steps.Add(new OutcomeStep(v.At, v.CrimeUnderWay ? OutcomeFact.VideoShowedCrime : OutcomeFact.VideoShowedNothing));
                    checkedNothing |= !v.CrimeUnderWay;
                    break;
                case PoliceCalled police:
                    policeCalled = true;
                    policeReference = police.Reference;
                    steps.Add(new OutcomeStep(police.At, OutcomeFact.PoliceCalled) { Reference = police.Reference });
                    break;
                case GuardingOrganised g:
                    steps.Add(new OutcomeStep(g.At, OutcomeFact.GuardingOrganised) { Name = g.Provider });
                    break;
                case IncidentClosed closed:
                    classification = closed.Classification;
                    closedAt = closed.At;
                    break;
                default:
                    break;
            }
        }
        var verdict = closedAt is null ? OutcomeVerdict.InProgress
            : classification switch
            {
                Classification.RealIntrusion => OutcomeVerdict.RealIntrusion,
                Classification.FalseAlarmUser => OutcomeVerdict.UserError,
                Classification.Technical => brief.Kind.IsTechnical() || brief.Procedure.IsTechnical() ? OutcomeVerdict.TechnicalFault : OutcomeVerdict.TechnicalFalseAlarm,
                Classification.Test => OutcomeVerdict.Test,
                Classification.Unknown => checkedNothing ? OutcomeVerdict.FalseAlarm : OutcomeVerdict.Undetermined,
                null => brief.Kind.IsTechnical() || brief.Procedure.IsTechnical() ? OutcomeVerdict.TechnicalFault : OutcomeVerdict.Closed,
            };
        return new SubscriberOutcome(brief.IncidentId, brief.SiteId, brief.Kind, brief.Zone, brief.ZoneName, brief.AlertAt, closedAt, verdict,
            policeCalled, policeReference, steps);
    }

    // The subscriber's own numbers are named "subscriber" in the call order: the portal says "you", the API leaves the name out.
    private static OutcomeStep Call(Instant at, OutcomeFact fact, Contacts.Callee callee) =>
        new(at, fact) { Name = callee.IsSubscriber ? null : callee.Name, IsSubscriber = callee.IsSubscriber };
}
