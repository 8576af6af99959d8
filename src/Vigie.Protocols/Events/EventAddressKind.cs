namespace Vigie.Protocols.Events;

/// <summary>What the numeric address of a code designates.</summary>
public enum EventAddressKind
{
    /// <summary>Unused, or an area/line/device number the model does not keep (digits stay in the raw code).</summary>
    None,
    Zone,
    User,
}
