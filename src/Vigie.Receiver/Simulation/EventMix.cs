using Vigie.Protocols.Dc09;

namespace Vigie.Receiver.Simulation;

/// <summary>The events a simulated panel sends at random.</summary>
public static class EventMix
{
    /// <summary>What a French station sees on an ordinary day: arming, intrusions, tampers, faults, SOS (`vigie demo --busy`, `vigie simulate`).</summary>
    public static readonly IReadOnlyList<(Dc09Token Token, string Payload)> Everyday =
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

    /// <summary>
    /// Events that raise no alert whatever the site's arming or offer (cyclic test reports, SIA and Contact ID), so a
    /// quiet demo shows traffic without touching the arming a walk-through set: an opening could cancel its intrusion.
    /// </summary>
    public static readonly IReadOnlyList<(Dc09Token Token, string Payload)> Quiet =
    [
        (Dc09Token.SiaDcs, "Nri1/RP000"),
        (Dc09Token.AdmCid, "1602 00 000"),
    ];

    public static (Dc09Token Token, string Payload) Pick(Random random) => Pick(Everyday, random);

    public static (Dc09Token Token, string Payload) Pick(IReadOnlyList<(Dc09Token Token, string Payload)> mix, Random random) => mix[random.Next(mix.Count)];

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
