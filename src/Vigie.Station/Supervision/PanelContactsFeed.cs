using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans;
using Orleans.Concurrency;
using Vigie.Receiver.Journal;

namespace Vigie.Station.Supervision;

/// <summary>
/// Takes every panel contact from the receiver's writer thread (a queue, never a wait) and passes them to their
/// partitions in batches, once supervision has started. Contacts are not stored: a crash loses the last ones, and
/// the restart's full interval covers them.
/// </summary>
public sealed class PanelContactsFeed(IGrainFactory grains, SupervisionSettings settings, ILogger<PanelContactsFeed> logger)
    : BackgroundService, IPanelContacts
{
    private const int BatchSize = 8192;
    private readonly Channel<PanelContact> _queue = Channel.CreateUnbounded<PanelContact>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _passed;

    /// <summary>Contacts handed to partitions so far (tests wait on it).</summary>
    public long Passed => Interlocked.Read(ref _passed);

    public void Heard(in PanelContact contact) => _queue.Writer.TryWrite(contact);

    /// <summary>Supervision has reconciled its partitions: contacts may flow.</summary>
    internal void Open() => _started.TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _started.Task.WaitAsync(stoppingToken);
            var batch = new List<PanelContact>(BatchSize);
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var contact))
                {
                    batch.Add(contact);
                }
                try
                {
                    await Task.WhenAll(batch
                        .GroupBy(c => SupervisionSettings.PartitionOf(c.SiteReference, settings.Partitions))
                        .Select(p => grains.GetGrain<ISupervisionPartitionGrain>(p.Key).Heard(new Immutable<SupervisionContact[]>(
                            [.. p.Select(c => new SupervisionContact(c.SiteReference, c.Line, Instant.FromDateTimeUtc(DateTime.SpecifyKind(c.ReceivedAt, DateTimeKind.Utc)), c.CyclicTest))]))));
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    SupervisionLog.ContactsFailed(logger, batch.Count, error);
                }
                Interlocked.Add(ref _passed, batch.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
