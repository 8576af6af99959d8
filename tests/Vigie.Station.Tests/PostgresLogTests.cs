using NodaTime;
using Npgsql;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;
using Vigie.Storage;
using Vigie.Tests;

namespace Vigie.Station.Tests;

/// <summary>The engine with its event log and projections in the cluster's PostgreSQL database.</summary>
public sealed class PostgresLogTests
{
    [Fact]
    [Trait("Rule", "ALR-5")]
    public async Task With_the_log_on_PostgreSQL_an_alarm_opens_an_incident_there_and_a_restart_resumes_its_cascade()
    {
        var database = await PostgresServer.NewDatabaseAsync("engine");
        await using var station = await EngineUnderTest.StartAsync(postgres: database);
        await station.ProvisionAsync(Sites.Of("PG-1", "3101", OfferCode.ALaCarte));
        await using (var panel = station.Panel("3101"))
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA002");
        }
        station.Advance(Duration.FromSeconds(32));
        await station.RingingAsync(Sites.Subscriber);

        // The incident's events and its projections are rows of the shared database, not of a file.
        Assert.False(File.Exists(station.Engine.EventLogPath));
        Assert.True(await Scalar<long>(database, "SELECT count(*) FROM log_events WHERE stream = 'incident-PG-1-0001'") > 0);
        Assert.Equal(1L, await Scalar<long>(database, $"SELECT count(*) FROM log_documents WHERE collection = '{Collections.OpenIncidents}' AND key LIKE '%PG-1-0001'"));

        await station.RestartAsync();
        // The restarted engine reads the same database: the call whose outcome never came rings again, then the cascade goes on.
        await station.RingingAsync(Sites.Subscriber);
        station.Advance(Duration.FromSeconds(61));
        await station.RingingAsync(Sites.Neighbour);
        Assert.True((await station.Phones.AnswerAsync(Sites.Neighbour, "1234", default)).Accepted);

        var incident = await station.IncidentAsync("PG-1-0001");
        Assert.Equal(IncidentStatus.Closed, incident.Summary.Status);
        Assert.Equal(2, incident.Timeline.Count(e => e.Type == nameof(CallPlaced)));
        Assert.True(incident.Chain.IsIntact);
        Assert.Equal(0L, await Scalar<long>(database, $"SELECT count(*) FROM log_documents WHERE collection = '{Collections.OpenIncidents}' AND key LIKE '%PG-1-0001'"));
        await using var reader = await PostgresEventLog.OpenReadOnlyAsync(database);
        var chain = await reader.VerifyStreamAsync("incident-PG-1-0001");
        Assert.True(chain.IsIntact, chain.Problem);
        Assert.Equal(incident.Timeline.Count, chain.EventsChecked);
    }

    private static async Task<T> Scalar<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
