using NodaTime;
using Vigie.Domain.Supervision;

namespace Vigie.Station.Supervision;

/// <summary>How the station runs supervision (figures of the rules themselves are in EngineRules.Supervision).</summary>
public sealed record SupervisionSettings
{
    /// <summary>Slices of the sites, one partition grain each.</summary>
    public int Partitions { get; init; } = 16;
    /// <summary>How often every partition looks for passed deadlines: a deadline is noticed at most this late.</summary>
    public Duration Pulse { get; init; } = Duration.FromMilliseconds(250);
    /// <summary>The timing wheel's slot width.</summary>
    public Duration Resolution { get; init; } = Duration.FromMilliseconds(250);
    /// <summary>How often a changed partition is saved (and always when the station stops).</summary>
    public Duration SnapshotInterval { get; init; } = Duration.FromMinutes(5);
    public MassOutagePolicy MassOutage { get; init; } = new();
    /// <summary>At a stop, how long the beat under way may finish before the silo leaves.</summary>
    public TimeSpan StopWait { get; init; } = TimeSpan.FromSeconds(5);

    public static int PartitionOf(string siteId, int partitions) => SupervisionPartitions.Of(siteId, partitions);
}
