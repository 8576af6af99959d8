using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Domain;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Protocols.Events;
using Vigie.Receiver;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// Reads the receiver's journal through a durable cursor and hands each signal to its site's grain. The
/// cursor moves only after a batch is handled, so a signal journaled just before a crash is read again after
/// the restart; the site recognises it by its key and nothing happens twice (ARCHITECTURE rule 2).
/// Sites of one batch run in parallel; one site's signals stay in journal order.
/// </summary>
public sealed class SignalFeed(
    ReceiverOptions receiver,
    StationOptions options,
    IEventLog log,
    IGrainFactory grains,
    Deadlines deadlines,
    EngineResumption resumption,
    IHostApplicationLifetime lifetime,
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
        SqliteConnection? journal = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var found = false;
                try
                {
                    journal ??= OpenJournal();
                    if (journal is not null)
                    {
                        found = await HandleBatch(journal, stoppingToken);
                    }
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    EngineLog.FeedFailed(logger, _cursor, error);
                    journal?.Dispose();
                    journal = null;
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
            journal?.Dispose();
            await _savingCursor;
        }
    }

    private Task Wake(string stream) =>
        stream.StartsWith(Streams.SitePrefix, StringComparison.Ordinal)
            ? grains.GetGrain<ISiteGrain>(stream[Streams.SitePrefix.Length..]).Wake()
            : grains.GetGrain<IIncidentGrain>(stream[Streams.IncidentPrefix.Length..]).Wake();

    private SqliteConnection? OpenJournal()
    {
        if (!File.Exists(receiver.DatabasePath))
        {
            return null;
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = receiver.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    private sealed record Row(long Id, string SiteId, SignalKey Key, SiteSignal Signal, NodaTime.Instant At, string Account);

    /// <summary>Handles one batch; true when it read rows (more have probably come in meanwhile).</summary>
    private async Task<bool> HandleBatch(SqliteConnection journal, CancellationToken ct)
    {
        var rows = new List<Row>();
        long last = _cursor;
        var read = 0;
        using (var command = journal.CreateCommand())
        {
            command.CommandText = """
                SELECT id, received_at, token, account, receiver, line, sequence, site_ref, data, content_hash, status
                FROM signals WHERE id > $after ORDER BY id LIMIT $limit
                """;
            command.Parameters.AddWithValue("$after", _cursor);
            command.Parameters.AddWithValue("$limit", options.JournalBatchSize);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                read++;
                var id = reader.GetInt64(0);
                last = id;
                if (reader.GetString(10) != "accepted" || reader.IsDBNull(7) || reader.IsDBNull(8))
                {
                    continue; // link tests, unknown accounts, unreadable payloads: the receiver's journal shows them
                }
                var token = reader.GetString(2);
                var data = reader.GetString(8);
                // The journal keeps the message's data as sent ("#1001|Nri1/BA012"); the event payload follows the account block.
                if (data.StartsWith('#') && data.IndexOf('|', StringComparison.Ordinal) is var bar and > 0)
                {
                    data = data[(bar + 1)..];
                }
                var decoded = token.Contains("SIA-DCS", StringComparison.Ordinal) ? SiaDc03Decoder.Decode(Encoding.Latin1.GetBytes(data))
                    : token.Contains("ADM-CID", StringComparison.Ordinal) ? ContactIdDecoder.Decode(Encoding.Latin1.GetBytes(data))
                    : null;
                if (decoded is null)
                {
                    continue;
                }
                if (decoded.Error is { } error)
                {
                    EngineLog.PayloadUnreadable(logger, id, error);
                    continue;
                }
                var account = reader.IsDBNull(3) ? "" : reader.GetString(3);
                var key = string.Create(CultureInfo.InvariantCulture,
                    $"{account}|{(reader.IsDBNull(4) ? "" : reader.GetString(4))}|{(reader.IsDBNull(5) ? "" : reader.GetString(5))}|{reader.GetInt32(6)}|{reader.GetInt64(9)}");
                var at = NodaTime.Instant.FromUnixTimeMilliseconds(reader.GetInt64(1));
                var siteId = reader.GetString(7);
                for (var i = 0; i < decoded.Events.Count; i++)
                {
                    rows.Add(new Row(id, siteId, new SignalKey(id, $"{key}#{i}") { Index = i }, SignalInterpretation.Interpret(decoded.Events[i]), at, account));
                }
            }
        }
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
        }
    }
}
