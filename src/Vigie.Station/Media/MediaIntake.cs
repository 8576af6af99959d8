using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Media;
using Vigie.Station.Engine;
using Vigie.Storage;

namespace Vigie.Station.Media;

/// <summary>The result of an upload: the medium kept (Created false when the same bytes came before), or why not.</summary>
public sealed record UploadOutcome(MediaRecord? Medium, bool Created, Refusal? Refusal);

/// <summary>
/// Media arriving by push (issue 18 point 2a): an upload is checked, kept under its SHA-256 and recorded, then linked to
/// the alarm it came with. A clip a signal names (DC-09 field V) belongs to that signal's incident, whichever of the two
/// arrives first; another photo or clip belongs to the site's open alarm incident. An alarm still in its cancellation
/// window has no incident yet: its media wait, and the incident takes them when it opens (<see cref="IncidentGrain"/>).
/// </summary>
public sealed class MediaIntake(
    MediaCatalogue catalogue,
    MediaFiles files,
    MediaSettings settings,
    StationClock clock,
    IEventLog log,
    IGrainFactory grains,
    ILogger<MediaIntake> logger)
{
    public async Task<UploadOutcome> UploadAsync(MediaDevice device, UploadHeader header, Stream body, CancellationToken ct)
    {
        var received = await files.ReceiveAsync(body, settings.MaxUploadBytes, ct);
        var refusal = received.TooLarge
            ? Refusal.Invalid("body", RefusalCodes.MediaTooLarge, $"body: larger than {settings.MaxUploadBytes} bytes", settings.MaxUploadBytes)
            : received.Size == 0
                ? Refusal.Invalid("body", RefusalCodes.MediaEmpty, "body: empty")
                : MediaUpload.CheckContent(header.ContentType, received.Head);
        if (refusal is not null)
        {
            MediaFiles.Discard(received);
            return new UploadOutcome(null, false, refusal);
        }
        files.Keep(received);
        var now = clock.GetCurrentInstant();
        var (medium, created) = await RecordAsync(new MediaRecord(
            Guid.NewGuid().ToString("N"), device.SiteId, device.Camera, header.Kind, header.Name, header.CapturedAt ?? now, now,
            received.Size, received.Sha256, header.ContentType, header.PreRollSeconds, null, false), ct);
        return new UploadOutcome(medium, created, null);
    }

    /// <summary>
    /// A clip the station cut itself from a camera's ring buffer (issue 18 point 2b): kept and linked exactly as a pushed
    /// clip without a name, so it joins the site's open alarm incident (or waits for it) and its SHA-256 is chained.
    /// The file is moved into the store (or dropped when the same bytes are there already).
    /// </summary>
    public async Task<MediaRecord> KeepClipAsync(string siteId, string camera, NodaTime.Instant capturedAt, int preRollSeconds, string file, CancellationToken ct)
    {
        ReceivedFile received;
        await using (var content = File.OpenRead(file))
        {
            received = await files.ReceiveAsync(content, long.MaxValue, ct);
        }
        File.Delete(file);
        files.Keep(received);
        var (medium, _) = await RecordAsync(new MediaRecord(
            Guid.NewGuid().ToString("N"), siteId, camera, MediaKind.Clip, null, capturedAt, clock.GetCurrentInstant(),
            received.Size, received.Sha256, "video/mp4", preRollSeconds, null, false), ct);
        return medium;
    }

    private async Task<(MediaRecord Medium, bool Created)> RecordAsync(MediaRecord record, CancellationToken ct)
    {
        var (medium, created) = await catalogue.AddAsync(record, ct);
        if (created && await IncidentOfAsync(medium, ct) is { } incidentId)
        {
            await AttachAsync(medium, incidentId);
            medium = await catalogue.FindAsync(medium.Id, ct) ?? medium;
        }
        return (medium, created);
    }

    /// <summary>A signal of the site named this clip (DC-09 field V): link it to the signal's incident, now or when it opens.</summary>
    public async Task ClipNamedAsync(string siteId, string name, NodaTime.Instant at, CancellationToken ct = default)
    {
        try
        {
            var reference = await catalogue.ReferClipAsync(siteId, name, at, await OpenAlarmIncidentAsync(siteId, ct), ct);
            if (reference.IncidentId is { } incidentId)
            {
                foreach (var clip in (await catalogue.NamedAsync(siteId, name, ct)).Where(c => c.IncidentId is null))
                {
                    await AttachAsync(clip, incidentId);
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            MediaLog.ReferenceFailed(logger, name, siteId, error);
        }
    }

    private async Task<string?> IncidentOfAsync(MediaRecord medium, CancellationToken ct) =>
        medium.Name is { } name
            ? (await catalogue.ReferenceAsync(medium.SiteId, name, ct))?.IncidentId
            : await OpenAlarmIncidentAsync(medium.SiteId, ct);

    private async Task AttachAsync(MediaRecord medium, string incidentId)
    {
        var result = await grains.GetGrain<IIncidentGrain>(incidentId).Execute(Attach(medium, clock.GetCurrentInstant()));
        if (!result.Accepted)
        {
            MediaLog.NotAttached(logger, medium.Id, incidentId, result.Refusal?.Detail ?? "");
        }
    }

    public static AttachMedia Attach(MediaRecord medium, NodaTime.Instant now) =>
        new(medium.Id, medium.Sha256, medium.Kind, medium.Camera, medium.CapturedAt, Actor.System, now);

    /// <summary>The site's most recently opened alarm incident still open (technical incidents take no media).</summary>
    private async Task<string?> OpenAlarmIncidentAsync(string siteId, CancellationToken ct) =>
        (await log.ListDocumentsAsync(Collections.OpenIncidents, ct))
            .Select(d => EventCodec.Read<IncidentSummary>(d.Data)!)
            .Where(s => s.SiteId == siteId && !s.Kind.IsTechnical())
            .OrderByDescending(s => s.OpenedAt)
            .FirstOrDefault()?.IncidentId;
}
