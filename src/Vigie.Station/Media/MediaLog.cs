using Microsoft.Extensions.Logging;

namespace Vigie.Station.Media;

internal static partial class MediaLog
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "media purge: {Destroyed} photos and clips received before {Before} destroyed")]
    public static partial void Purged(ILogger logger, int destroyed, NodaTime.Instant before);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Error, Message = "media purge failed")]
    public static partial void PurgeFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Warning, Message = "medium {MediaId} not attached to incident {IncidentId}: {Refusal}")]
    public static partial void NotAttached(ILogger logger, string mediaId, string incidentId, string refusal);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Error, Message = "the clip {Name} named by a signal of site {SiteId} was not linked")]
    public static partial void ReferenceFailed(ILogger logger, string name, string siteId, Exception error);

    [LoggerMessage(EventId = 1805, Level = LogLevel.Information, Message = "media device {DeviceId} created for site {SiteId} camera {Camera} by {By}")]
    public static partial void DeviceCreated(ILogger logger, string deviceId, string siteId, string camera, string by);
}
