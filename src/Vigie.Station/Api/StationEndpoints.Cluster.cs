using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;
using Vigie.Domain;
using Vigie.Receiver;
using Vigie.Station.Engine;
using Vigie.Station.Supervision;

namespace Vigie.Station.Api;

/// <summary>Where one grain lives now: its silo (null when it is not active anywhere), and whether that is this station.</summary>
/// <param name="Silo">The silo's address as the cluster's membership table has it (host:port), null when not active.</param>
public sealed record GrainPlacement(string Grain, string? Silo, int? SiloPort, bool Here);

/// <summary>Which station holds what of a site: its single writer, its supervision partition, its open incidents.</summary>
public sealed record SitePlacement(string SiteId, string ThisSilo, GrainPlacement Site, GrainPlacement Supervision, IReadOnlyList<GrainPlacement> Incidents);

public static partial class StationEndpoints
{
    /// <summary>
    /// Staff diagnostics of the cluster: which silo holds a site's grains now, so an operator (or the failover test
    /// and bench) knows which station a restart or a loss would move them from. Orleans' own directory answers
    /// (IManagementGrain.GetActivationAddress): asking activates nothing.
    /// </summary>
    private static void MapCluster(RouteGroupBuilder api)
    {
        api.MapGet("/cluster/placement", async (string? site, StationDesk desk, IGrainFactory grains, ILocalSiloDetails self, SupervisionSettings supervision) =>
        {
            if (string.IsNullOrWhiteSpace(site))
            {
                return BadRequest("site", "site: the site's id, e.g. ?site=DEMO-1");
            }
            if (await desk.SiteAsync(site) is not { } status)
            {
                return NotFound($"no site {site}");
            }
            var management = grains.GetGrain<IManagementGrain>(0);
            async Task<GrainPlacement> Where(string name, IAddressable grain)
            {
                var silo = await management.GetActivationAddress(grain);
                return new GrainPlacement(name, silo is null ? null : $"{silo.Endpoint.Address}:{silo.Endpoint.Port}", silo?.Endpoint.Port,
                    silo is not null && silo.Equals(self.SiloAddress));
            }
            var partition = SupervisionSettings.PartitionOf(site, supervision.Partitions);
            var incidents = new List<GrainPlacement>();
            foreach (var incident in status.OpenIncidents)
            {
                incidents.Add(await Where(incident, grains.GetGrain<IIncidentGrain>(incident)));
            }
            return Results.Json(new SitePlacement(site, $"{self.SiloAddress.Endpoint.Address}:{self.SiloAddress.Endpoint.Port}",
                await Where(site, grains.GetGrain<ISiteGrain>(site)),
                await Where($"supervision-partition-{partition}", grains.GetGrain<ISupervisionPartitionGrain>(partition)), incidents), DomainJson.Options);
        })
            .Access(ApiAudience.Administrator, "Which silo holds a site's grains now (site, supervision partition, open incidents): cluster diagnostics (administrators, second factor)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
