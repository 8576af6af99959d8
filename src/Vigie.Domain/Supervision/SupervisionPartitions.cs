namespace Vigie.Domain.Supervision;

/// <summary>Which partition (slice of sites, one liveness watch each) watches a site.</summary>
public static class SupervisionPartitions
{
    /// <summary>
    /// FNV-1a (32 bits) over the id's UTF-8 bytes, modulo <paramref name="partitions"/>: the same on every node and
    /// after every restart, which <see cref="string.GetHashCode()"/> is not (it is randomised per process).
    /// </summary>
    public static int Of(string siteId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        var hash = 2166136261u;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in siteId.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < length; k++)
            {
                hash = (hash ^ utf8[k]) * 16777619u;
            }
        }
        return (int)(hash % (uint)partitions);
    }
}
