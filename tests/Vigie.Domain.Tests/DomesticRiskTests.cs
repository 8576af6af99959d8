using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-14: smoke, CO and flood on TOUT INCLUS: the operator informs the subscriber, then a contact; information only.</summary>
public class DomesticRiskTests
{
    private const string InformationOnly = "domestic risk: information only (ALR-14)";

    private static Instant At(int seconds) => Clock.Seconds(seconds);

    private static IncidentHarness Smoke()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Smoke(), Clock.T0);
        var incident = station.Incident(AlertFamily.DomesticRisk);
        Assert.Equal(ProcedureKind.OperatorDomesticRisk, incident.Brief.Procedure);
        return incident;
    }

    [Theory]
    [Trait("Rule", "ALR-14")]
    [InlineData("police")]
    [InlineData("dispatch")]
    [InlineData("request")]
    [InlineData("video")]
    public void ALR_14_police_and_agent_are_refused_information_only(string action)
    {
        var incident = Smoke();
        IncidentCommand command = action switch
        {
            "police" => new CallPolice("", Actors.Operator, At(10)),
            "dispatch" => new DispatchAgent(Actors.Operator, At(10)),
            "request" => new RequestAgent(Actor.Subscriber("sub-1"), At(10)),
            _ => new RecordVideoVerification(true, "", Actors.Operator, At(10)),
        };

        var decision = incident.Run(command);

        Assert.Equal(InformationOnly, decision.Refusal?.Detail);
        Assert.Equal([new CommandRefused(command.Name, InformationOnly, At(10))], decision.Events);
        Assert.Equal(AgentStatus.None, incident.State.Agent);
        Assert.Null(incident.State.PoliceCalledAt);
    }

    [Fact]
    [Trait("Rule", "ALR-14")]
    public void ALR_14_the_operator_phones_the_subscriber_then_the_contact_and_leaves_messages()
    {
        var incident = Smoke();

        var contactFirst = incident.Run(new CallPerson(TestSites.AlicePhone, CallOutcome.VoicemailLeft, null, Actors.Operator, At(10)));
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(20)));
        incident.Do(new CallPerson(TestSites.AlicePhone, CallOutcome.VoicemailLeft, null, Actors.Operator, At(30)));
        var close = incident.Do(new CloseIncident(Classification.Technical, null, Actors.Operator, At(40)));

        Assert.Equal("call the subscriber's numbers first (ALR-8)", contactFirst.Refusal?.Detail);
        Assert.Equal([CallOutcome.VoicemailLeft, CallOutcome.VoicemailLeft], incident.State.AlertCalls.Select(c => c.Outcome));
        Assert.Equal([new IncidentClosed(Classification.Technical, "closed by operator:op-marie", null, At(40)) { HandledBy = "op-marie" }], close);
    }

    [Fact]
    [Trait("Rule", "ALR-14")]
    public void ALR_14_no_interpellation_nor_site_call_for_a_domestic_risk()
    {
        var incident = Smoke();

        Assert.Equal("not part of the OperatorDomesticRisk procedure", incident.Run(new Interpellate(true, Actors.Operator, At(5))).Refusal?.Detail);
        Assert.Equal("not part of the OperatorDomesticRisk procedure", incident.Run(new CallSite(SiteCallOutcome.Answered, Actors.Operator, At(6))).Refusal?.Detail);
    }

    [Theory]
    [Trait("Rule", "ALR-14")]
    [InlineData("flood")]
    [InlineData("co")]
    public void ALR_14_flood_and_CO_are_handled_the_same_way(string kind)
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(kind == "flood" ? PanelSignals.Flood() : PanelSignals.CarbonMonoxide(), Clock.T0);
        var incident = station.Incident(AlertFamily.DomesticRisk);

        Assert.Equal(ProcedureKind.OperatorDomesticRisk, incident.Brief.Procedure);
        Assert.Equal(InformationOnly, incident.Run(new CallPolice("", Actors.Operator, At(5))).Refusal?.Detail);
    }
}
