namespace Vigie.Protocols.Events;

/// <summary>How an opening or closing was made; <see cref="NotApplicable"/> for every other kind.</summary>
public enum ArmingMethod
{
    NotApplicable,
    User,
    Remote,
    Automatic,
    Keyswitch,
    Quick,
    Unknown,
}
