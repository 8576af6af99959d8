using NodaTime;
using NodaTime.Text;
using Vigie.Domain;
using Vigie.Domain.Supervision;
using Vigie.Station.Supervision;

namespace Vigie.Station;

/// <summary>
/// Every figure of the engine, bound from configuration section "Engine" (environment: VIGIE_Engine__CancellationWindowSeconds…).
/// Defaults are the seeds' values (DOMAIN.md).
/// </summary>
public sealed class StationOptions
{
    public const string Section = "Engine";

    /// <summary>The event log file; default: events.db beside the receiver's journal. Unused with ReceiverOptions.Postgres (the log is in that database).</summary>
    public string? EventLogPath { get; set; }

    /// <summary>A price list CSV (format of data/tariffs-*.csv); null uses the one shipped (IMA 04/2022).</summary>
    public string? PriceListPath { get; set; }

    /// <summary>"Simulator" is the only telephony today: calls appear in the API and CLI and are answered by hand.</summary>
    public string Telephony { get; set; } = "Simulator";

    /// <summary>
    /// Opens the simulators' routes (/api/v1/simulator: calls ringing, answer, reject, outbox) to staff and to `vigie phone`
    /// (which reads the run's credential, DATA/simulator.token). Off by default: a station in service shows no simulated
    /// phone or mailbox; `vigie demo` turns it on.
    /// </summary>
    public bool SimulatorApi { get; set; }

    /// <summary>
    /// Where arming commands for panels go (RC-1): "Simulator" sends the panel's answer back over DC-09 to this station's
    /// own receiver, as a panel would. A real panel link is not built yet.
    /// </summary>
    public string PanelCommands { get; set; } = "Simulator";

    /// <summary>A remote arming request not confirmed by the panel this long after it was sent has failed (RC-1).</summary>
    public double ArmingConfirmSeconds { get; set; } = 60;

    /// <summary>Locks and keys replaced within this many hours of noticing a loss or theft (INS-5); a site's insurer may say otherwise.</summary>
    public double KeyReplacementHours { get; set; } = 48;

    /// <summary>Price of one arm/disarm information SMS (RC-5); the seeds give no figure, so none by default: billing prices it.</summary>
    public decimal? ArmingNoticeSmsPrice { get; set; }

    public double CancellationWindowSeconds { get; set; } = 30;
    public double EscalationGraceSeconds { get; set; } = 2;
    /// <summary>How long a disarm's cancellation waits for a duress event before it stands (ALR-21).</summary>
    public double DuressGraceSeconds { get; set; } = 10;
    public int InfoAlertesRounds { get; set; } = 2;
    public double CallTimeoutSeconds { get; set; } = 60;
    public int CodeTriesLimit { get; set; } = 3;
    public double ProtectPlusPeriodHours { get; set; } = 24;

    /// <summary>
    /// The language of the messages people receive (e-mails, SMS, voice messages): fr-FR (default) or en-GB. A subscriber
    /// has no language of their own yet, so this one is everyone's.
    /// </summary>
    public string MessageCulture { get; set; } = "fr-FR";

    /// <summary>The operators' console: an incident nobody took this long after opening is escalated to the supervisor.</summary>
    public double ConsoleEscalateSeconds { get; set; } = 60;

    /// <summary>PBKDF2 iterations for new codes (existing hashes keep theirs).</summary>
    public int CodeHashIterations { get; set; } = 100_000;

    /// <summary>How often the engine looks for new journal rows when idle.</summary>
    public TimeSpan JournalPollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Journal rows read per batch; one batch's sites run in parallel.</summary>
    public int JournalBatchSize { get; set; } = 512;

    /// <summary>
    /// Orleans silo and gateway ports. 0: free ports on loopback for a station alone; 11111 and 30000 for a station of a
    /// cluster (Receiver:Postgres set), whose silos find each other in the database.
    /// </summary>
    public int SiloPort { get; set; }
    public int GatewayPort { get; set; }

    /// <summary>The cluster this silo joins (stations sharing one database and cluster id share their grains).</summary>
    public string ClusterId { get; set; } = "vigie";

    /// <summary>The address other silos reach this one at; default: the host's own address (127.0.0.1 for stations on one machine).</summary>
    public string? SiloAddress { get; set; }

    /// <summary>
    /// How a lost silo is noticed: each silo probes others this often, and one missing this many probes in a row is
    /// declared dead; its grains then move to the survivors. Orleans' defaults (5 s, 3).
    /// </summary>
    public double ClusterProbeSeconds { get; set; } = 5;
    public int ClusterMissedProbes { get; set; } = 3;

    /// <summary>Where photos and clips are kept, named by their SHA-256; default: media/ in the receiver's data folder.</summary>
    public string? MediaFolder { get; set; }

    /// <summary>Media older than this (station clock, from reception) are destroyed, unless frozen for a claim (VID-7, GDP-1, INS-9).</summary>
    public double MediaRetentionDays { get; set; } = 30;

    /// <summary>How often the retention purge runs.</summary>
    public double MediaPurgeIntervalMinutes { get; set; } = 60;

    /// <summary>The largest photo or clip a camera may upload.</summary>
    public long MediaMaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The longest pre-roll (seconds before the detection) a clip may declare.</summary>
    public int MediaMaxPreRollSeconds { get; set; } = 120;

    /// <summary>A photo or clip received this long before an alarm's incident opens (its cancellation window) belongs to it.</summary>
    public double MediaAlarmLeadSeconds { get; set; } = 60;

    public Media.MediaSettings Media(string dataDirectory) => new(
        MediaFolder ?? Path.Combine(dataDirectory, "media"),
        Duration.FromDays(MediaRetentionDays),
        TimeSpan.FromMinutes(MediaPurgeIntervalMinutes),
        MediaMaxUploadBytes,
        MediaMaxPreRollSeconds,
        Duration.FromSeconds(MediaAlarmLeadSeconds));

    /// <summary>Supervision: slices of the sites (one partition grain each), how often deadlines are looked at, how often partitions are saved.</summary>
    public int SupervisionPartitions { get; set; } = 16;
    public double SupervisionPulseMilliseconds { get; set; } = 250;
    public double SupervisionSnapshotSeconds { get; set; } = 300;

    /// <summary>Mass outage: this many sites lost within the window make one technical incident; a loss is held this long first.</summary>
    public int MassOutageThreshold { get; set; } = 20;
    public double MassOutageWindowSeconds { get; set; } = 120;
    public double MassOutageHoldBackSeconds { get; set; } = 60;

    /// <summary>SUP-3 … SUP-6 figures (seed values by default).</summary>
    public double MainsCutSmsMinutes { get; set; } = 90;
    public double CameraLinkLossNotificationMinutes { get; set; } = 30;
    public string ProVideoCallsFrom { get; set; } = "08:00";
    public string ProVideoCallsUntil { get; set; } = "20:00";
    public int DetectorTestReminderMonths { get; set; } = 3;
    /// <summary>SUP-1: notices go out at this hour on working days, and a notice due after the latest hour waits for the next working day.</summary>
    public string NoticeHour { get; set; } = "09:00";
    public string LatestSameDayNotice { get; set; } = "18:00";
    public int OutageHistoryKept { get; set; } = 50;
    public double TestPeriodMaxDays { get; set; } = 7;

    /// <summary>
    /// Where e-mails go: bound from its own section "Email" (Email:Smtp:Host…), not from "Engine"; no SMTP host keeps
    /// the simulated mailbox.
    /// </summary>
    public Mail.EmailOptions Email { get; set; } = new();

    /// <summary>The cameras the station reads and their ring buffers, clips and live views (section "Cameras").</summary>
    public Cameras.CameraOptions Cameras { get; set; } = new();

    /// <summary>The station's own supervision profiles, beside the EN 50136-style presets (a same name replaces a preset).</summary>
    public List<ProfileOptions> SupervisionProfiles { get; set; } = [];

    /// <summary>One profile in configuration: Engine:SupervisionProfiles:0:Name, …:IpDeadlineSeconds…</summary>
    public sealed class ProfileOptions
    {
        public string Name { get; set; } = "";
        public double? IpDeadlineSeconds { get; set; }
        public double? GsmDeadlineSeconds { get; set; }
        public double? CyclicTestHours { get; set; } = 24;
        public double CyclicTestToleranceMinutes { get; set; } = 30;
        public double FailoverGraceSeconds { get; set; } = 120;

        public SupervisionProfile ToProfile() => new()
        {
            Name = Name,
            IpDeadline = IpDeadlineSeconds is { } ip ? Duration.FromSeconds(ip) : null,
            GsmDeadline = GsmDeadlineSeconds is { } gsm ? Duration.FromSeconds(gsm) : null,
            CyclicTest = CyclicTestHours is { } hours ? Duration.FromHours(hours) : null,
            CyclicTestTolerance = Duration.FromMinutes(CyclicTestToleranceMinutes),
            FailoverGrace = Duration.FromSeconds(FailoverGraceSeconds),
        };
    }

    private static LocalTime TimeOf(string text) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text).GetValueOrThrow();

    private MassOutagePolicy MassOutage() => new()
    {
        Threshold = MassOutageThreshold,
        Window = Duration.FromSeconds(MassOutageWindowSeconds),
        HoldBack = Duration.FromSeconds(MassOutageHoldBackSeconds),
    };

    public SupervisionRules SupervisionRules() => new()
    {
        StationProfiles = [.. SupervisionProfiles.Select(p => p.ToProfile())],
        MainsCutSmsDelay = Duration.FromMinutes(MainsCutSmsMinutes),
        CameraLinkLossNotificationDelay = Duration.FromMinutes(CameraLinkLossNotificationMinutes),
        ProVideoCallsFrom = TimeOf(ProVideoCallsFrom),
        ProVideoCallsUntil = TimeOf(ProVideoCallsUntil),
        DetectorTestReminderMonths = DetectorTestReminderMonths,
        NoticeHour = TimeOf(NoticeHour),
        LatestSameDayNotice = TimeOf(LatestSameDayNotice),
        OutageHistoryKept = OutageHistoryKept,
        TestPeriodMaxLength = Duration.FromDays(TestPeriodMaxDays),
        MassOutage = MassOutage(),
    };

    public SupervisionSettings Supervision() => new()
    {
        Partitions = SupervisionPartitions,
        Pulse = Duration.FromMilliseconds(SupervisionPulseMilliseconds),
        Resolution = Duration.FromMilliseconds(SupervisionPulseMilliseconds),
        SnapshotInterval = Duration.FromSeconds(SupervisionSnapshotSeconds),
        MassOutage = MassOutage(),
    };

    public EngineRules Rules() => new()
    {
        CancellationWindow = Duration.FromSeconds(CancellationWindowSeconds),
        EscalationGrace = Duration.FromSeconds(EscalationGraceSeconds),
        DuressGrace = Duration.FromSeconds(DuressGraceSeconds),
        InfoAlertesRounds = InfoAlertesRounds,
        CallTimeout = Duration.FromSeconds(CallTimeoutSeconds),
        CodeTriesLimit = CodeTriesLimit,
        ProtectPlusPeriod = Duration.FromHours(ProtectPlusPeriodHours),
        ArmingConfirmWindow = Duration.FromSeconds(ArmingConfirmSeconds),
        KeyReplacement = Duration.FromHours(KeyReplacementHours),
        ArmingNoticeSmsPrice = ArmingNoticeSmsPrice,
        Supervision = SupervisionRules(),
        Console = new ConsoleRules { EscalateUntakenAfter = Duration.FromSeconds(ConsoleEscalateSeconds) },
    };

    /// <summary>Names the first wrong figure; nothing starts with a bad one.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CancellationWindowSeconds is < 0 or > 600)
        {
            errors.Add("Engine:CancellationWindowSeconds: 0 to 600");
        }
        if (EscalationGraceSeconds is < 0 or > 60)
        {
            errors.Add("Engine:EscalationGraceSeconds: 0 to 60");
        }
        if (DuressGraceSeconds is < 0 or > 120)
        {
            errors.Add("Engine:DuressGraceSeconds: 0 to 120");
        }
        if (InfoAlertesRounds is < 1 or > 10)
        {
            errors.Add("Engine:InfoAlertesRounds: 1 to 10");
        }
        if (CallTimeoutSeconds is < 5 or > 600)
        {
            errors.Add("Engine:CallTimeoutSeconds: 5 to 600");
        }
        if (CodeTriesLimit is < 1 or > 20)
        {
            errors.Add("Engine:CodeTriesLimit: 1 to 20");
        }
        if (ProtectPlusPeriodHours is <= 0 or > 168)
        {
            errors.Add("Engine:ProtectPlusPeriodHours: more than 0, at most 168");
        }
        if (MessageCulture is not ("fr-FR" or "en-GB"))
        {
            errors.Add($"Engine:MessageCulture '{MessageCulture}': fr-FR or en-GB");
        }
        if (ConsoleEscalateSeconds is < 1 or > 3600)
        {
            errors.Add("Engine:ConsoleEscalateSeconds: 1 to 3,600");
        }
        if (CodeHashIterations is < 1000 or > 10_000_000)
        {
            errors.Add("Engine:CodeHashIterations: 1,000 to 10,000,000");
        }
        if (!string.Equals(Telephony, "Simulator", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Engine:Telephony '{Telephony}': only Simulator exists today");
        }
        if (!string.Equals(PanelCommands, "Simulator", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Engine:PanelCommands '{PanelCommands}': only Simulator exists today");
        }
        if (MediaRetentionDays is < 1 or > 3650)
        {
            errors.Add("Engine:MediaRetentionDays: 1 to 3,650");
        }
        if (MediaPurgeIntervalMinutes is < 1 or > 1440)
        {
            errors.Add("Engine:MediaPurgeIntervalMinutes: 1 to 1,440");
        }
        if (MediaMaxUploadBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
        {
            errors.Add("Engine:MediaMaxUploadBytes: 1,024 to 4 GiB");
        }
        if (MediaMaxPreRollSeconds is < 0 or > 3600)
        {
            errors.Add("Engine:MediaMaxPreRollSeconds: 0 to 3,600");
        }
        if (MediaAlarmLeadSeconds is < 0 or > 3600)
        {
            errors.Add("Engine:MediaAlarmLeadSeconds: 0 to 3,600");
        }
        if (ArmingConfirmSeconds is < 5 or > 3600)
        {
            errors.Add("Engine:ArmingConfirmSeconds: 5 to 3,600");
        }
        if (KeyReplacementHours is < 1 or > 720)
        {
            errors.Add("Engine:KeyReplacementHours: 1 to 720");
        }
        if (ArmingNoticeSmsPrice is < 0 or > 100)
        {
            errors.Add("Engine:ArmingNoticeSmsPrice: 0 to 100 (euros), or unset to let billing price it");
        }
        if (SiloPort is < 0 or > 65535 || GatewayPort is < 0 or > 65535)
        {
            errors.Add("Engine:SiloPort, Engine:GatewayPort: 0 (default) to 65,535");
        }
        if (string.IsNullOrWhiteSpace(ClusterId) || ClusterId.Length > 150)
        {
            errors.Add("Engine:ClusterId: a name of 1 to 150 characters");
        }
        if (SiloAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            errors.Add($"Engine:SiloAddress '{address}': an IP address (e.g. 10.0.0.5)");
        }
        if (ClusterProbeSeconds is < 0.5 or > 60 || ClusterMissedProbes is < 1 or > 10)
        {
            errors.Add("Engine:ClusterProbeSeconds 0.5 to 60, Engine:ClusterMissedProbes 1 to 10");
        }
        if (SupervisionPartitions is < 1 or > 4096)
        {
            errors.Add("Engine:SupervisionPartitions: 1 to 4096");
        }
        if (SupervisionPulseMilliseconds is < 10 or > 60_000)
        {
            errors.Add("Engine:SupervisionPulseMilliseconds: 10 to 60,000");
        }
        if (SupervisionSnapshotSeconds is < 1 or > 3600)
        {
            errors.Add("Engine:SupervisionSnapshotSeconds: 1 to 3,600");
        }
        if (MassOutageThreshold < 2)
        {
            errors.Add("Engine:MassOutageThreshold: at least 2");
        }
        if (MassOutageWindowSeconds is <= 0 or > 86_400 || MassOutageHoldBackSeconds is < 0 or > 3600)
        {
            errors.Add("Engine:MassOutageWindowSeconds: more than 0, at most 86,400; Engine:MassOutageHoldBackSeconds: 0 to 3,600");
        }
        foreach (var (name, text) in new[] { ("ProVideoCallsFrom", ProVideoCallsFrom), ("ProVideoCallsUntil", ProVideoCallsUntil), ("NoticeHour", NoticeHour), ("LatestSameDayNotice", LatestSameDayNotice) })
        {
            if (!LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text ?? "").Success)
            {
                errors.Add($"Engine:{name} '{text}': a time of day as HH:mm (e.g. 09:00)");
            }
        }
        if (MainsCutSmsMinutes is <= 0 or > 10_080 || CameraLinkLossNotificationMinutes is <= 0 or > 10_080)
        {
            errors.Add("Engine:MainsCutSmsMinutes, Engine:CameraLinkLossNotificationMinutes: more than 0, at most 10,080 (a week)");
        }
        if (DetectorTestReminderMonths is < 1 or > 24 || OutageHistoryKept is < 1 or > 10_000 || TestPeriodMaxDays is <= 0 or > 90)
        {
            errors.Add("Engine:DetectorTestReminderMonths 1 to 24, Engine:OutageHistoryKept 1 to 10,000, Engine:TestPeriodMaxDays more than 0 to 90");
        }
        for (var i = 0; i < SupervisionProfiles.Count; i++)
        {
            errors.AddRange(SupervisionProfiles[i].ToProfile().Validate().Select(e => $"Engine:SupervisionProfiles:{i}:{e}"));
        }
        errors.AddRange(Email.Validate());
        if (PriceListPath is not null && !File.Exists(PriceListPath))
        {
            errors.Add($"Engine:PriceListPath '{PriceListPath}': no such file");
        }
        return errors;
    }
}
