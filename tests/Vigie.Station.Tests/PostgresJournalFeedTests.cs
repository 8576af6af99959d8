using Microsoft.Extensions.DependencyInjection;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Receiver.Journal;
using Vigie.Tests;

namespace Vigie.Station.Tests;

/// <summary>The engine reads the receiver's journal through its port, whichever store holds it.</summary>
public sealed class PostgresJournalFeedTests
{
    [Fact]
    public async Task A_frame_received_over_tcp_with_the_journal_on_postgres_reaches_its_site()
    {
        var postgres = await PostgresServer.NewDatabaseAsync("feed");
        await using var station = await EngineUnderTest.StartAsync(postgres: postgres);
        await station.ProvisionAsync(Sites.Of("PG-1", "2301", OfferCode.ToutInclus));
        await using var panel = station.Panel("2301");

        await station.SendAsync(panel, "CL001");

        Assert.Equal(ArmingMode.Total, (await station.SiteAsync("PG-1")).Arming);
        var stored = Assert.Single(station.Services.GetRequiredService<IJournalReader>().List("2301"));
        Assert.Equal(SignalStatus.Accepted, stored.Status);
        // The row is in the shared database, not in a vigie.db beside the station.
        Assert.False(File.Exists(station.Receiver.DatabasePath));
    }
}
