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
    /// <summary>
    /// Plain (unencrypted) message for an account that has a key and does not allow plain ones: answered NAK,
    /// kept for the station to see, never acted on and never a sign of life (anyone can forge it).
    /// </summary>
    PlainRefused,
}

public static class SignalStatusNames
{
    /// <summary>A message its panel really sent: it restarts the site's supervision timers. Refused and unknown ones do not.</summary>
    public static bool IsLifeSign(SignalStatus status) => status is SignalStatus.Accepted or SignalStatus.LinkTest or SignalStatus.PayloadUnreadable;

    /// <summary>Stored for the station to look at, under the per-source quota (whoever sends them, they are not trusted).</summary>
    public static bool IsUntrusted(SignalStatus status) => status is SignalStatus.UnknownAccount or SignalStatus.NoKey or SignalStatus.KeyMismatch or SignalStatus.PlainRefused;

    public static string Name(SignalStatus status) => status switch
    {
        SignalStatus.Accepted => "accepted",
        SignalStatus.UnknownAccount => "unknown-account",
        SignalStatus.NoKey => "no-key",
        SignalStatus.KeyMismatch => "key-mismatch",
        SignalStatus.PayloadUnreadable => "payload-unreadable",
        SignalStatus.LinkTest => "link-test",
        SignalStatus.PlainRefused => "plain-refused",
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
        "plain-refused" => SignalStatus.PlainRefused,
        _ => throw new FormatException($"unknown signal status '{name}'"),
    };
}
