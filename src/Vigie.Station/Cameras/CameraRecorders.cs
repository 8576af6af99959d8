using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Vigie.Station.Cameras;

/// <summary>
/// The station's cameras (Cameras:Sources): one ring-buffer reader each, started with the station and stopped (their
/// ffmpeg with them) at its stop; a detection's clip is cut from its camera's ring and handed to the clip sink.
/// </summary>
internal sealed class CameraRecorders(string dataDirectory, CameraOptions options, TimeProvider time, IClipSink sink, CameraLinks links, ILogger<CameraRecorders> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<(string Site, int Camera), (CameraSource Source, RingBufferReader Reader)> readers = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in options.Sources)
        {
            var folder = Path.Combine(dataDirectory, "cameras", $"{source.Site}-{source.Camera}");
            var reader = new RingBufferReader(source, folder, options, time, links, logger);
            readers[(source.Site, source.Camera)] = (source, reader);
            reader.Start();
        }
        return Task.CompletedTask;
    }

    /// <summary>The clip of a detection at <paramref name="detectedAt"/> on a site's camera; NoVideo for a camera the station does not read.</summary>
    public Task<ClipOutcome> CutClipAsync(string site, int camera, Instant detectedAt, CancellationToken cancellation) =>
        readers.TryGetValue((site, camera), out var one)
            ? new ClipCutter(one.Reader, one.Source, options, time, sink).CutAsync(detectedAt, cancellation)
            : Task.FromResult(new ClipOutcome(null, null, ClipProblem.NoVideo));

    /// <summary>The video a camera's ring holds now, oldest first, on the station's clock (none for a camera the station does not read).</summary>
    public IReadOnlyList<RingSegment> Recorded(string site, int camera) => readers.TryGetValue((site, camera), out var one) ? one.Reader.Ring.Segments() : [];

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, reader) in readers.Values)
        {
            await reader.DisposeAsync();
        }
        readers.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}

/// <summary>Each camera's last link report: what supervision and the console read (a lost camera stays lost until restored).</summary>
internal sealed class CameraLinks : ICameraLinkReports
{
    private readonly ConcurrentDictionary<(string Site, int Camera), CameraLinkReport> last = new();

    public void Report(CameraLinkReport report) => last[(report.Site, report.Camera)] = report;

    public CameraLinkReport? Last(string site, int camera) => last.TryGetValue((site, camera), out var report) ? report : null;
}

public static class CameraModule
{
    /// <summary>The cameras in the host; clips go to the <see cref="IClipSink"/> registered first (the station's: the media store), else to DATA/media by SHA-256.</summary>
    public static IServiceCollection AddVigieCameras(this IServiceCollection services, string dataDirectory, CameraOptions options)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("camera configuration: " + string.Join("; ", errors));
        }
        services.AddSingleton(options);
        services.TryAddSingleton<IClipSink>(new MediaFolderClipSink(Path.Combine(dataDirectory, "media")));
        services.AddSingleton<CameraLinks>();
        services.AddSingleton(sp => new CameraRecorders(dataDirectory, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IClipSink>(),
            sp.GetRequiredService<CameraLinks>(), sp.GetRequiredService<ILogger<CameraRecorders>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CameraRecorders>());
        services.AddSingleton<IAlarmClips, AlarmClips>();
        return services;
    }
}
