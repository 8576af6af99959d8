using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-5, ALR-6: INFO Alertes calls the instructions twice in order; a code stops it; an agent may be requested.</summary>
public class InfoAlertesTests
{
    private static readonly Callee Subscriber = new("subscriber", TestSites.SubscriberMobile, IsSubscriber: true);
    private static readonly Callee Alice = new("Alice Martin", TestSites.AlicePhone, IsSubscriber: false);
    private static readonly Callee Bruno = new("Bruno Petit", TestSites.BrunoPhone, IsSubscriber: false);

    private static (Station Station, IncidentHarness Incident, Instant Opened) Cascade()
    {
        var station = new Station(TestSites.ALaCarte());
        var incident = station.IntrusionIncident();
        Assert.Equal(ProcedureKind.InfoAlertes, incident.Brief.Procedure);
        return (station, incident, incident.State.OpenedAt!.Value);
    }

    private static string CurrentCall(IncidentHarness incident) => incident.State.CurrentCall!.CallId;

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_the_first_call_goes_to_the_subscriber_at_once_with_a_timeout()
    {
        var (_, incident, opened) = Cascade();

        var call = incident.Single<CallPlaced>();

        Assert.Equal(new CallPlaced("alc-1-0001-C01", Subscriber, 1, opened + Duration.FromSeconds(60), opened), call);
        Assert.Equal(opened + Duration.FromSeconds(60), incident.State.NextDeadline(incident.Rules));
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_without_acknowledgement_the_list_is_called_twice_in_order_then_the_email_goes_and_it_closes()
    {
        var (station, incident, opened) = Cascade();

        for (var i = 1; i <= 6; i++)
        {
            incident.Run(new ReportCallUnanswered(CurrentCall(incident), Actor.PhoneSystem, opened + Duration.FromSeconds(10 * i)));
        }

        var calls = incident.Log.OfType<CallPlaced>().ToList();
        Assert.Equal([Subscriber, Alice, Bruno, Subscriber, Alice, Bruno], calls.Select(c => c.Callee));
        Assert.Equal([1, 1, 1, 2, 2, 2], calls.Select(c => c.Round));
        Assert.Equal(["alc-1-0001-C01", "alc-1-0001-C02", "alc-1-0001-C03", "alc-1-0001-C04", "alc-1-0001-C05", "alc-1-0001-C06"], calls.Select(c => c.CallId));
        Assert.Equal(6, incident.Log.OfType<CallUnanswered>().Count());
        var end = opened + Duration.FromSeconds(60);
        Json.Equal(
            [
                new CallUnanswered("alc-1-0001-C06", Bruno, TimedOut: false, end),
                new InformationEmailSent([TestSites.Email], "Intrusion alert at 12 rue des Lilas, 69003 Lyon: nobody acknowledged after 6 calls", end)
                {
                    Facts = [Incident.InformationEmails.Unacknowledged, 6],
                },
                new IncidentClosed(null, "not acknowledged after 6 automatic calls", null, end) { Why = Step.Of("Closing.NotAcknowledged", 6) },
            ],
            incident.Log.TakeLast(3));
        Assert.Equal(IncidentStatus.Closed, incident.State.Status);
        Assert.Empty(station.Site.State.OpenIncidents);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_the_right_code_stops_the_cascade_and_records_who_acknowledged()
    {
        var (_, incident, opened) = Cascade();
        incident.Run(new ReportCallUnanswered("alc-1-0001-C01", Actor.PhoneSystem, opened + Duration.FromSeconds(20)));
        var at = opened + Duration.FromSeconds(45);

        var answered = incident.Run(new ReportCallAnswered("alc-1-0001-C02", CodeCheck.Right, AgentRequested: false, Actor.PhoneSystem, at));

        Json.Equal(
            [
                new CallAnswered("alc-1-0001-C02", Alice, CodeCheck.Right, at),
                new AlertAcknowledged(Alice, at),
                new InformationEmailSent([TestSites.Email], "Intrusion alert at 12 rue des Lilas, 69003 Lyon: acknowledged by Alice Martin (+33622334455)", at)
                {
                    Facts = [Incident.InformationEmails.Acknowledged, "Alice Martin", "+33622334455", 0],
                },
                new IncidentClosed(null, "acknowledged by Alice Martin", null, at) { Why = Step.Of("Closing.Acknowledged", IncidentSteps.Who(Alice)) },
            ],
            answered.Events);
        Assert.Equal(Alice, incident.State.AcknowledgedBy);
        Assert.Equal(2, incident.Log.OfType<CallPlaced>().Count());
        Assert.Null(incident.State.NextDeadline(incident.Rules));
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_a_wrong_code_goes_on_with_the_next_number()
    {
        var (_, incident, opened) = Cascade();
        var at = opened + Duration.FromSeconds(30);

        var answered = incident.Run(new ReportCallAnswered("alc-1-0001-C01", CodeCheck.Wrong, AgentRequested: false, Actor.PhoneSystem, at));

        Assert.Equal(
            [
                new CallAnswered("alc-1-0001-C01", Subscriber, CodeCheck.Wrong, at),
                new CallPlaced("alc-1-0001-C02", Alice, 1, at + Duration.FromSeconds(60), at),
            ],
            answered.Events);
        Assert.True(incident.State.IsOpen);
        Assert.Null(incident.State.AcknowledgedBy);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_a_call_with_no_outcome_times_out_at_the_tick_after_the_call_timeout()
    {
        var (station, incident, opened) = Cascade();
        var deadline = opened + new EngineRules().CallTimeout;

        station.Tick(deadline - Duration.FromSeconds(1));
        Assert.Single(incident.Log.OfType<CallPlaced>());

        var tick = incident.Run(new IncidentTick(Actor.Clock, deadline));

        Assert.Equal(
            [
                new CallUnanswered("alc-1-0001-C01", Subscriber, TimedOut: true, deadline),
                new CallPlaced("alc-1-0001-C02", Alice, 1, deadline + Duration.FromSeconds(60), deadline),
            ],
            tick.Events);
        Assert.Equal("+33612345678", tick.Events[0].Describe().Split(' ')[1]);
        Assert.EndsWith("(timeout)", tick.Events[0].Describe(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_the_whole_cascade_by_timeouts_ends_after_two_rounds()
    {
        var (station, incident, opened) = Cascade();

        for (var i = 1; i <= 6; i++)
        {
            station.Tick(opened + Duration.FromSeconds(60 * i));
        }

        Assert.Equal(6, incident.Log.OfType<CallUnanswered>().Count(u => u.TimedOut));
        Assert.Equal(opened + Duration.FromSeconds(360), incident.Single<InformationEmailSent>().At);
        Assert.Equal(opened + Duration.FromSeconds(360), incident.State.ClosedAt);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_a_settled_call_reported_again_changes_nothing()
    {
        var (_, incident, opened) = Cascade();
        incident.Run(new ReportCallUnanswered("alc-1-0001-C01", Actor.PhoneSystem, opened + Duration.FromSeconds(20)));
        var before = incident.State;

        var unanswered = incident.Run(new ReportCallUnanswered("alc-1-0001-C01", Actor.PhoneSystem, opened + Duration.FromSeconds(21)));
        var answered = incident.Run(new ReportCallAnswered("alc-1-0001-C01", CodeCheck.Right, AgentRequested: false, Actor.PhoneSystem, opened + Duration.FromSeconds(22)));

        Assert.False(unanswered.IsRefused);
        Assert.Empty(unanswered.Events);
        Assert.False(answered.IsRefused);
        Assert.Empty(answered.Events);
        Assert.Same(before, incident.State);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_a_report_for_a_call_not_in_progress_is_refused()
    {
        var (_, incident, opened) = Cascade();

        var report = incident.Run(new ReportCallUnanswered("alc-1-0001-C05", Actor.PhoneSystem, opened + Duration.FromSeconds(20)));

        Assert.Equal("call alc-1-0001-C05 is not in progress", report.Refusal?.Detail);
        Assert.Empty(report.Events); // the voice server is not a person: nothing to record
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_reports_after_the_close_change_nothing()
    {
        var (_, incident, opened) = Cascade();
        incident.Run(new ReportCallAnswered("alc-1-0001-C01", CodeCheck.Right, AgentRequested: false, Actor.PhoneSystem, opened + Duration.FromSeconds(20)));

        var late = incident.Run(new ReportCallUnanswered("alc-1-0001-C01", Actor.PhoneSystem, opened + Duration.FromSeconds(90)));
        var tick = incident.Run(new IncidentTick(Actor.Clock, opened + Duration.FromSeconds(600)));

        Assert.Empty(late.Events);
        Assert.Empty(tick.Events);
        Assert.False(late.IsRefused);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_a_cascade_closed_by_the_station_still_sends_the_information_email()
    {
        var (station, incident, opened) = Cascade();
        var at = opened + Duration.FromSeconds(30);

        var close = incident.Do(new CloseIncident(Classification.Test, "installer test", Actors.Operator, at));

        Json.Equal(
            [
                new InformationEmailSent([TestSites.Email], "Intrusion alert at 12 rue des Lilas, 69003 Lyon: closed by the station (Test)", at)
                {
                    // The e-mail is written from these facts in the station's language.
                    Facts = [Incident.InformationEmails.ClosedByStation, RefusalValue.Named(Classification.Test)],
                },
                new IncidentClosed(Classification.Test, "closed by operator:op-marie", "installer test", at) { HandledBy = "op-marie", Why = Step.Of("Closing.By", "op-marie") },
            ],
            close);
        Assert.Null(incident.State.NextDeadline(incident.Rules));
        station.Tick(opened + Duration.FromMinutes(5));
        Assert.Single(incident.Log.OfType<CallPlaced>());
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    public void ALR_5_operator_actions_are_not_part_of_INFO_Alertes()
    {
        var (_, incident, opened) = Cascade();

        var call = incident.Run(new CallPerson(TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.TakesCharge, Actors.Operator, opened + Duration.FromSeconds(5)));
        var code = incident.Run(new CheckCode(CodeCheck.Right, Actors.Operator, opened + Duration.FromSeconds(6)));

        Assert.Equal("INFO Alertes calls are automatic", call.Refusal?.Detail);
        Assert.Equal("the voice server checks codes in INFO Alertes", code.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-6")]
    public void ALR_6_an_agent_requested_during_INFO_Alertes_is_dispatched_and_billed_80_euros()
    {
        var (_, incident, opened) = Cascade();
        var at = opened + Duration.FromSeconds(30);

        var request = incident.Run(new RequestAgent(Actor.Contact("+33622334455"), at));

        Assert.Equal(
            [
                new AgentRequested("contact:+33622334455", at),
                new AgentDispatched("requested by contact:+33622334455", at),
                new IncidentCharged(new Charge(Fee.AgentOnRequest, 80m, 1, "security agent trip"), at),
            ],
            request.Events);
        Assert.Equal(AgentStatus.Dispatched, incident.State.Agent);
        Assert.True(incident.State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "ALR-6")]
    public void ALR_6_the_incident_stays_open_after_the_cascade_until_the_agent_reports()
    {
        var (_, incident, opened) = Cascade();
        incident.Run(new RequestAgent(Actor.Contact("+33622334455"), opened + Duration.FromSeconds(5)));
        for (var i = 1; i <= 6; i++)
        {
            incident.Run(new ReportCallUnanswered(CurrentCall(incident), Actor.PhoneSystem, opened + Duration.FromSeconds(10 * i)));
        }

        Assert.Single(incident.Log.OfType<InformationEmailSent>());
        Assert.Empty(incident.Log.OfType<IncidentClosed>());
        Assert.True(incident.State.IsOpen);

        var early = incident.Run(new CloseIncident(Classification.FalseAlarmUser, "window left open", Actors.Operator, opened + Duration.FromSeconds(100)));
        Assert.Equal("the agent's findings are not recorded yet", early.Refusal?.Detail);

        var findings = incident.Run(new RecordAgentFindings(BreakIn: false, "  all closed, window ajar upstairs ", new Actor(ActorKind.Agent, "agent-7"), opened + Duration.FromMinutes(20)));
        Assert.Equal([new AgentReported(false, "all closed, window ajar upstairs", opened + Duration.FromMinutes(20))], findings.Events);

        var close = incident.Run(new CloseIncident(Classification.FalseAlarmUser, "window left open", Actors.Operator, opened + Duration.FromMinutes(25)));
        // The trip was billed on request: not a second time, and the email already went.
        Assert.Equal([new IncidentClosed(Classification.FalseAlarmUser, "closed by operator:op-marie", "window left open", opened + Duration.FromMinutes(25)) { HandledBy = "op-marie" }], close.Events);
        Assert.Single(incident.Log.OfType<IncidentCharged>());
    }

    [Fact]
    [Trait("Rule", "ALR-6")]
    [Trait("Rule", "ALR-5")]
    public void ALR_6_a_callee_who_acknowledges_and_asks_for_an_agent_keeps_the_incident_open()
    {
        var (_, incident, opened) = Cascade();
        var at = opened + Duration.FromSeconds(15);

        var answered = incident.Run(new ReportCallAnswered("alc-1-0001-C01", CodeCheck.Right, AgentRequested: true, Actor.PhoneSystem, at));

        Assert.Equal(
            [typeof(CallAnswered), typeof(AlertAcknowledged), typeof(AgentRequested), typeof(AgentDispatched), typeof(IncidentCharged), typeof(InformationEmailSent)],
            answered.Events.Select(e => e.GetType()));
        Assert.Equal("+33612345678", answered.Events.OfType<AgentRequested>().Single().By);
        Assert.EndsWith("; a security agent is on the way", answered.Events.OfType<InformationEmailSent>().Single().Summary, StringComparison.Ordinal);
        Assert.Equal(80m, answered.Events.OfType<IncidentCharged>().Single().Charge.Amount);
        Assert.True(incident.State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "ALR-6")]
    public void ALR_6_a_second_agent_request_is_refused()
    {
        var (_, incident, opened) = Cascade();
        incident.Run(new RequestAgent(Actor.Subscriber("sub-1"), opened + Duration.FromSeconds(5)));

        var again = incident.Run(new RequestAgent(Actor.Contact("+33622334455"), opened + Duration.FromSeconds(6)));

        Assert.Equal("an agent has already been dispatched", again.Refusal?.Detail);
        Assert.Equal(new CommandRefused("request-agent", "an agent has already been dispatched", opened + Duration.FromSeconds(6)), Assert.Single(again.Events));
        Assert.Single(incident.Log.OfType<IncidentCharged>());
    }

    [Fact]
    [Trait("Rule", "ALR-6")]
    [Trait("Rule", "ALR-7")]
    public void ALR_6_inside_PROTECT_plus_an_agent_on_request_is_not_billed()
    {
        var station = new Station(TestSites.ALaCarte());
        station.StartProtectPlus(Clock.T0 - Duration.FromHours(1));
        var incident = station.IntrusionIncident();

        var request = incident.Run(new RequestAgent(Actor.Subscriber("sub-1"), Clock.Seconds(60)));

        Assert.Equal([typeof(AgentRequested), typeof(AgentDispatched)], request.Events.Select(e => e.GetType()));
    }
}
