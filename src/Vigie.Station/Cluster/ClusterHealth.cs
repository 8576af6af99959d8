using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;
using Vigie.Station.Supervision;

namespace Vigie.Station.Cluster;

/// <summary>
/// The engine's health seen from this station: how many silos the cluster counts as active, and how many supervision
/// partitions answer now, wherever they live. After a station is lost, the partitions answer again once the survivors
/// have declared it dead and taken its grains: the figure a monitor (and the failover test) watches. The oldest of the
/// answering partitions' last pulses says when supervision last looked at every deadline (a moved partition's first
/// pulse on its new silo brings it forward): `vigie bench failover` measures supervision's lateness with it.
/// </summary>
internal static class ClusterHealth
{
    /// <summary>A partition that has not answered in this time counts as not answering (its silo may be gone).</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    public sealed record Report(int Silos, int Partitions, int PartitionsAnswering, DateTimeOffset? OldestPartitionPulse);

    public static void MapClusterHealth(this IEndpointRouteBuilder app)
    {
        // Open to anyone like /health: the report is measured at most once a second however often it is asked, so a
        // stranger cannot turn it into a load of grain calls.
        var latest = new LatestReport();
        app.MapGet("/health/cluster", async (IGrainFactory grains, SupervisionSettings settings) =>
            Results.Json(await latest.GetAsync(() => MeasureAsync(grains, settings))));
    }

    private static async Task<Report> MeasureAsync(IGrainFactory grains, SupervisionSettings settings)
    {
        var silos = 0;
        try
        {
            silos = (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(AnswerWithin)).Count;
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            // The management grain's silo may be the one lost: 0 until the cluster has moved it.
        }
        var answers = await Task.WhenAll(Enumerable.Range(0, settings.Partitions).Select(async p =>
        {
            try
            {
                return await grains.GetGrain<ISupervisionPartitionGrain>(p).Status().WaitAsync(AnswerWithin);
            }
            catch (Exception error) when (error is TimeoutException or OrleansException)
            {
                return null;
            }
        }));
        var answering = answers.OfType<PartitionStatus>().ToList();
        // A partition that has not pulsed yet (just activated) has no tick: the oldest is unknown until it has.
        var oldest = answering.Count == 0 || answering.Any(a => a.LastTick is null) ? (DateTimeOffset?)null : answering.Min(a => a.LastTick!.Value).ToDateTimeOffset();
        return new Report(silos, settings.Partitions, answering.Count, oldest);
    }

    /// <summary>The last measure, shared by every request within a second of it (real time: a monitor's view).</summary>
    private sealed class LatestReport
    {
        private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
        private readonly Lock _gate = new();
        private Task<Report>? _measure;
        private long _measuredAt;

        public Task<Report> GetAsync(Func<Task<Report>> measure)
        {
            lock (_gate)
            {
                var now = TimeProvider.System.GetTimestamp();
                if (_measure is null || TimeProvider.System.GetElapsedTime(_measuredAt, now) > FreshFor)
                {
                    _measure = measure();
                    _measuredAt = now;
                }
                return _measure;
            }
        }
    }
}
