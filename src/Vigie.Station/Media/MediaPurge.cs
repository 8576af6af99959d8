using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigie.Station.Media;

/// <summary>
/// Destroys photos and clips past the retention (VID-7, GDP-1), counted on the station's clock from their reception:
/// the row, then the file once no row names it. Media frozen for a declared claim stay (INS-9).
/// </summary>
public sealed class MediaPurge(MediaCatalogue catalogue, MediaFiles files, MediaSettings settings, StationClock clock, ILogger<MediaPurge> logger) : BackgroundService
{
    private const int Batch = 500;

    /// <summary>One pass now; returns how many media were destroyed.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var before = clock.GetCurrentInstant() - settings.Retention;
        var destroyed = 0;
        while (true)
        {
            var expired = await catalogue.ExpiredAsync(before, Batch, ct);
            foreach (var medium in expired)
            {
                // Frozen between the query and now: the delete leaves it.
                if (await catalogue.DeleteUnfrozenAsync(medium.Id, ct))
                {
                    destroyed++;
                    if (await catalogue.CountOfFileAsync(medium.Sha256, ct) == 0)
                    {
                        files.Delete(medium.Sha256);
                    }
                }
            }
            if (expired.Count < Batch)
            {
                break;
            }
        }
        if (destroyed > 0)
        {
            MediaLog.Purged(logger, destroyed, before);
        }
        return destroyed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    MediaLog.PurgeFailed(logger, error);
                }
                // Real time between passes: what is due is decided by the station's clock at each pass.
                await Task.Delay(settings.PurgeInterval, TimeProvider.System, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
