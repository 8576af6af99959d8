using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

/// <summary>
/// Each site event as a <see cref="Step"/> for the site's history (see <see cref="Incidents.IncidentSteps"/>);
/// <see cref="SiteEvent.Describe"/> stays the English line for logs.
/// </summary>
public static class SiteSteps
{
    /// <summary>Several values named one after the other ("SMS to …, email to …"), joined in the reader's language.</summary>
    public const string ListKey = "List";

    public static Step Of(SiteEvent e) => e switch
    {
        SiteProvisioned p => Step.Of(nameof(SiteProvisioned), StepValue.Named(p.Definition.Offer), p.Definition.Subscriber.Name),
        InstructionsChanged i => Step.Of(nameof(InstructionsChanged), i.Changed.Count > 0 ? Step.Of(Step.ClausesKey, [.. i.Changed.Select(c => (StepValue)c)]) : string.Join("; ", i.Changes)),
        IdentificationCodeChanged => Step.Of(nameof(IdentificationCodeChanged)),
        DuressCodeChanged d => Step.Of(d.Hash is null ? "DuressCodeChanged.Removed" : nameof(DuressCodeChanged)),
        ActivationStepConfirmed a => Step.Of(nameof(ActivationStepConfirmed), StepValue.Named(a.Step)),
        SurveillanceStarted => Step.Of(nameof(SurveillanceStarted)),
        SignalReceived s => Step.Of(nameof(SignalReceived), StepValue.OfSignal(s.Signal.Code, s.Signal.Label), Zone(s.Signal.Zone)),
        ArmingChanged a => Arming(a),
        AlarmNotRaised n => Step.Of(nameof(AlarmNotRaised), StepValue.Named(n.Kind), n.Why is { } why ? why : n.Reason),
        AlertRaised a => Step.Of(a.EscalatesAt is null ? nameof(AlertRaised) : "AlertRaised.Window", StepValue.Named(a.Kind), Zone(a.Zone)),
        AlertCancelled c => Step.Of(nameof(AlertCancelled), c.AlertId, c.AfterAlert),
        CancellationStood c => Step.Of(nameof(CancellationStood), c.AlertId),
        DisarmDidNotCancel d => Step.Of(nameof(DisarmDidNotCancel), d.AlertId, StepValue.Named(d.Channel)),
        CancellationVoidedByDuress c => Step.Of(nameof(CancellationVoidedByDuress), c.AlertId),
        ImmediateStopConfirmed i => Step.Of(nameof(ImmediateStopConfirmed), List(
            i.VoiceMessageTo is { } voice ? Step.Of("Via.Voice", voice.ToString()) : null,
            i.EmailTo.Count > 0 ? Step.Of("Via.Email", string.Join(", ", i.EmailTo)) : null)),
        SignalJoinedAlert j => Step.Of(nameof(SignalJoinedAlert), StepValue.OfSignal(j.Signal.Code, j.Signal.Label), Zone(j.Signal.Zone), j.AlertId),
        AlarmJoinedIncident j => Step.Of(nameof(AlarmJoinedIncident), StepValue.OfSignal(j.Signal.Code, j.Signal.Label), j.IncidentId),
        IncidentOpened o => Step.Of(o.Brief.DuringTestPeriod is null ? nameof(IncidentOpened) : "IncidentOpened.TestPeriod",
            o.Brief.IncidentId, StepValue.Named(o.Brief.Kind), StepValue.Named(o.Brief.Procedure), o.Brief.DuringTestPeriod ?? ""),
        IncidentEnded x => Step.Of(nameof(IncidentEnded), x.IncidentId),
        ProtectPlusBooked b => Step.Of(nameof(ProtectPlusBooked), b.Periods, b.Start),
        ProtectPlusCancelled c => Step.Of(nameof(ProtectPlusCancelled), c.BookingId),
        ProtectPlusStarted => Step.Of(nameof(ProtectPlusStarted)),
        ProtectPlusEnded => Step.Of(nameof(ProtectPlusEnded)),
        SiteCharged c => c.Charge.Amount is { } amount
            ? Step.Of(nameof(SiteCharged), Charged(c.Charge), c.Charge.Quantity, amount)
            : Step.Of("SiteCharged.AtCost", Charged(c.Charge), c.Charge.Quantity),
        SupervisionProfileChanged p => Step.Of(nameof(SupervisionProfileChanged), p.Profile),
        FaultRaised f => f.Fault.GroupedIn is { } g ? Step.Of("FaultRaised.Grouped", Detail(f.Fault.What, f.Fault.Detail), g) : Step.Of(nameof(FaultRaised), Detail(f.Fault.What, f.Fault.Detail)),
        FaultJoinedIncident f => Step.Of(nameof(FaultJoinedIncident), Detail(f.What, f.Detail), f.IncidentId),
        FaultCleared f => Step.Of(nameof(FaultCleared), f.FaultKey, f.Lasted),
        NoticeScheduled n => Step.Of(nameof(NoticeScheduled), Notice(n.Notice.Notice), n.Notice.Due),
        NoticeCancelled n => Step.Of(nameof(NoticeCancelled), Notice(n.Notice), Detail(n.Why, n.Reason)),
        NoticeNotSent n => Step.Of(nameof(NoticeNotSent), Notice(n.Notice), Detail(n.Why, n.Reason)),
        // A notice written from its facts is named by its kind (its subject is the message's, in the message's language).
        SubscriberNotified n => n.Facts.Count > 0 && SubscriberNotices.Kind(n.Notice) is { } kind
            ? Step.Of("SubscriberNotified.Kind", StepValue.Named(kind), Via(n))
            : Step.Of(nameof(SubscriberNotified), n.Notice, n.Subject, Via(n)),
        ActivityDetectionChanged a => Step.Of(a.On ? "ActivityDetectionChanged.On" : "ActivityDetectionChanged.Off"),
        DetectionScheduleChanged d => d.Schedule is null ? Step.Of("DetectionScheduleChanged.Removed") : Step.Of(nameof(DetectionScheduleChanged), d.Schedule.Windows.Count),
        PrivacyModeChanged p => Step.Of(p.On ? "PrivacyModeChanged.On" : "PrivacyModeChanged.Off"),
        DetectorTestReminderScheduled r => Step.Of(nameof(DetectorTestReminderScheduled), r.Number, r.Due),
        TestPeriodScheduled t => Step.Of(nameof(TestPeriodScheduled), StepValue.Named(t.Period.Kind), t.Period.Start, t.Period.End, t.Period.By, t.Period.Reason),
        TestPeriodEnded t => (t.Cancelled ? Step.Of("TestPeriodEnded.Cancelled", t.Period.PeriodId)
            : Step.Of(t.Early ? "TestPeriodEnded.Early" : nameof(TestPeriodEnded), t.Period.PeriodId)).Noted(t.Note),
        ArmingRequested r => Step.Of(r.Channel == ArmingChannel.VirtualRemote ? "ArmingRequested.VirtualRemote" : nameof(ArmingRequested),
            Step.Of("Arm." + r.Mode), r.Channel == ArmingChannel.VirtualRemote ? r.RemoteId ?? "" : From(r.Channel), Who(r.RequestedBy), r.RequestId,
            r.Replaces is { } replaced ? Step.Of("ArmingRequested.Replaces", replaced) : StepValue.None),
        ArmingRequestExpired x => Step.Of(nameof(ArmingRequestExpired), x.RequestId, Step.Of("Arm." + x.Mode), From(x.Channel), Who(x.RequestedBy)),
        VirtualRemoteCreated v => v.ExpiresAt is { } end
            ? Step.Of(nameof(VirtualRemoteCreated), v.RemoteId, v.Name, end)
            : Step.Of("VirtualRemoteCreated.NoEnd", v.RemoteId, v.Name),
        VirtualRemoteRevoked v => v.NoticedAt is { } noticed && v.Reason != RevocationReason.Revoked
            ? Step.Of("VirtualRemoteRevoked.Noticed", v.RemoteId, v.Name, StepValue.Named(v.Reason), noticed)
            : Step.Of(nameof(VirtualRemoteRevoked), v.RemoteId, v.Name, StepValue.Named(v.Reason)),
        VirtualRemoteUsed u => u.Refusal is { } refusal
            ? Step.Of("VirtualRemoteUsed.Refused", u.RemoteId, u.Name, Step.Of("Arm." + u.Mode), u.Why is { } why ? why : refusal)
            : Step.Of(nameof(VirtualRemoteUsed), u.RemoteId, u.Name, Step.Of("Arm." + u.Mode)),
        LostDeviceReported l => l.ReplaceBy is { } replaceBy
            ? Step.Of(l.Stolen ? "LostDeviceReported.Stolen" : nameof(LostDeviceReported), StepValue.Named(l.Kind), Detail(l.What, l.Description), l.NoticedAt, replaceBy)
            : Step.Of("LostDeviceReported.Lost", StepValue.Named(l.Kind), Detail(l.What, l.Description), l.NoticedAt),
        ArmingNoticesChanged a => Step.Of(nameof(ArmingNoticesChanged), Channels(a.Choices.Arming), Channels(a.Choices.Disarming)),
        InsurerDetailsChanged i => i.Details is { } d
            ? Step.Of(nameof(InsurerDetailsChanged), List(
                Step.Of("Insurer.Name", d.Name),
                d.PolicyNumber is { } p ? Step.Of("Insurer.Policy", p) : null,
                d.AssistancePhone is { } phone ? Step.Of("Insurer.Assistance", phone.ToString()) : null,
                d.TheftDeclarationWorkingDays is { } t ? Step.Of("Insurer.TheftDays", t) : null,
                d.OtherClaimDeclarationWorkingDays is { } o ? Step.Of("Insurer.OtherClaimDays", o) : null,
                d.PoliceComplaintHours is { } h ? Step.Of("Insurer.PoliceComplaintHours", h) : null,
                d.KeyReplacementHours is { } k ? Step.Of("Insurer.KeyReplacementHours", k) : null))
            : Step.Of("InsurerDetailsChanged.Removed"),
        // An event this list does not know yet: its type names the text (the resources test asks for one per type).
        _ => Step.Of(e.GetType().Name),
    };

    private static Step Via(SubscriberNotified n) => List(
        n.Sms.Count > 0 ? Step.Of("Via.Sms", string.Join(", ", n.Sms)) : null,
        n.Emails.Count > 0 ? Step.Of("Via.Email", string.Join(", ", n.Emails)) : null,
        n.App ? Step.Of("Via.App") : null);

    /// <summary>A notice by its name in the reader's language; the stored name for one this version does not know.</summary>
    private static StepValue Notice(string notice) => SubscriberNotices.Kind(notice) is { } kind ? StepValue.Named(kind) : notice;

    /// <summary>A typed detail, else the English line of an event recorded before the typed one was kept.</summary>
    internal static StepValue Detail(Step? what, string english) => what is { } typed ? typed : english;

    /// <summary>A charge's typed description, else its fee's name.</summary>
    internal static StepValue Charged(Charge charge) => charge.What is { } what ? what : StepValue.Named(charge.Fee);

    private static StepValue Zone(int? zone) => zone is { } z ? Step.Of("Zone", z) : StepValue.None;

    private static Step From(ArmingChannel channel) => Step.Of("From." + channel);

    /// <summary>Who asked, named in the reader's language ("abonné", "alice"), not the log's "subscriber:SUB-001".</summary>
    private static StepValue Who(string? actor)
    {
        var colon = actor?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && Enum.TryParse<ActorKind>(actor![..colon], ignoreCase: true, out var kind)
            ? Step.Of("ActorKind." + kind, actor[(colon + 1)..])
            : actor ?? "";
    }

    private static Step List(params Step?[] parts) => Step.Of(ListKey, [.. parts.OfType<Step>().Select(p => (StepValue)p)]);

    private static Step Channels(NoticeChannels c) => c.Any
        ? List(c.Email ? Step.Of("Via.Email.Any") : null, c.App ? Step.Of("Via.App") : null, c.Sms ? Step.Of("Via.Sms.Any") : null)
        : Step.Of("Via.Nothing");

    private static Step Arming(ArmingChanged a)
    {
        if (a.RequestId is null)
        {
            return Step.Of(nameof(ArmingChanged), StepValue.Named(a.Mode), a.User is { } u ? Step.Of("User", u) : Step.Of("User.Unknown"), StepValue.Named(a.Channel));
        }
        return a.Channel == ArmingChannel.VirtualRemote
            ? Step.Of("ArmingChanged.VirtualRemote", Step.Of("Armed." + a.Mode), a.RemoteName ?? "", a.RemoteId ?? "", Who(a.RequestedBy), a.RequestId)
            : Step.Of("ArmingChanged.Remote", Step.Of("Armed." + a.Mode), From(a.Channel), Who(a.RequestedBy), a.RequestId);
    }
}
