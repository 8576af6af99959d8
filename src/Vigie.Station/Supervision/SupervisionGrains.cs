using NodaTime;
using Orleans;
using Orleans.Concurrency;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;

namespace Vigie.Station.Supervision;

/// <summary>
/// What a partition needs to watch a site: its profile's name, its paths (with their DC-09 lines), and the liveness
/// faults the site holds ("site", "path:ip", "path:gsm", "cyclic-test"), so a partition restarted from an older
/// snapshot still knows them lost and restores them on the next message.
/// </summary>
public sealed record SupervisedSite(string SiteId, string Profile, IReadOnlyList<TransmissionPath> Paths, IReadOnlyList<string>? Lost = null);

/// <summary>A panel heard, as a partition takes it.</summary>
[Immutable]
public sealed record SupervisionContact(string SiteId, string? Line, Instant At, bool CyclicTest);

/// <summary>A partition's figures for the supervision overview.</summary>
public sealed record PartitionStatus(int Partition, int Sites, int SitesLost, int PathsLost, int CyclicTestsMissed, Instant? LastTick, Instant? LastSnapshot);

/// <summary>
/// One slice of the sites (by a stable hash of the site id): its reporting deadlines in a timing wheel in memory,
/// fed by every panel contact and advanced by the station's pulse; saved as a snapshot so a restart resumes it.
/// </summary>
public interface ISupervisionPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>One-way: a site grain must never wait on a partition that may be waiting on the sites.</summary>
    [OneWay]
    Task Watch(SupervisedSite site);

    [OneWay]
    Task Unwatch(string siteId);

    /// <summary>The sites that should be watched, at start-up: adds the missing, updates the changed, drops the others.</summary>
    Task Reconcile(Immutable<SupervisedSite[]> sites);

    Task Heard(Immutable<SupervisionContact[]> contacts);

    Task Tick(Instant now);

    Task<SiteLiveness?> Find(string siteId);

    Task<PartitionStatus> Status();

    Task SaveSnapshot();
}

/// <summary>
/// The station's single mass-outage watch: every liveness change passes through it, so losses that come in a crowd
/// make one technical incident instead of thousands; the others go to their sites.
/// </summary>
public interface IOutageWatchGrain : IGrainWithIntegerKey
{
    /// <summary>One-way: partitions go on with their sites while the changes are carried out.</summary>
    [OneWay]
    Task Report(Immutable<LivenessChange[]> changes);

    /// <summary>Losses a partition still holds after a restart: back to their sites (or their group), never grouped anew.</summary>
    [OneWay]
    Task Redeclare(Immutable<LivenessChange[]> losses);

    /// <summary>One-way: the pulse must not wait while the watch hands a crowd of changes to their sites.</summary>
    [OneWay]
    Task Tick(Instant now);

    Task<OutageWatchStatus> Status();
}

public sealed record OutageWatchStatus(string? MassOutage, int SitesOut, int Held, MassOutagePolicy Policy);
