namespace Vigie.Receiver.Journal;

/// <summary>What the receiver made of a stored signal. Every one of them is visible to the station.</summary>
public enum SignalStatus
{
    /// <summary>Known account, readable message.</summary>
    Accepted,
    /// <summary>
    /// Message from an account the registry does not know, to be looked at: a plain one is acknowledged and
    /// stored decoded; an encrypted one is stored raw and answered DUH.
    /// </summary>
    UnknownAccount,
    /// <summary>Encrypted message from an account with no key: stored raw, answered DUH.</summary>
    NoKey,
    /// <summary>Encrypted message the account's key does not open: stored raw, answered DUH.</summary>
    KeyMismatch,
    /// <summary>Valid frame whose event payload could not be decoded: stored with the error, acknowledged.</summary>
    PayloadUnreadable,
    /// <summary>NULL message (link test), stored only when configured.</summary>
    LinkTest,
}

public static class SignalStatusNames
{
    public static string Name(SignalStatus status) => status switch
    {
        SignalStatus.Accepted => "accepted",
        SignalStatus.UnknownAccount => "unknown-account",
        SignalStatus.NoKey => "no-key",
        SignalStatus.KeyMismatch => "key-mismatch",
        SignalStatus.PayloadUnreadable => "payload-unreadable",
        SignalStatus.LinkTest => "link-test",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SignalStatus Parse(string name) => name switch
    {
        "accepted" => SignalStatus.Accepted,
        "unknown-account" => SignalStatus.UnknownAccount,
        "no-key" => SignalStatus.NoKey,
        "key-mismatch" => SignalStatus.KeyMismatch,
        "payload-unreadable" => SignalStatus.PayloadUnreadable,
        "link-test" => SignalStatus.LinkTest,
        _ => throw new FormatException($"unknown signal status '{name}'"),
    };
}
