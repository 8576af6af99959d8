namespace Vigie.Storage;

/// <summary>
/// The stream is not at the version the caller expected: someone else appended first. Nothing of the call was
/// written (neither its events nor its document changes); the caller rereads and decides again.
/// </summary>
public sealed class StreamVersionConflictException : Exception
{
    public StreamVersionConflictException(string stream, long expected, long actual)
        : base($"stream '{stream}' is at version {actual}, not {expected}")
    {
        Stream = stream;
        Expected = expected;
        Actual = actual;
    }

    public string Stream { get; }
    public long Expected { get; }
    public long Actual { get; }
}
