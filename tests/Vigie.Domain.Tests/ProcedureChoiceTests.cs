using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-4: who handles an alert depends on the offer and on PROTECT+.</summary>
public class ProcedureChoiceTests
{
    private static IncidentBrief IntrusionBrief(Station station) => station.IntrusionIncident().Brief;

    [Fact]
    [Trait("Rule", "ALR-4")]
    public void ALR_4_A_LA_CARTE_outside_PROTECT_plus_goes_to_INFO_Alertes()
    {
        var station = new Station(TestSites.ALaCarte());

        var incident = station.IntrusionIncident();

        Assert.Equal((ProcedureKind.InfoAlertes, OfferCode.ALaCarte, false), (incident.Brief.Procedure, incident.Brief.Offer, incident.Brief.InProtectPlus));
        // The voice server calls at once (ALR-5).
        var call = Assert.Single(incident.Log.OfType<CallPlaced>());
        Assert.Equal(TestSites.SubscriberMobile, call.Callee.Phone);
    }

    [Fact]
    [Trait("Rule", "ALR-4")]
    [Trait("Rule", "ALR-7")]
    public void ALR_4_A_LA_CARTE_inside_PROTECT_plus_goes_to_the_operators()
    {
        var station = new Station(TestSites.ALaCarte());
        station.StartProtectPlus(Clock.T0 - Duration.FromHours(1));

        var brief = IntrusionBrief(station);

        Assert.Equal((ProcedureKind.OperatorIntrusion, true), (brief.Procedure, brief.InProtectPlus));
        Assert.False(brief.AgentAlwaysBilled);
        Assert.Empty(station.Incident(AlertFamily.Intrusion).Log.OfType<CallPlaced>());
    }

    [Fact]
    [Trait("Rule", "ALR-4")]
    public void ALR_4_TOUT_INCLUS_goes_to_the_operators()
    {
        var brief = IntrusionBrief(new Station(TestSites.ToutInclus()));

        Assert.Equal((ProcedureKind.OperatorIntrusion, false, true), (brief.Procedure, brief.InProtectPlus, brief.HasSpeaker));
    }

    [Theory]
    [Trait("Rule", "ALR-4")]
    [InlineData(OfferCode.EVeille)]
    [InlineData(OfferCode.Essentielle)]
    public void ALR_4_e_VEILLE_and_ESSENTIELLE_go_to_INFO_Alertes(OfferCode offer)
    {
        var brief = IntrusionBrief(new Station(TestSites.Site(offer, "ev-1", speaker: false)));

        Assert.Equal(ProcedureKind.InfoAlertes, brief.Procedure);
    }

    [Fact]
    [Trait("Rule", "ALR-4")]
    public void ALR_4_the_brief_carries_the_site_as_it_was_and_the_offer_fees()
    {
        var brief = IntrusionBrief(new Station(TestSites.ToutInclus()));

        Assert.Equal("ti-1", brief.SiteId);
        Assert.Equal("12 rue des Lilas, 69003 Lyon", brief.SiteAddress);
        Assert.Equal("Jeanne Martin", brief.SubscriberName);
        Assert.Equal((2, "Living room"), (brief.Zone, brief.ZoneName));
        Assert.Equal(TestSites.Instructions().CallOrder, brief.CallOrder);
        Assert.Equal([TestSites.Email], brief.Emails);
        Assert.Equal(TestSites.Landline, brief.Landline);
        Assert.Equal("Gate code 4512B; dog in the garden", brief.AccessNotes);
        Assert.Equal((80m, 80m, 923m), (brief.AgentOnRequestFee, brief.UnjustifiedAgentTripFee, brief.GuardingCeiling));
        Assert.Equal(4, brief.Priority);
    }

    [Fact]
    [Trait("Rule", "ALR-4")]
    [Trait("Rule", "ALR-5")]
    public void ALR_4_domestic_risk_on_A_LA_CARTE_goes_to_INFO_Alertes()
    {
        var station = new Station(TestSites.ALaCarte());

        station.Receive(PanelSignals.Smoke(), Clock.T0);

        Assert.Equal(ProcedureKind.InfoAlertes, station.Incident(AlertFamily.DomesticRisk).Brief.Procedure);
    }
}
