using Microsoft.Extensions.Logging;

namespace Vigie.Station.Cameras;

/// <summary>The cameras' log lines. A camera's RTSP URL is never logged (it may carry credentials); site and number name it.</summary>
internal static partial class CameraLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "camera {Site}/{Camera}: link lost ({Loss}); next attempt in {DelaySeconds} s")]
    public static partial void LinkLost(ILogger logger, string site, int camera, CameraLinkLoss loss, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "camera {Site}/{Camera}: link restored")]
    public static partial void LinkRestored(ILogger logger, string site, int camera);

    [LoggerMessage(Level = LogLevel.Information, Message = "camera {Site}/{Camera}: reader ended: {Errors}")]
    public static partial void ReaderEnded(ILogger logger, string site, int camera, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "camera {Site}/{Camera}: live view {Session} opened until {EndsAt}")]
    public static partial void LiveViewOpened(ILogger logger, string site, int camera, Guid session, NodaTime.Instant endsAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "camera {Site}/{Camera}: live view {Session} closed")]
    public static partial void LiveViewClosed(ILogger logger, string site, int camera, Guid session);

    [LoggerMessage(Level = LogLevel.Information, Message = "camera {Site}/{Camera}: clip of the alarm at {DetectedAt} stored as {Sha256}")]
    public static partial void AlarmClipStored(ILogger logger, string site, int camera, NodaTime.Instant detectedAt, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "camera {Site}/{Camera}: no clip of the alarm at {DetectedAt} ({Problem})")]
    public static partial void AlarmClipMissing(ILogger logger, string site, int camera, NodaTime.Instant detectedAt, AlarmClipProblem problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "camera {Site}/{Camera}: the alarm clip's failure")]
    public static partial void AlarmClipError(ILogger logger, string site, int camera, Exception error);
}
