using NodaTime;
using Vigie.Domain;

namespace Vigie.Station;

/// <summary>
/// Every figure of the engine, bound from configuration section "Engine" (environment: VIGIE_Engine__CancellationWindowSeconds…).
/// Defaults are the seeds' values (DOMAIN.md).
/// </summary>
public sealed class StationOptions
{
    public const string Section = "Engine";

    /// <summary>The event log file; default: events.db beside the receiver's journal.</summary>
    public string? EventLogPath { get; set; }

    /// <summary>A price list CSV (format of data/tariffs-*.csv); null uses the one shipped (IMA 04/2022).</summary>
    public string? PriceListPath { get; set; }

    /// <summary>"Simulator" is the only telephony today: calls appear in the API and CLI and are answered by hand.</summary>
    public string Telephony { get; set; } = "Simulator";

    public double CancellationWindowSeconds { get; set; } = 30;
    public double EscalationGraceSeconds { get; set; } = 2;
    public int InfoAlertesRounds { get; set; } = 2;
    public double CallTimeoutSeconds { get; set; } = 60;
    public int CodeTriesLimit { get; set; } = 3;
    public double ProtectPlusPeriodHours { get; set; } = 24;

    /// <summary>PBKDF2 iterations for new codes (existing hashes keep theirs).</summary>
    public int CodeHashIterations { get; set; } = 100_000;

    /// <summary>How often the engine looks for new journal rows when idle.</summary>
    public TimeSpan JournalPollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Journal rows read per batch; one batch's sites run in parallel.</summary>
    public int JournalBatchSize { get; set; } = 512;

    /// <summary>Orleans silo and gateway ports (loopback, single silo); 0 picks free ports.</summary>
    public int SiloPort { get; set; }
    public int GatewayPort { get; set; }

    public EngineRules Rules() => new()
    {
        CancellationWindow = Duration.FromSeconds(CancellationWindowSeconds),
        EscalationGrace = Duration.FromSeconds(EscalationGraceSeconds),
        InfoAlertesRounds = InfoAlertesRounds,
        CallTimeout = Duration.FromSeconds(CallTimeoutSeconds),
        CodeTriesLimit = CodeTriesLimit,
        ProtectPlusPeriod = Duration.FromHours(ProtectPlusPeriodHours),
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
        if (CodeHashIterations is < 1000 or > 10_000_000)
        {
            errors.Add("Engine:CodeHashIterations: 1,000 to 10,000,000");
        }
        if (!string.Equals(Telephony, "Simulator", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Engine:Telephony '{Telephony}': only Simulator exists today");
        }
        if (PriceListPath is not null && !File.Exists(PriceListPath))
        {
            errors.Add($"Engine:PriceListPath '{PriceListPath}': no such file");
        }
        return errors;
    }
}
