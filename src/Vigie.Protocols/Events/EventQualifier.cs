namespace Vigie.Protocols.Events;

/// <summary>
/// New event, end of a condition, or status report. Openings and closings are always <see cref="New"/>
/// (or <see cref="Status"/> for a Contact ID qualifier 6): the arm/disarm direction is in the kind.
/// Unbypass is reported as <see cref="Restore"/> of a bypass.
/// </summary>
public enum EventQualifier
{
    New,
    Restore,
    Status,
}
