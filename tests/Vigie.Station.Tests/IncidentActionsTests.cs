using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Station.Engine;

namespace Vigie.Station.Tests;

/// <summary>What the console offers: the procedure's own steps, none possible before the viewer takes the incident.</summary>
public sealed class IncidentActionsTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 4, 6);
    private static readonly Actor Alice = Actor.Operator("alice");
    private static readonly Actor Bob = Actor.Operator("bob");

    private static IncidentState Opened(AlertKind kind, ProcedureKind procedure) => Incident.Evolve(IncidentState.Empty, new IncidentStarted(new IncidentBrief
    {
        IncidentId = "ACT-1-0001",
        SiteId = "ACT-1",
        SiteAddress = "3 rue de la Paix, Lyon",
        SubscriberName = "Camille Durand",
        Kind = kind,
        AlertAt = At,
        Procedure = procedure,
        Offer = OfferCode.ToutInclus,
        HasSpeaker = true,
        Landline = PhoneNumber.Parse("01 23 45 67 89"),
        CallOrder = [new Callee("Camille Durand", PhoneNumber.Parse("06 12 34 56 78"), IsSubscriber: true)],
    }, At));

    private static string[] Steps(IEnumerable<ActionAvailability> actions) =>
        [.. actions.Select(a => a.Command).Where(c => c is not ("take" or "release" or "transfer"))];

    [Fact]
    [Trait("Rule", "ALR-14")]
    public void A_smoke_incident_offers_the_domestic_risk_steps_only()
    {
        var actions = IncidentActions.Available(Opened(AlertKind.Smoke, ProcedureKind.OperatorDomesticRisk), new EngineRules(), At, Alice);

        Assert.Equal(["call-person", "close"], Steps(actions));
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    public void An_intrusion_offers_its_steps_in_the_procedure_s_order()
    {
        var actions = IncidentActions.Available(Opened(AlertKind.Intrusion, ProcedureKind.OperatorIntrusion), new EngineRules(), At, Alice);

        Assert.Equal(Incident.Steps(ProcedureKind.OperatorIntrusion), Steps(actions));
    }

    [Fact]
    public void Before_the_take_every_step_is_unavailable_with_take_it_first_and_after_it_the_procedure_decides()
    {
        var untaken = Opened(AlertKind.Smoke, ProcedureKind.OperatorDomesticRisk);
        var taken = Incident.Evolve(untaken, new IncidentTaken("alice", At));

        var before = IncidentActions.Available(untaken, new EngineRules(), At, Alice);
        var mine = IncidentActions.Available(taken, new EngineRules(), At, Alice);
        var theirs = IncidentActions.Available(taken, new EngineRules(), At, Bob);

        Assert.True(before.Single(a => a.Command == "take").Allowed);
        Assert.All(before.Where(a => Steps([a]).Length > 0), a => Assert.Equal(RefusalCodes.IncidentTakeFirst, a.Reason?.Code));
        Assert.True(mine.Single(a => a.Command == "call-person").Allowed);
        Assert.True(mine.Single(a => a.Command == "close").Allowed);
        Assert.All(theirs.Where(a => Steps([a]).Length > 0), a => Assert.Equal(RefusalCodes.IncidentTakenBy, a.Reason?.Code));
    }
}
