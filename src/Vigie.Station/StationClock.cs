using NodaTime;

namespace Vigie.Station;

/// <summary>The engine's "now", from the host's TimeProvider (a fake one in tests, so 30-s windows take no real time).</summary>
public sealed class StationClock(TimeProvider time) : IClock
{
    public TimeProvider Time { get; } = time;

    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(Time.GetUtcNow());
}
