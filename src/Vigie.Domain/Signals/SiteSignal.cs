using System.Text.Json.Serialization;

namespace Vigie.Domain.Signals;

/// <summary>What a received event means for a site, whatever the panel's format (DC-03 or Contact ID).</summary>
public enum SignalKind
{
    Intrusion,
    Tamper,
    Sos,
    Duress,
    Smoke,
    CarbonMonoxide,
    Flood,
    ArmedTotal,
    ArmedPartial,
    Disarmed,
    MainsLost,
    MainsRestored,
    LowBattery,
    BatteryRestored,
    PeriodicTest,
    Fault,
    FaultRestored,
    /// <summary>An alarm's restore (the detector is back to normal): history only.</summary>
    AlarmRestored,
    /// <summary>Anything else the panel said: recorded with its label.</summary>
    Other,
}

/// <summary>How an arming change was made (SITE-3, ALR-2).</summary>
public enum ArmingChannel
{
    Keypad,
    Badge,
    Remote,
    /// <summary>The web or app remote control (RC-1).</summary>
    RemoteControl,
    /// <summary>A virtual remote (ACCESS+, RC-2).</summary>
    VirtualRemote,
    KeySwitch,
    Automatic,
    Unknown,
}

/// <summary>One event from a site's panel, as the engine reads it.</summary>
/// <param name="Kind">What it means.</param>
/// <param name="Zone">The zone reported, when the event names one.</param>
/// <param name="User">The user number reported (arming, duress), when it names one.</param>
/// <param name="Channel">For arming changes: how.</param>
/// <param name="Code">The panel's code as received ("BA012", "1130 01 012"), for the history.</param>
/// <param name="Label">A readable label.</param>
public sealed record SiteSignal(
    SignalKind Kind,
    int? Zone,
    int? User,
    ArmingChannel Channel,
    string Code,
    string Label)
{
    /// <summary>An alarm that may become an alert (ALR-1).</summary>
    public bool IsAlarm => Kind is SignalKind.Intrusion or SignalKind.Tamper or SignalKind.Sos or SignalKind.Duress
        or SignalKind.Smoke or SignalKind.CarbonMonoxide or SignalKind.Flood;

    public bool IsArmingChange => Kind is SignalKind.ArmedTotal or SignalKind.ArmedPartial or SignalKind.Disarmed;
}

/// <summary>A signal's identity for idempotency (ARCHITECTURE rule 2): the same signal twice changes nothing.</summary>
/// <param name="JournalId">Row of the receiver's journal (monotonic per station).</param>
/// <param name="Key">Account, receiver, line, sequence and content: equal for copies of one signal sent twice.</param>
public sealed record SignalKey(long JournalId, string Key)
{
    /// <summary>Which event of the journal row (a DC-03 message may carry several).</summary>
    public int Index { get; init; }

    /// <summary>Orders signals as the journal does: row, then event within the row.</summary>
    public bool IsAtOrBefore(long journalId, int index) => JournalId < journalId || (JournalId == journalId && Index <= index);
}
