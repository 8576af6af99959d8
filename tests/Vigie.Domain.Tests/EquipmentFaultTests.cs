using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>
/// SUP-2: self-diagnosed faults reach the station; what remote maintenance cannot fix becomes a technician visit on
/// a working day; batteries are replaced free.
/// </summary>
public class EquipmentFaultTests
{
    private static IncidentHarness LowBatteryIncident(Station station)
    {
        station.Receive(PanelSignals.Sia("Nri1/XT004"), Clock.T0);
        return station.Incident(AlertFamily.Technical);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_a_detector_low_battery_is_a_current_fault_and_opens_a_technical_incident()
    {
        var station = new Station(TestSites.ToutInclus());

        var decision = station.Receive(PanelSignals.Sia("Nri1/XT004"), Clock.T0);

        Assert.IsType<SignalReceived>(decision.Events[0]);
        Assert.Equal(new SiteFault("battery:4", AlertKind.LowBattery, Clock.T0, "low battery in zone 4 (Hall)", "ti-1-0001"), station.Site.State.Faults["battery:4"]);
        var incident = station.Incident(AlertFamily.Technical);
        Assert.Equal(ProcedureKind.Technical, incident.Brief.Procedure);
        Assert.Equal(AlertKind.LowBattery, incident.Brief.Kind);
        Assert.Equal([new TechnicalFault("battery:4", AlertKind.LowBattery, "low battery in zone 4 (Hall)", Clock.T0)], incident.Brief.Faults);
        Assert.Equal("LowBattery at ti-1: low battery in zone 4 (Hall); Technical", incident.Single<IncidentStarted>().Describe());
        Assert.Empty(station.Site.State.PendingAlerts);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_a_second_fault_joins_the_open_technical_incident()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = LowBatteryIncident(station);

        var decision = station.Receive(PanelSignals.Sia("Nri0/YC"), Clock.Seconds(60));

        Assert.Equal(new FaultJoinedIncident(incident.Id, "fault", "equipment fault (panel): Communication failure", Clock.Seconds(60)),
            Assert.Single(decision.Events.OfType<FaultJoinedIncident>()));
        Assert.Single(station.Incidents);
        Assert.Equal(["battery:4", "fault"], incident.State.Faults.Keys.Order());
        Assert.Equal("ti-1-0001", station.Site.State.Faults["fault"].IncidentId);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_a_technician_visit_needs_remote_maintenance_to_have_failed_first()
    {
        var incident = LowBatteryIncident(new Station(TestSites.ToutInclus()));

        var early = incident.Run(new BookTechnicianVisit(new LocalDate(2026, 5, 6), "", Actors.Operator, Clock.Seconds(60)));
        incident.Do(new RecordRemoteMaintenance(Fixed: true, "battery check reset", Actors.Operator, Clock.Seconds(90)));
        var fixedRemotely = incident.Run(new BookTechnicianVisit(new LocalDate(2026, 5, 6), "", Actors.Operator, Clock.Seconds(120)));

        Assert.Equal("try remote maintenance first: a visit is for what it cannot fix (SUP-2)", early.Refusal?.Detail);
        Assert.Equal("remote maintenance fixed the fault", fixedRemotely.Refusal?.Detail);
        Assert.Equal(2, incident.Log.OfType<CommandRefused>().Count());
    }

    [Theory]
    [Trait("Rule", "SUP-2")]
    [InlineData(2026, 5, 4, "date: 2026-05-04 is too soon; the first possible day is 2026-05-05, the first working day after today (SUP-2)")]
    [InlineData(2026, 5, 8, "date: 2026-05-08 is a public holiday; technicians visit on working days (SUP-2)")]
    [InlineData(2026, 5, 9, "date: 2026-05-09 is a Saturday; technicians visit on working days (SUP-2)")]
    [InlineData(2026, 5, 14, "date: 2026-05-14 is a public holiday; technicians visit on working days (SUP-2)")]
    [InlineData(2026, 5, 5, null)]
    [InlineData(2026, 5, 15, null)]
    public void SUP_2_a_technician_visits_on_a_working_day_from_the_first_working_day_after_today(int y, int m, int d, string? reason)
    {
        var incident = LowBatteryIncident(new Station(TestSites.ToutInclus()));
        incident.Do(new RecordRemoteMaintenance(Fixed: false, "detector battery must be replaced", Actors.Operator, Clock.Seconds(60)));

        var whyNot = Incident.WhyNotBookTechnicianVisit(incident.State, new LocalDate(y, m, d), Clock.Seconds(120), incident.Rules);
        var decision = incident.Run(new BookTechnicianVisit(new LocalDate(y, m, d), "replace the battery", Actors.Operator, Clock.Seconds(120)));

        Assert.Equal(reason, whyNot?.Detail);
        Assert.Equal(reason, decision.Refusal?.Detail);
        Assert.Equal(reason is null ? new LocalDate(y, m, d) : null, incident.State.TechnicianVisit);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_the_day_after_a_thursday_before_a_holiday_friday_is_the_monday()
    {
        var incident = LowBatteryIncident(new Station(TestSites.ToutInclus()));
        var thursdayEvening = Clock.Local(2026, 5, 7, 21, 0);
        incident.Do(new RecordRemoteMaintenance(Fixed: false, "no answer from the panel", Actors.Operator, thursdayEvening));

        Assert.Equal("date: 2026-05-08 is a public holiday; technicians visit on working days (SUP-2)",
            incident.Run(new BookTechnicianVisit(new LocalDate(2026, 5, 8), "", Actors.Operator, thursdayEvening)).Refusal?.Detail);
        Assert.False(incident.Run(new BookTechnicianVisit(new LocalDate(2026, 5, 11), "", Actors.Operator, thursdayEvening)).IsRefused);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_a_battery_is_replaced_free_of_charge()
    {
        var incident = LowBatteryIncident(new Station(TestSites.ToutInclus()));
        incident.Do(new RecordRemoteMaintenance(Fixed: false, "detector battery flat", Actors.Operator, Clock.Seconds(60)));

        var booked = Assert.IsType<TechnicianVisitBooked>(Assert.Single(
            incident.Do(new BookTechnicianVisit(new LocalDate(2026, 5, 6), "replace the Hall battery", Actors.Operator, Clock.Seconds(120)))));

        Assert.Equal(new TechnicianVisitBooked(new LocalDate(2026, 5, 6), "replace the Hall battery", true, Clock.Seconds(120)), booked);
        Assert.Equal("technician visit booked for 2026-05-06; battery replaced free of charge (SUP-2) — replace the Hall battery", booked.Describe());
        Assert.Empty(incident.Log.OfType<IncidentCharged>());
        Assert.Equal(new LocalDate(2026, 5, 6), incident.State.TechnicianVisit);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_a_visit_for_another_fault_is_not_a_battery_replacement()
    {
        var station = new Station(TestSites.ToutInclus());
        station.Receive(PanelSignals.Sia("Nri1/BT002"), Clock.T0);
        var incident = station.Incident(AlertFamily.Technical);
        incident.Do(new RecordRemoteMaintenance(Fixed: false, "radio loss", Actors.Operator, Clock.Seconds(60)));

        var booked = Assert.IsType<TechnicianVisitBooked>(Assert.Single(incident.Do(new BookTechnicianVisit(new LocalDate(2026, 5, 6), "", Actors.Operator, Clock.Seconds(120)))));

        Assert.False(booked.FreeBatteryReplacement);
        Assert.Equal(AlertKind.EquipmentFault, incident.Brief.Kind);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_the_restore_clears_the_fault_and_the_incident_closes_itself_with_the_outage()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = LowBatteryIncident(station);

        var restore = station.Receive(PanelSignals.Sia("Nri1/XR004"), Clock.T0 + Duration.FromHours(26));

        var cleared = Assert.Single(restore.Events.OfType<FaultCleared>());
        Assert.Equal(new FaultCleared("battery:4", AlertKind.LowBattery, Duration.FromHours(26), null, incident.Id, null, Clock.T0 + Duration.FromHours(26)), cleared);
        var closed = incident.Single<IncidentClosed>();
        Assert.Equal(Classification.Technical, closed.Classification);
        Assert.Equal(Duration.FromHours(26), closed.Outage);
        Assert.Equal("closed: every fault cleared [Technical] (outage 1 d 2 h)", closed.Describe());
        Assert.Empty(station.Site.State.Faults);
        Assert.Empty(station.Site.State.OpenIncidents);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_with_two_faults_the_incident_stays_open_until_the_last_one_clears()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = LowBatteryIncident(station);
        station.Receive(PanelSignals.Sia("Nri0/YC"), Clock.Seconds(60));

        station.Receive(PanelSignals.Sia("Nri1/XR004"), Clock.Seconds(600));
        Assert.True(incident.State.IsOpen);
        station.Receive(PanelSignals.Sia("Nri0/YK"), Clock.Seconds(900));

        Assert.Equal(Duration.FromSeconds(840), incident.Single<IncidentClosed>().Outage);
    }

    [Fact]
    [Trait("Rule", "ALR-10")]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_the_alarm_actions_do_not_apply_to_a_technical_incident()
    {
        var incident = LowBatteryIncident(new Station(TestSites.ToutInclus()));
        const string reason = "not part of the Technical procedure (a technical incident)";

        Assert.Equal(reason, incident.Run(new CallPolice("", Actors.Operator, Clock.Seconds(10))).Refusal?.Detail);
        Assert.Equal(reason, incident.Run(new DispatchAgent(Actors.Operator, Clock.Seconds(10))).Refusal?.Detail);
        Assert.Equal(reason, incident.Run(new CheckCode(Contacts.CodeCheck.Right, Actors.Operator, Clock.Seconds(10))).Refusal?.Detail);
        Assert.Equal(reason, incident.Run(new Interpellate(true, Actors.Operator, Clock.Seconds(10))).Refusal?.Detail);
        Assert.Equal(reason, Incident.WhyNotCallPolice(incident.State)?.Detail);
        Assert.Equal(reason, Incident.WhyNotCallPerson(incident.State, TestSites.SubscriberMobile, CallOutcome.NoAnswer, null)?.Detail);
        Assert.Equal("not part of the Technical procedure", incident.Run(new CallClientAboutLink(LinkCallOutcome.CauseFound, Actors.Operator, Clock.Seconds(10))).Refusal?.Detail);
        Assert.Null(incident.State.PoliceCalledAt);
        Assert.Equal(AgentStatus.None, incident.State.Agent);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_the_technical_actions_do_not_apply_to_an_alarm()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();

        Assert.Equal("not part of the OperatorIntrusion procedure",
            incident.Run(new RecordRemoteMaintenance(false, "x", Actors.Operator, Clock.Seconds(60))).Refusal?.Detail);
        Assert.Equal("not part of the OperatorIntrusion procedure", Incident.WhyNotInformSubscriber(incident.State, "x")?.Detail);
    }

    [Fact]
    [Trait("Rule", "SUP-2")]
    public void SUP_2_an_operator_may_close_a_technical_incident_by_hand_and_a_later_fault_opens_a_new_one()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = LowBatteryIncident(station);
        incident.Do(new InformSubscriber("told the subscriber to change the battery herself", Actors.Operator, Clock.Seconds(30)));

        incident.Do(new CloseIncident(Classification.Technical, "subscriber replaces it", Actors.Operator, Clock.Seconds(60)));
        station.Receive(PanelSignals.Sia("Nri0/YC"), Clock.Seconds(120));

        Assert.Null(station.Site.State.Faults["battery:4"].IncidentId);
        Assert.Equal(2, station.Incidents.Count);
        Assert.Equal("ti-1-0002", station.Site.State.Faults["fault"].IncidentId);
        Assert.True(incident.State.SubscriberInformed);
    }
}
