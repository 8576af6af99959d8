namespace Vigie.Storage;

public sealed class EventLogOptions
{
    public required string DatabasePath { get; init; }

    /// <summary>
    /// PRAGMA synchronous=FULL (an acknowledged append survives a power cut) rather than NORMAL (it survives a
    /// crash of the process only).
    /// </summary>
    public bool SynchronousFull { get; init; } = true;

    /// <summary>Most appends written in one transaction.</summary>
    public int MaxCommitBatch { get; init; } = 1000;

    /// <summary>
    /// Streams whose head (version, last hash) the writer keeps in memory, about 300 bytes each (100,000 streams:
    /// 30 MB). The most recently written half of them is always kept; a stream not in memory costs one indexed read
    /// on its next append.
    /// </summary>
    public int StreamCacheCapacity { get; init; } = 200_000;
}
