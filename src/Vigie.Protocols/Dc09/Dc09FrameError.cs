namespace Vigie.Protocols.Dc09;

/// <summary>Why a frame was refused. The receiver maps each to its reply (NAK, or none for a bad CRC).</summary>
public enum Dc09FrameError
{
    None,
    /// <summary>Missing LF/CR framing, or shorter than the smallest possible frame.</summary>
    Framing,
    /// <summary>Longer than the configured cap.</summary>
    TooLong,
    /// <summary>CRC field not hex (or binary form not allowed).</summary>
    BadCrcField,
    /// <summary>CRC does not match the frame's content: DC-09 says do not answer.</summary>
    CrcMismatch,
    /// <summary>Length field unreadable or not the length of the frame.</summary>
    BadLength,
    /// <summary>Message identifier missing, unquoted or unknown.</summary>
    UnknownToken,
    /// <summary>Sequence number not four digits.</summary>
    BadSequence,
    /// <summary>Receiver (R) or line (L) field malformed.</summary>
    BadRouting,
    /// <summary>Account (#) field malformed.</summary>
    BadAccount,
    /// <summary>No '[' opening the data, or data not closed by ']'.</summary>
    BadData,
    /// <summary>Extended data block malformed.</summary>
    BadExtendedData,
    /// <summary>Timestamp present but not _HH:MM:SS,MM-DD-YYYY, or an impossible date.</summary>
    BadTimestamp,
    /// <summary>Encrypted body not hex, not whole AES blocks, or its plaintext has no valid layout.</summary>
    BadCiphertext,
}
