using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-13: the duress code disarms in front of an intruder and silently raises an SOS.</summary>
public class DuressTests
{
    [Fact]
    [Trait("Rule", "ALR-13")]
    public void ALR_13_a_duress_signal_opens_an_SOS_incident_at_once_and_pending_intrusions_join_it()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.ArmTotal(), Clock.T0);
        station.Receive(PanelSignals.Intrusion(TestSites.Entrance.Number), Clock.Seconds(10));

        var duress = station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(15));

        Assert.Equal([typeof(SignalReceived), typeof(AlertRaised), typeof(IncidentOpened)], duress.Events.Select(e => e.GetType()));
        Assert.Equal(new AlertRaised("ti-1-A0002", AlertKind.Duress, null, null, Clock.Seconds(15)), duress.Events[1]);
        var brief = Assert.IsType<IncidentOpened>(duress.Events[2]).Brief;
        Assert.Equal((AlertKind.Duress, ProcedureKind.OperatorSos, 1), (brief.Kind, brief.Procedure, brief.Priority));
        Assert.Equal(["ti-1-A0002", "ti-1-A0001"], brief.AlertIds);
        Assert.Empty(station.Site.State.PendingAlerts);

        // The same code disarmed the panel: the intrusion is not cancelled as a user error.
        var disarm = station.Receive(PanelSignals.Disarm(user: 3), Clock.Seconds(16));
        Assert.Empty(disarm.Events.OfType<AlertCancelled>());
        Assert.Empty(disarm.Events.OfType<ImmediateStopConfirmed>());
        Assert.Empty(station.Tick(Clock.Seconds(60)).Events);
        Assert.Single(station.Incidents);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    [Trait("Rule", "ALR-10")]
    public void ALR_13_a_duress_SOS_is_its_own_verification_for_police()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Duress(), Clock.T0);
        var incident = station.Incident(AlertFamily.Sos);

        var police = incident.Do(new CallPolice("", Actors.Operator, Clock.Seconds(20)));

        Assert.Equal([new PoliceCalled("duress code", "", Clock.Seconds(20))], police);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    [Trait("Rule", "ALR-10")]
    public void ALR_13_a_duress_code_given_while_an_SOS_is_open_joins_it_and_verifies_it()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sos(), Clock.T0);
        var incident = station.Incident(AlertFamily.Sos);
        Assert.Null(incident.State.Verification);

        station.Receive(PanelSignals.Duress(user: 3), Clock.Seconds(10));

        Assert.Single(station.Incidents);
        Assert.Equal("duress code", incident.State.Verification);
        Assert.Equal([new PoliceCalled("duress code", "", Clock.Seconds(20))], incident.Do(new CallPolice("", Actors.Operator, Clock.Seconds(20))));
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    public void ALR_13_a_duress_code_typed_in_an_INFO_Alertes_call_acknowledges_and_raises_an_SOS()
    {
        var station = new Station(TestSites.ALaCarte());
        var intrusion = station.IntrusionIncident();
        var at = intrusion.State.OpenedAt!.Value + Duration.FromSeconds(20);

        var answered = intrusion.Run(new ReportCallAnswered("alc-1-0001-C01", CodeCheck.Duress, AgentRequested: false, Actor.PhoneSystem, at));

        Assert.Equal(
            [typeof(CallAnswered), typeof(AlertAcknowledged), typeof(DuressRevealed), typeof(InformationEmailSent), typeof(IncidentClosed)],
            answered.Events.Select(e => e.GetType()));
        Assert.Equal(new DuressRevealed(at), answered.Events[2]);
        Assert.True(intrusion.State.DuressRevealed);

        var sos = station.Incident(AlertFamily.Sos);
        Assert.Equal((AlertKind.Duress, ProcedureKind.OperatorSos, "alc-1-0001", at), (sos.Brief.Kind, sos.Brief.Procedure, sos.Brief.RaisedBy, sos.Brief.AlertAt));
        Assert.Equal("alc-1-0002", sos.Id);
        Assert.True(sos.State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    public void ALR_13_a_duress_code_heard_by_the_operator_raises_an_SOS_and_does_not_close()
    {
        var station = new Station(TestSites.ToutInclus());
        var intrusion = station.IntrusionIncident();
        intrusion.Do(new Interpellate(Answered: true, Actors.Operator, Clock.Seconds(60)));

        var code = intrusion.Do(new CheckCode(CodeCheck.Duress, Actors.Operator, Clock.Seconds(70)));

        Assert.Equal([new CodeChecked(CodeCheck.Duress, 0, Clock.Seconds(70)), new DuressRevealed(Clock.Seconds(70))], code);
        Assert.True(intrusion.State.IsOpen);
        Assert.Equal("duress code", intrusion.State.Verification);
        Assert.Equal(intrusion.Id, station.Incident(AlertFamily.Sos).Brief.RaisedBy);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    public void ALR_13_the_RaiseDuress_command_opens_an_SOS_incident_without_window()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new RaiseDuress("ti-1-0007", Actor.System, Clock.T0));

        var raised = Assert.Single(decision.Events.OfType<AlertRaised>());
        Assert.Equal((AlertKind.Duress, (Instant?)null), (raised.Kind, raised.EscalatesAt));
        var brief = Assert.Single(decision.Events.OfType<IncidentOpened>()).Brief;
        Assert.Equal((ProcedureKind.OperatorSos, "ti-1-0007", Clock.T0), (brief.Procedure, brief.RaisedBy, brief.AlertAt));
        Assert.Equal(brief.IncidentId, site.State.OpenIncidents[AlertFamily.Sos]);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    public void ALR_13_a_duress_during_an_open_SOS_joins_it()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sos(), Clock.T0);

        var duress = station.Receive(PanelSignals.Duress(), Clock.Seconds(30));

        Assert.Equal(station.Incident(AlertFamily.Sos).Id, Assert.Single(duress.Events.OfType<AlarmJoinedIncident>()).IncidentId);
    }
}
