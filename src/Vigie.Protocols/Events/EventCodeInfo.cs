namespace Vigie.Protocols.Events;

/// <summary>
/// One catalogue entry. For Contact ID, <see cref="Kind"/> and <see cref="Qualifier"/> are the meaning with
/// qualifier 1; open/close codes are stored with their arming kind (<see cref="AlarmEventKind.Closing"/> or
/// <see cref="AlarmEventKind.PartialClosing"/>) and decode to <see cref="AlarmEventKind.Opening"/> with qualifier 1.
/// </summary>
public sealed record EventCodeInfo(
    string Code,
    AlarmEventKind Kind,
    EventQualifier Qualifier,
    EventAddressKind Address,
    ArmingMethod Method,
    string Label,
    string LabelFr);
