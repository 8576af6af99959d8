using System.Text.Json;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>Every event type survives the event log's JSON (DomainJson.Options) written as its base type.</summary>
public class JsonRoundTripTests
{
    private static readonly Instant At = Clock.T0 + Duration.FromMilliseconds(1250);
    private static readonly SiteSignal Badge = PanelSignals.Sia("Nri1/OP003^badge^");
    private static readonly Callee Alice = new("Alice Martin", TestSites.AlicePhone, IsSubscriber: false);

    private static IncidentBrief Brief()
    {
        var station = new Station(TestSites.ToutInclus());
        return station.IntrusionIncident().Brief with { RaisedBy = "ti-1-0009", InProtectPlus = true, Signals = [new ReceivedSignal(Badge, At)] };
    }

    public static IEnumerable<SiteEvent> SiteEvents()
    {
        var definition = TestSites.ToutInclus() with { Cameras = [new Camera("cam-1", "Garden", Exterior: true)], TimeZone = "Europe/Paris" };
        return
        [
            new SiteProvisioned(definition, At),
            new InstructionsChanged(TestSites.Instructions(), ["contacts: a → b", "access notes changed"], At),
            new InstructionsChanged(TestSites.Instructions(), ["contacts: a → b", "access notes changed"], At)
            {
                Changed = [Step.Of("InstructionsChange.Contacts", "a", "b"), Step.Of("InstructionsChange.Emails", Step.Of("InstructionsChange.None"), "x@example.fr"), Step.Of("InstructionsChange.AccessNotes")],
            },
            new IdentificationCodeChanged(TestSites.CodeHash, At),
            new DuressCodeChanged(TestSites.DuressHash, At),
            new DuressCodeChanged(null, At),
            new ActivationStepConfirmed(ActivationStep.CodeDefined, At),
            new SurveillanceStarted(At),
            new SignalReceived(new SignalKey(12, "0042|L1|0012"), Badge, At),
            new ArmingChanged(ArmingMode.Partial, 3, ArmingChannel.Badge, At),
            new ArmingChanged(ArmingMode.Total, null, ArmingChannel.Unknown, At),
            new AlarmNotRaised(AlertKind.Intrusion, 2, "the site is disarmed", At),
            new AlertRaised("ti-1-A0001", AlertKind.Intrusion, 2, At + Duration.FromSeconds(32), At),
            new AlertRaised("ti-1-A0002", AlertKind.Sos, null, null, At),
            new AlertCancelled("ti-1-A0001", 4, ArmingChannel.VirtualRemote, Duration.FromMilliseconds(29500), At),
            new ImmediateStopConfirmed("ti-1-A0001", TestSites.Landline, [TestSites.Email], At),
            new ImmediateStopConfirmed("ti-1-A0001", null, [], At),
            new CancellationStood("ti-1-A0001", At),
            new CancellationVoidedByDuress("ti-1-A0001", At),
            new AlarmJoinedIncident("ti-1-0001", Badge, At) { AlertId = "ti-1-A0003" },
            new AlarmJoinedIncident("ti-1-0001", Badge, At),
            new SignalJoinedAlert("ti-1-A0001", Badge, At),
            new IncidentOpened(Brief(), At),
            new IncidentEnded("ti-1-0001", At),
            new ProtectPlusBooked("alc-1-P001", At, At + Duration.FromHours(48), 2, At),
            new ProtectPlusCancelled("alc-1-P001", At),
            new ProtectPlusStarted("alc-1-P001", At),
            new ProtectPlusEnded("alc-1-P001", At),
            new SiteCharged(new Charge(Fee.ProtectPlusDay, 3.00m, 2, "PROTECT+ 2 × 24 h"), At),
            new SupervisionProfileChanged("DP2", At),
            new FaultRaised(new SiteFault("path:ip", AlertKind.PathLost, At, "IP path silent since 2026-05-04 20:00"), At),
            new FaultRaised(new SiteFault("site", AlertKind.SiteLost, At, "nothing heard", "ti-1-0002", "mass-1"), At),
            new FaultJoinedIncident("ti-1-0002", "battery:4", "low battery in zone 4 (Hall)", At),
            new FaultJoinedIncident("ti-1-0002", "battery:4", "low battery in zone 4 (Hall)", At) { What = Step.Of("Fault.LowBattery", Step.Of("Fault.Zone.Named", 4, "Hall")) },
            new FaultRaised(new SiteFault("path:ip", AlertKind.PathLost, At, "IP path silent since 2026-05-04 20:00") { What = Step.Of("Fault.PathLost", "IP", At) }, At),
            new FaultCleared("path:ip", AlertKind.PathLost, Duration.FromMinutes(42),
                new OutageRecord("path:ip", AlertKind.PathLost, TransmissionKind.Ip, At, At + Duration.FromMinutes(42), Duration.FromMinutes(42)), "ti-1-0002", "mass-1", At),
            new FaultCleared("mains", AlertKind.MainsFailure, Duration.FromMinutes(5), null, null, null, At),
            new NoticeScheduled(new PendingNotice("ti-1-N0001", "mains-cut", At + Duration.FromMinutes(90), "mains", At), At),
            new NoticeScheduled(new PendingNotice("ti-1-N0002", "cyclic-test-missed", At, null, At), At),
            new NoticeCancelled("ti-1-N0001", "mains-cut", "back after 42 min", At),
            new NoticeNotSent("mains-cut", "IP-only site", At),
            new NoticeCancelled("ti-1-N0001", "mains-cut", "back after 42 min", At) { Why = Step.Of("NoticeCancelled.BackInTime", Duration.FromMinutes(42), Duration.FromMinutes(90), "SUP-3") },
            NoticeNotSent.Because("mains-cut", NotRaised.NoGsm, At),
            new SubscriberNotified("mains-cut", [TestSites.SubscriberMobile], [TestSites.Email], true, "Vigie: mains power cut", "Mains cut since 20:00.", At) { NoticeId = "ti-1-N0001" },
            new SubscriberNotified("detector-test-reminder", [], [], false, "s", "t", At),
            new ActivityDetectionChanged(true, At),
            new DetectionScheduleChanged(new Vigie.Domain.Video.DetectionSchedule([new Vigie.Domain.Video.DetectionWindow(NodaTime.IsoDayOfWeek.Monday, new NodaTime.LocalTime(8, 0), new NodaTime.LocalTime(19, 30))]), At),
            new DetectionScheduleChanged(null, At),
            new PrivacyModeChanged(true, At),
            new DisarmDidNotCancel("ti-1-A0001", ArmingChannel.Automatic, At),
            new DetectorTestReminderScheduled(2, At + Duration.FromDays(90), At),
            new TestPeriodScheduled(new TestPeriod("ti-1-T001", TestPeriodKind.Maintenance, At, At + Duration.FromHours(2), "battery replacement", "operator:op-marie"), At),
            new TestPeriodEnded(new TestPeriod("ti-1-T001", TestPeriodKind.OnTest, At, At + Duration.FromHours(2), "detector test", "subscriber:sub-1"), true, "all detectors fine", At),
            new TestPeriodEnded(new TestPeriod("ti-1-T001", TestPeriodKind.OnTest, At, At + Duration.FromHours(2), "detector test", "subscriber:sub-1"), false, null, At),
            new ArmingChanged(ArmingMode.Partial, null, ArmingChannel.VirtualRemote, At) { RequestId = "ti-1-Q0001", RequestedBy = "remoteholder:ti-1/R0001", RemoteId = "R0001", RemoteName = "Mamie" },
            new ArmingRequested("ti-1-Q0001", ArmingMode.Partial, ArmingChannel.VirtualRemote, "R0001", "remoteholder:ti-1/R0001", At + Duration.FromSeconds(60), At),
            new ArmingRequested("ti-1-Q0002", ArmingMode.Disarmed, ArmingChannel.RemoteControl, null, "subscriber:sub-1", At + Duration.FromSeconds(60), At) { Replaces = "ti-1-Q0001" },
            new ArmingRequestExpired("ti-1-Q0002", ArmingMode.Disarmed, ArmingChannel.RemoteControl, "subscriber:sub-1", At),
            new VirtualRemoteCreated("R0001", "Mamie", At + Duration.FromDays(30), new string('a', 64), At),
            new VirtualRemoteCreated("R0002", "Léa", null, new string('b', 64), At),
            new VirtualRemoteRevoked("R0001", "Mamie", RevocationReason.Stolen, At - Duration.FromHours(3), At),
            new VirtualRemoteRevoked("R0002", "Léa", RevocationReason.Revoked, null, At),
            new VirtualRemoteUsed("R0001", "Mamie", ArmingMode.Total, null, At),
            new VirtualRemoteUsed("R0001", "Mamie", ArmingMode.Disarmed, "remote: revoked at 2026-05-04T18:00:00Z (Stolen)", At),
            new LostDeviceReported("ti-1-L0001", LostDeviceKind.Keys, "front door keys", At - Duration.FromHours(2), At + Duration.FromHours(46), At),
            new LostDeviceReported("ti-1-L0002", LostDeviceKind.Badge, "badge 2", At, null, At),
            new LostDeviceReported("ti-1-L0003", LostDeviceKind.Keys, "keys", At, At + Duration.FromHours(48), At) { Stolen = true },
            new ArmingNoticesChanged(new ArmingNoticeChoices(new NoticeChannels(true, true, false), new NoticeChannels(false, true, true)), At),
            new InsurerDetailsChanged(new InsurerDetails
            {
                Name = "Assur'Habitat",
                PolicyNumber = "MRH-123456",
                ClaimsWeb = "https://sinistres.example.fr",
                ClaimsEmail = "sinistres@example.fr",
                ClaimsPhone = TestSites.Landline,
                ClaimsPost = "Service sinistres, BP 12, 69003 Lyon",
                AssistancePhone = TestSites.AlicePhone,
                TheftDeclarationWorkingDays = 3,
                KeyReplacementHours = 72,
            }, At),
            new InsurerDetailsChanged(null, At),
            new SiteCharged(new Charge(Fee.ArmingNoticeSms, null, 1, "arming information SMS"), At),
            new SiteCharged(new Charge(Fee.ArmingNoticeSms, 0.15m, 1, "arming information SMS") { What = Step.Of("Charge.ArmingNoticeSms", Step.Of("Armed.Total"), At) }, At),
        ];
    }

    public static IEnumerable<IncidentEvent> IncidentEvents() =>
    [
        new IncidentStarted(Brief(), At),
        new SignalAdded(Badge, At),
        new CallPlaced("ti-1-0001-C01", Alice, 2, At + Duration.FromSeconds(60), At),
        new CallAnswered("ti-1-0001-C01", Alice, CodeCheck.Duress, At),
        new CallUnanswered("ti-1-0001-C01", Alice, TimedOut: true, At),
        new AlertAcknowledged(Alice, At),
        new InformationEmailSent([TestSites.Email, "bruno@example.fr"], "Intrusion alert: acknowledged", At),
        new AgentRequested("contact:+33622334455", At),
        new SiteInterpellated(true, At),
        new ListenedPassively(false, At),
        new SiteCalled(SiteCallOutcome.CannotSpeakFreely, At),
        new CodeChecked(CodeCheck.Wrong, 2, At),
        new DuressRevealed(At),
        new PersonCalled(Alice, CallOutcome.Reached, PersonDecision.TakesCharge, CallPurpose.BreakInInformation, At),
        new PersonCalled(Alice, CallOutcome.VoicemailLeft, null, CallPurpose.Alert, At),
        new AgentDispatched("neither the subscriber nor a contact could be reached", At),
        new AgentReported(true, "back door forced", At),
        new VideoVerified(true, "two people in the hall", At),
        new PoliceCalled("video verification", "patrol sent", At),
        new GuardingOrganised("Gardiennage Rhône", At),
        new GuardingExpenseRecorded(450.50m, "R-117", 900.25m, At),
        new IncidentCharged(new Charge(Fee.PoliceChargesPassedOn, null, 1, "police charges"), At),
        new IncidentCharged(new Charge(Fee.UnjustifiedAgentTrip, 80.00m, 1, "unjustified security agent trip"), At),
        new CommandRefused("call-police", "no verification yet (ALR-10)", At),
        new IncidentClosed(null, "acknowledged by Alice Martin", null, At),
        new IncidentClosed(Classification.FalseAlarmUser, "closed by operator:op-marie", "window left open", At),
        new IncidentClosed(Classification.Technical, "every site back (3 sites)", null, At) { Outage = Duration.FromMinutes(95), MedianOutage = Duration.FromMinutes(40) },
        new IncidentStarted(TechnicalBrief(), At),
        new IncidentStarted(IncidentBrief.ForMassOutage("mass-1", ["a", "b"], "23 sites lost in 2 min", At), At),
        new FaultAdded("battery:4", "low battery in zone 4 (Hall)", At),
        new FaultAdded("fault", "equipment fault (panel): Communication failure", At)
        {
            What = Step.Of("Fault.EquipmentFault", Step.Of("Fault.Panel"), StepValue.OfSignal("1350 01 000", "Communication failure")),
        },
        new FaultResolved("path:ip", Duration.FromMinutes(42), At),
        new RemoteMaintenanceRecorded(false, "panel unreachable", At),
        new TechnicianVisitBooked(new LocalDate(2026, 5, 6), "replace the battery", true, At),
        new SubscriberInformed("told by phone", At),
        new ClientCalledAboutLink(LinkCallOutcome.Unreachable, At),
        new AfterSalesRequested("second alert", true, At),
        new SitesAffectedNoted(["a", "b"], At),
        new SiteBackNoted("a", Duration.FromMinutes(12), At),
        new IncidentTaken("alice", At),
        new IncidentReleased("alice", At),
        new IncidentTransferred("alice", "bob", At),
        new IncidentTransferred(null, "bob", At),
        new IncidentEscalated(Duration.FromSeconds(60), At),
        new MediaAttached("m1", new string('a', 64), Media.MediaKind.Clip, "CAM-1", At - Duration.FromSeconds(5), At),
        new EvidenceFrozen("SIN-2026-0042", At),
        new RequisitionRecorded(1, "Tribunal judiciaire de Lyon", "PV 2026/118", new LocalDate(2026, 11, 23), At),
        new IncidentClosed(Classification.Test, "closed by operator:alice", null, At) { HandledBy = "alice" },
    ];

    private static IncidentBrief TechnicalBrief() => Brief() with
    {
        Kind = AlertKind.LowBattery,
        Procedure = ProcedureKind.Technical,
        Faults = [new TechnicalFault("battery", AlertKind.LowBattery, "low battery (panel)", At), new TechnicalFault("mains", AlertKind.MainsFailure, "mains power cut", At) { What = Step.Of("Fault.MainsCut") }],
        TimeZone = "Europe/Paris",
    };

    public static TheoryData<string> SiteEventNames => [.. SiteEvents().Select((e, i) => $"{i}:{e.GetType().Name}")];

    public static TheoryData<string> IncidentEventNames => [.. IncidentEvents().Select((e, i) => $"{i}:{e.GetType().Name}")];

    private static T Sample<T>(IEnumerable<T> samples, string name) => samples.ElementAt(int.Parse(name.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [MemberData(nameof(SiteEventNames))]
    public void Site_event_round_trips_through_the_log_json(string name)
    {
        var original = Sample(SiteEvents(), name);

        var json = JsonSerializer.Serialize<SiteEvent>(original, DomainJson.Options);
        var read = JsonSerializer.Deserialize<SiteEvent>(json, DomainJson.Options)!;

        Assert.StartsWith($"{{\"type\":\"{original.GetType().Name}\"", json, StringComparison.Ordinal);
        Assert.IsType(original.GetType(), read);
        Assert.Equal(original.Describe(), read.Describe());
        Assert.Equal(original.At, read.At);
        Assert.Equal(json, JsonSerializer.Serialize(read, DomainJson.Options));
    }

    [Theory]
    [MemberData(nameof(IncidentEventNames))]
    public void Incident_event_round_trips_through_the_log_json(string name)
    {
        var original = Sample(IncidentEvents(), name);

        var json = JsonSerializer.Serialize<IncidentEvent>(original, DomainJson.Options);
        var read = JsonSerializer.Deserialize<IncidentEvent>(json, DomainJson.Options)!;

        Assert.StartsWith($"{{\"type\":\"{original.GetType().Name}\"", json, StringComparison.Ordinal);
        Assert.IsType(original.GetType(), read);
        Assert.Equal(original.Describe(), read.Describe());
        Assert.Equal(original.At, read.At);
        Assert.Equal(json, JsonSerializer.Serialize(read, DomainJson.Options));
    }

    [Fact]
    public void Every_site_and_incident_event_type_has_a_sample()
    {
        static IEnumerable<string> Concrete<TBase>() =>
            typeof(TBase).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TBase)) && !t.IsAbstract).Select(t => t.Name).Order();

        Assert.Equal(Concrete<SiteEvent>(), SiteEvents().Select(e => e.GetType().Name).Distinct().Order());
        Assert.Equal(Concrete<IncidentEvent>(), IncidentEvents().Select(e => e.GetType().Name).Distinct().Order());
    }

    [Fact]
    public void A_brief_and_a_definition_read_back_keep_their_content()
    {
        var brief = Brief();
        var started = (IncidentStarted)JsonSerializer.Deserialize<IncidentEvent>(
            JsonSerializer.Serialize<IncidentEvent>(new IncidentStarted(brief, At), DomainJson.Options), DomainJson.Options)!;

        Assert.Equal(brief.CallOrder, started.Brief.CallOrder);
        Assert.Equal(brief.Emails, started.Brief.Emails);
        Assert.Equal(brief.AlertIds, started.Brief.AlertIds);
        Assert.Equal(brief.Signals, started.Brief.Signals);
        Assert.Equal(brief with { CallOrder = [], Emails = [], AlertIds = [], Faults = [], AffectedSiteIds = [], Signals = [] },
            started.Brief with { CallOrder = [], Emails = [], AlertIds = [], Faults = [], AffectedSiteIds = [], Signals = [] });

        var technical = TechnicalBrief();
        var read = (IncidentStarted)JsonSerializer.Deserialize<IncidentEvent>(
            JsonSerializer.Serialize<IncidentEvent>(new IncidentStarted(technical, At), DomainJson.Options), DomainJson.Options)!;
        Assert.Equal(technical.Faults, read.Brief.Faults);

        var provisioned = (SiteProvisioned)JsonSerializer.Deserialize<SiteEvent>(
            JsonSerializer.Serialize<SiteEvent>(new SiteProvisioned(TestSites.ToutInclus(), At), DomainJson.Options), DomainJson.Options)!;
        Assert.Equal(TestSites.Zones, provisioned.Definition.Zones);
        Assert.Equal(TestSites.Instructions().CallOrder, provisioned.Definition.Instructions.CallOrder);
        Assert.Equal(CodeCheck.Right, provisioned.Definition.Instructions.Check(TestSites.Code));
        Assert.Equal(CodeCheck.Duress, provisioned.Definition.Instructions.Check(TestSites.Duress));
        Assert.Equal(TestSites.IpWithGsmBackup(speaker: true).Paths, provisioned.Definition.Panel.Paths);
    }

    [Fact]
    public void Instants_and_durations_are_written_in_ISO_UTC_and_seconds()
    {
        var json = JsonSerializer.Serialize<SiteEvent>(
            new AlertCancelled("a", 1, ArmingChannel.Keypad, Duration.FromMilliseconds(29500), At), DomainJson.Options);

        Assert.Contains("\"afterAlert\":29.5", json, StringComparison.Ordinal);
        Assert.Contains("\"at\":\"2026-05-04T18:00:01.25Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"channel\":\"Keypad\"", json, StringComparison.Ordinal);

        var visit = JsonSerializer.Serialize<IncidentEvent>(new TechnicianVisitBooked(new LocalDate(2026, 5, 6), "", false, At), DomainJson.Options);
        Assert.Contains("\"date\":\"2026-05-06\"", visit, StringComparison.Ordinal);
    }
}
