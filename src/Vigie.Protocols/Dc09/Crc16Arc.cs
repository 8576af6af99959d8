namespace Vigie.Protocols.Dc09;

/// <summary>
/// CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor), the checksum DC-09 puts in
/// front of every frame. Check value: "123456789" gives 0xBB3D.
/// </summary>
public static class Crc16Arc
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }
        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
            table[i] = crc;
        }
        return table;
    }
}
