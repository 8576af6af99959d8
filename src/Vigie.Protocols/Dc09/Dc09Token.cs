namespace Vigie.Protocols.Dc09;

/// <summary>The message identifier between quotes ("SIA-DCS", "*ADM-CID", "ACK"…), without the encryption star.</summary>
public enum Dc09Token
{
    SiaDcs,
    AdmCid,
    Null,
    Ack,
    Nak,
    Duh,
}

public static class Dc09Tokens
{
    public static ReadOnlySpan<byte> SiaDcs => "SIA-DCS"u8;
    public static ReadOnlySpan<byte> AdmCid => "ADM-CID"u8;
    public static ReadOnlySpan<byte> Null => "NULL"u8;
    public static ReadOnlySpan<byte> Ack => "ACK"u8;
    public static ReadOnlySpan<byte> Nak => "NAK"u8;
    public static ReadOnlySpan<byte> Duh => "DUH"u8;

    public static ReadOnlySpan<byte> Bytes(Dc09Token token) => token switch
    {
        Dc09Token.SiaDcs => SiaDcs,
        Dc09Token.AdmCid => AdmCid,
        Dc09Token.Null => Null,
        Dc09Token.Ack => Ack,
        Dc09Token.Nak => Nak,
        Dc09Token.Duh => Duh,
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Unknown DC-09 token."),
    };

    public static bool TryParse(ReadOnlySpan<byte> text, out Dc09Token token)
    {
        if (text.SequenceEqual(SiaDcs)) { token = Dc09Token.SiaDcs; return true; }
        if (text.SequenceEqual(AdmCid)) { token = Dc09Token.AdmCid; return true; }
        if (text.SequenceEqual(Null)) { token = Dc09Token.Null; return true; }
        if (text.SequenceEqual(Ack)) { token = Dc09Token.Ack; return true; }
        if (text.SequenceEqual(Nak)) { token = Dc09Token.Nak; return true; }
        if (text.SequenceEqual(Duh)) { token = Dc09Token.Duh; return true; }
        token = default;
        return false;
    }

    /// <summary>The text used in journals and logs, with the star when encrypted.</summary>
    public static string Name(Dc09Token token, bool encrypted) => (token, encrypted) switch
    {
        (Dc09Token.SiaDcs, false) => "SIA-DCS",
        (Dc09Token.SiaDcs, true) => "*SIA-DCS",
        (Dc09Token.AdmCid, false) => "ADM-CID",
        (Dc09Token.AdmCid, true) => "*ADM-CID",
        (Dc09Token.Null, false) => "NULL",
        (Dc09Token.Null, true) => "*NULL",
        (Dc09Token.Ack, false) => "ACK",
        (Dc09Token.Ack, true) => "*ACK",
        (Dc09Token.Nak, _) => "NAK",
        (Dc09Token.Duh, _) => "DUH",
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Unknown DC-09 token."),
    };
}
