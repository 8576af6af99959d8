using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>One live view of a camera: opened at an instant, over at its end (VID-9: by itself after 10 minutes by default).</summary>
internal sealed record LiveViewSession(Guid Id, string Site, int Camera, Instant OpenedAt, Instant EndsAt)
{
    public static LiveViewSession Open(string site, int camera, Instant now, Duration limit) =>
        new(Guid.NewGuid(), site, camera, now, now + limit);

    /// <summary>VID-9: a live view stops by itself once its time is up, whoever watches.</summary>
    public bool IsOver(Instant now) => now >= EndsAt;
}
