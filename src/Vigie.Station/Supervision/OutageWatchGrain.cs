using Microsoft.Extensions.Logging;
using NodaTime;
using Orleans;
using Orleans.Concurrency;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Station.Engine;
using Vigie.Storage;

namespace Vigie.Station.Supervision;

/// <summary>
/// Runs <see cref="OutageGrouping"/> for the whole station and carries out its decisions: changes to their sites,
/// a mass outage to its one incident. Its open group is saved with each change of it, so a restart keeps it.
/// Reentrant so that reports keep being grouped while earlier decisions are carried out: one drain at a time carries
/// everything decided meanwhile in one go (a crowd of 20,000 losses is a few large batches, not 20,000 small turns
/// each waiting for its own writes, which once fell ever further behind the partitions' reports).
/// </summary>
[Reentrant]
internal sealed class OutageWatchGrain(EngineServices engine, SupervisionSettings settings, ILogger<OutageWatchGrain> logger)
    : Grain, IOutageWatchGrain
{
    private const string StateKey = "outage-grouping";
    private readonly OutageGrouping _grouping = new(settings.MassOutage);
    private readonly List<OutageDecision> _decisions = [];
    /// <summary>The drain under way, if any: the only one carrying decisions, so each site's changes stay in order.</summary>
    private Task _draining = Task.CompletedTask;

    /// <summary>Site grains called at once while carrying a batch.</summary>
    private const int SitesAtOnce = 512;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await engine.Log.GetDocumentAsync(Collections.Supervision, StateKey, cancellationToken) is { } stored
            && EventCodec.Read<OutageGroupingState>(stored.Data) is { } state)
        {
            _grouping.Restore(state);
        }
    }

    public async Task Report(Immutable<LivenessChange[]> changes)
    {
        foreach (var change in changes.Value)
        {
            _grouping.Add(change, _decisions);
        }
        await Drain();
    }

    public async Task Redeclare(Immutable<LivenessChange[]> losses)
    {
        foreach (var loss in losses.Value)
        {
            _decisions.Add(new ForwardChange(loss, _grouping.GroupOf(loss.SiteId)));
        }
        await Drain();
    }

    public async Task Tick(Instant now)
    {
        _grouping.Advance(now, _decisions);
        await Drain();
    }

    /// <summary>Joins the drain under way, or starts one when there is something to carry.</summary>
    private Task Drain()
    {
        if (_draining.IsCompleted && _decisions.Count > 0)
        {
            _draining = DrainAll();
        }
        return _draining;
    }

    private async Task DrainAll()
    {
        while (_decisions.Count > 0)
        {
            await Carry();
        }
    }

    public Task<OutageWatchStatus> Status() =>
        Task.FromResult(new OutageWatchStatus(_grouping.GroupId, _grouping.SitesOut, _grouping.HeldCount, _grouping.Policy));

    private async Task Carry()
    {
        if (_decisions.Count == 0)
        {
            return;
        }
        var decisions = _decisions.ToList();
        _decisions.Clear();
        var groupChanged = false;
        var now = engine.Clock.GetCurrentInstant();
        // Sites are independent: their changes go out together, each site's in order.
        var forwards = decisions.OfType<ForwardChange>().GroupBy(f => f.Change.SiteId).ToList();
        // In chunks, on the grain's own scheduler (grain calls must start from it).
        foreach (var chunk in forwards.Chunk(SitesAtOnce))
        {
            await Task.WhenAll(chunk.Select(async site =>
            {
                foreach (var forward in site)
                {
                    await Forward(forward, now);
                }
            }));
        }
        // One command per group for all the sites that joined, one for all that came back: a crowd is one write, not thousands.
        foreach (var open in decisions.OfType<OpenMassOutage>())
        {
            groupChanged = true;
            SupervisionLog.MassOutageOpened(logger, open.GroupId);
            await Incident(open.GroupId, new OpenIncident(IncidentBrief.ForMassOutage(open.GroupId, [],
                IncidentBrief.MassOutageDetail, open.At), Actor.System, now));
        }
        foreach (var joined in decisions.OfType<SitesJoinedMassOutage>().GroupBy(j => j.GroupId))
        {
            groupChanged = true;
            await Incident(joined.Key, new NoteSitesAffected([.. joined.SelectMany(j => j.SiteIds)], Actor.System, now));
        }
        foreach (var back in decisions.OfType<SiteBackFromMassOutage>().GroupBy(b => b.GroupId))
        {
            groupChanged = true;
            await Incident(back.Key, new NoteSitesBack([.. back.Select(b => new SiteReturn(b.SiteId, b.Outage))], Actor.System, now));
        }
        if (groupChanged)
        {
            await engine.Log.AppendAsync("supervision", 0, [],
                [new UpsertDocument(Collections.Supervision, StateKey, EventCodec.Json(_grouping.Save()))]);
        }
    }

    private async Task Forward(ForwardChange forward, Instant now)
    {
        try
        {
            var result = await GrainFactory.GetGrain<ISiteGrain>(forward.Change.SiteId)
                .Execute(new NoteLiveness(forward.Change, forward.GroupedIn, Actor.System, now));
            if (!result.Accepted)
            {
                SupervisionLog.ChangeRefused(logger, forward.Change.SiteId, forward.Change.Kind.ToString(), result.Refusal!.Detail);
            }
        }
        catch (Exception error)
        {
            SupervisionLog.ChangeFailed(logger, forward.Change.SiteId, forward.Change.Kind.ToString(), error);
        }
    }

    private async Task Incident(string incidentId, IncidentCommand command)
    {
        try
        {
            var result = await GrainFactory.GetGrain<IIncidentGrain>(incidentId).Execute(command);
            if (!result.Accepted)
            {
                SupervisionLog.ChangeRefused(logger, incidentId, command.GetType().Name, result.Refusal!.Detail);
            }
        }
        catch (Exception error)
        {
            SupervisionLog.ChangeFailed(logger, incidentId, command.GetType().Name, error);
        }
    }
}
