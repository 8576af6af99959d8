using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>Each procedure's own steps: what the incident screen offers, and what the domain refuses outside them.</summary>
public class ProcedureStepsTests
{
    private static Instant At(int seconds) => Clock.Seconds(seconds);

    private static IncidentHarness Smoke()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Smoke(), Clock.T0);
        return station.Incident(AlertFamily.DomesticRisk);
    }

    [Fact]
    [Trait("Rule", "ALR-14")]
    public void A_smoke_incident_has_the_domestic_risk_steps_only()
    {
        var incident = Smoke();

        Assert.Equal(ProcedureKind.OperatorDomesticRisk, incident.Brief.Procedure);
        Assert.Equal(["call-person", "close"], Incident.Steps(incident.Brief.Procedure));
    }

    [Fact]
    [Trait("Rule", "ALR-14")]
    public void The_intrusion_steps_a_smoke_incident_does_not_show_are_refused_by_the_domain()
    {
        var incident = Smoke();
        IncidentCommand[] intrusionSteps =
        [
            new Interpellate(true, Actors.Operator, At(5)),
            new ListenPassively(true, Actors.Operator, At(5)),
            new CallSite(SiteCallOutcome.NoAnswer, Actors.Operator, At(5)),
            new CheckCode(CodeCheck.Right, Actors.Operator, At(5)),
            new DispatchAgent(Actors.Operator, At(5)),
            new CallPolice("", Actors.Operator, At(5)),
        ];

        foreach (var step in intrusionSteps)
        {
            Assert.DoesNotContain(step.Name, Incident.Steps(incident.Brief.Procedure));
            Assert.True(incident.Run(step).IsRefused, step.Name);
        }
        incident.Do(new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, Actors.Operator, At(6)));
    }

    [Theory]
    [Trait("Rule", "ALR-4")]
    [InlineData(ProcedureKind.OperatorIntrusion, "interpellate")]
    [InlineData(ProcedureKind.OperatorSos, "listen")]
    [InlineData(ProcedureKind.OperatorDomesticRisk, "call-person")]
    [InlineData(ProcedureKind.Technical, "remote-maintenance")]
    [InlineData(ProcedureKind.VideoLinkLoss, "call-client-about-link")]
    public void Each_procedure_starts_with_its_own_first_step_and_ends_with_close(ProcedureKind procedure, string first)
    {
        var steps = Incident.Steps(procedure);

        Assert.Equal(first, steps[0]);
        Assert.Equal("close", steps[^1]);
        Assert.Equal(steps.Count, steps.Distinct().Count());
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void INFO_Alertes_offers_no_call_nor_code_step_to_the_operator()
    {
        var steps = Incident.Steps(ProcedureKind.InfoAlertes);

        Assert.DoesNotContain("call-person", steps);
        Assert.DoesNotContain("check-code", steps);
        Assert.DoesNotContain("interpellate", steps);
    }
}
