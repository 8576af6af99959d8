using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Vigie.Station.Engine;
using Vigie.Station.Supervision;

namespace Vigie.Station.Cluster;

/// <summary>
/// When the cluster declares another station dead, this one takes up what it was doing, from the shared log: Orleans
/// moves a grain only when it is next called, so the deadlines the lost station was keeping (30-s windows, call
/// timeouts, PROTECT+ periods) are re-armed here, its open incidents are woken (a call it was ringing rings again),
/// and every supervision partition is reconciled (one that has just moved learns the sites added since its snapshot,
/// and its snapshot gives every site a full interval: no false "site lost"), and the messages and arming commands the
/// lost station had committed but not sent are sent. Every survivor does it: a deadline armed twice wakes its grain
/// twice, and the grain, which decides from its own state, acts once; a message or command is sent by its one delivery
/// grain, which finds it gone when another survivor (or a living station) has sent it already.
/// </summary>
internal sealed partial class StationLossRecovery(
    IClusterMembershipService membership,
    ILocalSiloDetails self,
    EngineResumption resumption,
    SupervisionPulse supervision,
    IHostApplicationLifetime lifetime,
    ILogger<StationLossRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStarted(stoppingToken);
            // Stations dead before this one joined are not its business: its own start took up everything in the log.
            var handled = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var lost = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(self.SiloAddress) && handled.Add(m.SiloAddress))
                    .ToList();
                foreach (var station in lost)
                {
                    StationLost(logger, station.SiloAddress.ToString());
                }
                if (lost.Count > 0)
                {
                    await TakeOver(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TakeOver(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var deadlines = await resumption.ResumeAsync(ct);
            var sites = await supervision.ReconcileAsync(ct);
            TookOver(logger, deadlines, sites, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            TakeOverFailed(logger, error);
        }
    }

    private async Task WhenStarted(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster: station {Silo} declared dead; taking up its deadlines, incidents, supervision and unsent messages")]
    private static partial void StationLost(ILogger logger, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster: took over in {Milliseconds:F0} ms: {Deadlines} deadlines re-armed, {Sites} sites' supervision reconciled")]
    private static partial void TookOver(ILogger logger, int deadlines, int sites, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "cluster: taking over from a lost station failed; a restart of this station takes everything up again")]
    private static partial void TakeOverFailed(ILogger logger, Exception error);
}
