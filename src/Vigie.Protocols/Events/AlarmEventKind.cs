namespace Vigie.Protocols.Events;

/// <summary>What happened, independent of the reporting format (SIA DC-03 or Contact ID).</summary>
public enum AlarmEventKind
{
    /// <summary>The code is not in the catalogue (or a NULL Contact ID body); see the raw code.</summary>
    Unknown,
    Burglary,
    Tamper,
    Panic,
    /// <summary>Holdup / duress (SIA HA, CID 121).</summary>
    Duress,
    Medical,
    FireSmoke,
    Heat,
    CarbonMonoxide,
    Gas,
    Water,
    AcLoss,
    LowBattery,
    CommunicationFault,
    PeriodicTest,
    ManualTest,
    /// <summary>Disarm.</summary>
    Opening,
    /// <summary>Total arm.</summary>
    Closing,
    /// <summary>Partial, night, stay or perimeter arm.</summary>
    PartialClosing,
    Bypass,
    Unbypass,
    Cancel,
    SystemTrouble,
    PowerUp,
    ProgramMode,
}
