using NodaTime;
using Vigie.Domain.Media;

namespace Vigie.Station.Media;

/// <summary>
/// A photo or clip the station holds: its file is named by <see cref="Sha256"/> (one file for identical uploads), this
/// row says whose it is. <see cref="Name"/> is the clip's name a DC-09 signal's extended field V gives; received-at is
/// the station's clock, which the retention counts from (a camera's own clock may be wrong).
/// </summary>
public sealed record MediaRecord(
    string Id,
    string SiteId,
    string Camera,
    MediaKind Kind,
    string? Name,
    Instant CapturedAt,
    Instant ReceivedAt,
    long Size,
    string Sha256,
    string ContentType,
    int? PreRollSeconds,
    string? IncidentId,
    bool Frozen);

/// <summary>A camera or image detector allowed to upload for one site's camera; only its secret's SHA-256 is kept.</summary>
public sealed record MediaDevice(string DeviceId, string SiteId, string Camera, string SecretSha256, Instant CreatedAt, string CreatedBy);

/// <summary>A clip a signal named (DC-09 field V): the incident it belongs to once that incident is known.</summary>
public sealed record ClipReference(string SiteId, string Name, Instant SignalAt, string? IncidentId);
