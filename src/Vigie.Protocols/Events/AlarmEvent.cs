namespace Vigie.Protocols.Events;

/// <summary>One decoded event, whatever the payload format.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Qualifier">New, restore or status.</param>
/// <param name="Partition">SIA <c>ri</c> modifier, or Contact ID group GG (00 kept as 0).</param>
/// <param name="Zone">Address when the code designates a zone (unknown codes: the address is taken as a zone).</param>
/// <param name="User">Address when the code designates a user, otherwise the SIA <c>id</c> modifier.</param>
/// <param name="Code">"BA" or "130".</param>
/// <param name="RawCode">SIA: the code and its address as received ("BA012"). Contact ID: the body normalised to "QEEE GG ZZZ".</param>
/// <param name="Text">SIA <c>^text^</c> after the code and/or the <c>|A</c> block, trimmed; null when none.</param>
/// <param name="Method">For openings and closings; otherwise <see cref="ArmingMethod.NotApplicable"/>.</param>
/// <param name="Label">English label from the catalogue, or "Unknown event code XX".</param>
public sealed record AlarmEvent(
    AlarmEventKind Kind,
    EventQualifier Qualifier,
    int? Partition,
    int? Zone,
    int? User,
    string Code,
    string RawCode,
    string? Text,
    ArmingMethod Method,
    string Label)
{
    /// <summary>True for a SIA "O" (old / stored) block.</summary>
    public bool IsOldEvent { get; init; }

    /// <summary>SIA <c>ti</c> modifier (panel local time of the event), when sent.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>SIA area name sent as <c>ri01^TOTAL^</c>, when sent.</summary>
    public string? PartitionName { get; init; }

    /// <summary>
    /// A new alarm that calls for an operator (intrusion, tamper, SOS/panic/medical, duress, fire, gas, flood), not its
    /// restore: the receiver commits and hands these ahead of routine signals (polls, tests, arming) in a loaded batch.
    /// </summary>
    public bool IsAlarm => Qualifier == EventQualifier.New && Kind is AlarmEventKind.Burglary or AlarmEventKind.Tamper
        or AlarmEventKind.Panic or AlarmEventKind.Medical or AlarmEventKind.Duress or AlarmEventKind.FireSmoke
        or AlarmEventKind.Heat or AlarmEventKind.CarbonMonoxide or AlarmEventKind.Gas or AlarmEventKind.Water;
}
