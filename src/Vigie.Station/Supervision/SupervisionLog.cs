using Microsoft.Extensions.Logging;
using NodaTime;

namespace Vigie.Station.Supervision;

internal static partial class SupervisionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "supervision partition {Partition}: {Sites} sites resumed from the snapshot of {SavedAt}; every deadline at least one full interval after {Now}")]
    public static partial void PartitionResumed(ILogger logger, int partition, int sites, Instant savedAt, Instant now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "supervision partition {Partition}: {Problem}")]
    public static partial void SnapshotProblem(ILogger logger, int partition, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "supervision partition {Partition}: snapshot unreadable ({Problem}); kept aside as '.damaged', the partition starts from the sites' list with a full interval each")]
    public static partial void SnapshotUnreadable(ILogger logger, int partition, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "site {SiteId}: supervision profile '{Profile}' unknown; watched on the daily test only")]
    public static partial void UnknownProfile(ILogger logger, string siteId, string profile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mass outage {GroupId}: many sites silent together, grouped into one technical incident")]
    public static partial void MassOutageOpened(ILogger logger, string groupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "supervision: {Change} for {Target} refused: {Reason}")]
    public static partial void ChangeRefused(ILogger logger, string target, string change, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "supervision: {Change} for {Target} failed")]
    public static partial void ChangeFailed(ILogger logger, string target, string change, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "supervision: a partition could not be reached at start ({Problem}: a station of the cluster was lost meanwhile); trying again")]
    public static partial void StartRetried(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "supervision started: {Sites} sites in {Partitions} partitions")]
    public static partial void Started(ILogger logger, int sites, int partitions);

    [LoggerMessage(Level = LogLevel.Error, Message = "supervision pulse failed")]
    public static partial void PulseFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "supervision: passing {Count} panel contacts failed")]
    public static partial void ContactsFailed(ILogger logger, int count, Exception error);
}
