using Vigie.Protocols.Dc09;

namespace Vigie.Receiver.Simulation;

/// <summary>The events a simulated panel sends at random: what a French station sees on an ordinary day.</summary>
public static class EventMix
{
    private static readonly (Dc09Token Token, string Payload)[] Everyday =
    [
        (Dc09Token.SiaDcs, "Nri1/CL001"),
        (Dc09Token.SiaDcs, "Nri1/OP001"),
        (Dc09Token.SiaDcs, "Nri1/NL002"),
        (Dc09Token.SiaDcs, "Nri1/BA003"),
        (Dc09Token.SiaDcs, "Nri1/TA004"),
        (Dc09Token.SiaDcs, "Nri1/AT000"),
        (Dc09Token.SiaDcs, "Nri1/AR000"),
        (Dc09Token.SiaDcs, "Nri1/RP000"),
        (Dc09Token.SiaDcs, "Nri1/XT005"),
        (Dc09Token.AdmCid, "1130 01 003"),
        (Dc09Token.AdmCid, "3130 01 003"),
        (Dc09Token.AdmCid, "3401 01 007"),
        (Dc09Token.AdmCid, "1401 01 007"),
        (Dc09Token.AdmCid, "1111 01 006"),
        (Dc09Token.AdmCid, "1602 00 000"),
        (Dc09Token.AdmCid, "1120 01 000"),
    ];

    public static (Dc09Token Token, string Payload) Pick(Random random) => Everyday[random.Next(Everyday.Length)];

    /// <summary>Reads "BA012" / "Nri1/BA012" as SIA, "1130 01 012" as Contact ID.</summary>
    public static (Dc09Token Token, string Payload) Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]))
        {
            return (Dc09Token.AdmCid, trimmed);
        }
        return (Dc09Token.SiaDcs, trimmed.StartsWith('N') ? trimmed : $"Nri1/{trimmed}");
    }
}
