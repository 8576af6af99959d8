namespace Vigie.Receiver.Journal;

/// <summary>FNV-1a 64: stable across processes (unlike HashCode), so duplicates are recognised after a restart.</summary>
public static class ContentHash
{
    public static long Of(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in first)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        foreach (var b in second)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
