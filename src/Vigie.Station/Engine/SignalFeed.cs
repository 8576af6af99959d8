using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Domain;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Receiver.Journal;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// Reads the receiver's journal through a durable cursor and hands each signal to its site's grain. The
/// cursor moves only after a batch is handled, so a signal journaled just before a crash is read again after
/// the restart; the site recognises it by its key and nothing happens twice (ARCHITECTURE rule 2).
/// Sites of one batch run in parallel; one site's signals stay in journal order.
/// </summary>
public sealed class SignalFeed(
    IJournalReader journal,
    StationOptions options,
    IEventLog log,
    IGrainFactory grains,
    Deadlines deadlines,
    EngineResumption resumption,
    IHostApplicationLifetime lifetime,
    Media.MediaIntake media,
    ILogger<SignalFeed> logger) : BackgroundService
{
    private const string CursorKey = "journal";
    private long _cursor;
    private Task _savingCursor = Task.CompletedTask;

    /// <summary>The last journal row handled (tests and the bench wait on it).</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    public event Action<long>? Advanced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The silo starts after this service: wait for the whole host before calling any grain.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        deadlines.Connect(Wake);
        var stored = await log.GetDocumentAsync(Collections.Cursors, CursorKey, stoppingToken);
        _cursor = stored is null ? 0 : long.Parse(stored.Data, CultureInfo.InvariantCulture);
        var resumed = await resumption.ResumeAsync(stoppingToken);
        EngineLog.Started(logger, _cursor, resumed);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var found = false;
                try
                {
                    found = await HandleBatch(stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    EngineLog.FeedFailed(logger, _cursor, error);
                    await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stoppingToken);
                }
                // Only when idle: rows that came in while a batch was handled are read at once, not a poll later.
                if (!found)
                {
                    // Real time, not the engine's clock: a fake clock in tests must not freeze the feed.
                    await Task.Delay(options.JournalPollInterval, TimeProvider.System, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _savingCursor;
        }
    }

    private Task Wake(string stream) =>
        stream.StartsWith(Streams.SitePrefix, StringComparison.Ordinal)
            ? grains.GetGrain<ISiteGrain>(stream[Streams.SitePrefix.Length..]).Wake()
            : grains.GetGrain<IIncidentGrain>(stream[Streams.IncidentPrefix.Length..]).Wake();

    private sealed record Row(long Id, string SiteId, SignalKey Key, SiteSignal Signal, NodaTime.Instant At, string Account)
    {
        /// <summary>The clip the message names (DC-09 extended field V), for its alarm events.</summary>
        public string? Clip { get; init; }
    }

    /// <summary>Handles one batch; true when it read rows (more have probably come in meanwhile).</summary>
    private async Task<bool> HandleBatch(CancellationToken ct)
    {
        var page = await journal.ReadAfterAsync(_cursor, options.JournalBatchSize, ct);
        var rows = new List<Row>();
        foreach (var signal in page.Signals)
        {
            if (signal.Error is { } error)
            {
                EngineLog.PayloadUnreadable(logger, signal.Id, error);
                continue;
            }
            var at = NodaTime.Instant.FromDateTimeUtc(signal.ReceivedAt);
            for (var i = 0; i < signal.Events.Count; i++)
            {
                var interpreted = SignalInterpretation.Interpret(signal.Events[i]);
                rows.Add(new Row(signal.Id, signal.SiteReference, new SignalKey(signal.Id, $"{signal.IdempotencyKey}#{i}") { Index = i },
                    interpreted, at, signal.Account)
                { Clip = interpreted.IsAlarm ? Media.ClipField.Of(signal.ExtendedData) : null });
            }
        }
        var last = page.Last;
        var read = page.Read;
        await Task.WhenAll(rows.GroupBy(r => r.SiteId).Select(site => HandleSite(site.Key, site.ToList())));
        if (last != _cursor)
        {
            // Saved without waiting: the next batch need not wait for this commit (it usually shares it), and a
            // cursor saved late or not at all only makes a restart read rows again, which changes nothing.
            _savingCursor = SaveCursor(last);
            Interlocked.Exchange(ref _cursor, last);
            Advanced?.Invoke(last);
        }
        return read > 0;
    }

    /// <summary>
    /// Queues the save at once (the log writes in call order, so the last cursor wins) and logs a failure. Not
    /// cancelled when the station stops: the feed waits for it, so a clean stop leaves the cursor where it was.
    /// </summary>
    private async Task SaveCursor(long cursor)
    {
        try
        {
            await log.AppendAsync("engine-cursor", 0, [], [new UpsertDocument(Collections.Cursors, CursorKey, cursor.ToString(CultureInfo.InvariantCulture))],
                CancellationToken.None);
        }
        catch (Exception error)
        {
            EngineLog.CursorNotSaved(logger, cursor, error);
        }
    }

    private async Task HandleSite(string siteId, List<Row> rows)
    {
        var grain = grains.GetGrain<ISiteGrain>(siteId);
        foreach (var row in rows)
        {
            var result = await grain.Execute(new ReceiveSignal(row.Key, row.Signal, Actor.Panel(row.Account), row.At));
            if (!result.Accepted)
            {
                EngineLog.SignalRefused(logger, row.Id, siteId, result.Refusal!.Detail);
            }
            else if (row.Clip is { } clip)
            {
                // After the site: an alarm joining an open incident is in it now; one in its window links when its incident opens.
                await media.ClipNamedAsync(siteId, clip, row.At);
            }
        }
    }
}
