using NodaTime;

namespace Vigie.Station.Media;

/// <summary>The media store's figures (StationOptions' Media… settings).</summary>
public sealed record MediaSettings(string Folder, Duration Retention, TimeSpan PurgeInterval, long MaxUploadBytes, int MaxPreRollSeconds, Duration AlarmLead);
