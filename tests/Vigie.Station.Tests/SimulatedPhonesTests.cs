using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Station.Simulator;

namespace Vigie.Station.Tests;

/// <summary>The simulated phones when two calls ring at one number: each is named by its id, the number alone by neither.</summary>
public sealed class SimulatedPhonesTests
{
    [Fact]
    public async Task Two_calls_ringing_at_one_number_are_told_apart_by_id_and_the_number_alone_is_refused_naming_both()
    {
        await using var station = await EngineUnderTest.StartAsync();
        // Two sites of one subscriber: both intrusions call the same mobile first.
        await station.ProvisionAsync(Sites.Of("ALC-1", "2001", OfferCode.ALaCarte));
        await station.ProvisionAsync(Sites.Of("ALC-3", "2003", OfferCode.ALaCarte));
        await using var home = station.Panel("2001");
        await using var shop = station.Panel("2003");
        foreach (var panel in new[] { home, shop })
        {
            await station.SendAsync(panel, "CL001");
            await station.SendAsync(panel, "BA012");
        }
        station.Advance(Duration.FromSeconds(32));
        await EngineUnderTest.Until(() => Task.FromResult(station.Phones.Ringing().Count(c => c.To == Sites.Subscriber) == 2), "two calls at the subscriber's mobile");

        var byNumber = await station.Phones.RejectAsync(Sites.Subscriber, default);
        Assert.False(byNumber.Accepted);
        Assert.Equal(RefusalCodes.SimulatorCallAmbiguous, byNumber.Refusal?.Code);
        Assert.Contains("ALC-1-0001-C01", byNumber.Problem, StringComparison.Ordinal);
        Assert.Contains("ALC-3-0001-C01", byNumber.Problem, StringComparison.Ordinal);
        Assert.Equal(2, station.Phones.Ringing().Count(c => c.To == Sites.Subscriber)); // neither call was settled

        // By id (as typed, in any case): that call only.
        var answered = await station.Phones.AnswerAsync(CallChoice.Id("alc-3-0001-c01"), "1234", default);
        Assert.True(answered.Accepted, answered.Problem);
        Assert.Equal(("ALC-3-0001", "ALC-3-0001-C01"), (answered.IncidentId, answered.CallId));
        Assert.Equal(["ALC-1-0001-C01"], station.Phones.Ringing().Where(c => c.To == Sites.Subscriber).Select(c => c.CallId));

        // One call left at the number: the number names it again.
        var rejected = await station.Phones.RejectAsync(Sites.Subscriber, default);
        Assert.True(rejected.Accepted, rejected.Problem);
        Assert.Equal("ALC-1-0001", rejected.IncidentId);
        await station.RingingAsync(Sites.Neighbour);

        var gone = await station.Phones.AnswerAsync(CallChoice.Id("ALC-1-0001-C01"), "1234", default);
        Assert.Equal(RefusalCodes.SimulatorCallNotRinging, gone.Refusal?.Code);
    }
}
