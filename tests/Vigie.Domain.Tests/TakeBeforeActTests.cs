using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>An incident is handled only by the operator who took it: every step but "take" waits for the take.</summary>
public class TakeBeforeActTests
{
    private static readonly Actor Alice = Actor.Operator("alice");
    private static readonly Actor Sam = Actor.Supervisor("sam");

    private static IncidentHarness Untaken() => new Station(TestSites.ToutInclus(), takeIncidents: false).IntrusionIncident();

    private static Instant After(IncidentHarness incident, int seconds) => incident.State.OpenedAt!.Value + Duration.FromSeconds(seconds);

    public static TheoryData<string> OperatorSteps() =>
    [
        "interpellate", "listen", "call-site", "check-code", "call-person", "dispatch-agent", "agent-findings", "video-verification",
        "call-police", "inform-break-in", "organise-guarding", "guarding-expense", "close", "remote-maintenance", "book-technician",
        "inform-subscriber", "call-client-link", "request-after-sales",
    ];

    private static IncidentCommand Step(string name, Actor by, Instant at) => name switch
    {
        "interpellate" => new Interpellate(true, by, at),
        "listen" => new ListenPassively(false, by, at),
        "call-site" => new CallSite(SiteCallOutcome.NoAnswer, by, at),
        "check-code" => new CheckCode(CodeCheck.Right, by, at),
        "call-person" => new CallPerson(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, by, at),
        "dispatch-agent" => new DispatchAgent(by, at),
        "agent-findings" => new RecordAgentFindings(false, "", by, at),
        "video-verification" => new RecordVideoVerification(false, "", by, at),
        "call-police" => new CallPolice("", by, at),
        "inform-break-in" => new InformOfBreakIn(TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, by, at),
        "organise-guarding" => new OrganiseGuarding("Guard & Co", by, at),
        "guarding-expense" => new RecordGuardingExpense(100m, "R-1", by, at),
        "close" => new CloseIncident(Classification.Test, null, by, at),
        "remote-maintenance" => new RecordRemoteMaintenance(false, "notes", by, at),
        "book-technician" => new BookTechnicianVisit(new LocalDate(2026, 5, 6), "", by, at),
        "inform-subscriber" => new InformSubscriber("notes", by, at),
        "call-client-link" => new CallClientAboutLink(LinkCallOutcome.Unreachable, by, at),
        "request-after-sales" => new RequestAfterSales("notes", by, at),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a step"),
    };

    [Theory]
    [MemberData(nameof(OperatorSteps))]
    public void Each_operator_step_is_refused_before_the_take_and_no_longer_for_that_reason_after(string name)
    {
        var incident = Untaken();

        var before = incident.Run(Step(name, Alice, After(incident, 5)));
        incident.Do(new TakeIncident(Alice, After(incident, 6)));
        var after = incident.Run(Step(name, Alice, After(incident, 7)));

        Assert.Equal(name, Step(name, Alice, After(incident, 5)).Name);
        Assert.Equal(RefusalCodes.IncidentTakeFirst, before.Refusal?.Code);
        Assert.Equal([new CommandRefused(name, "not taken: take it first", After(incident, 5))], before.Events);
        Assert.NotEqual(RefusalCodes.IncidentTakeFirst, after.Refusal?.Code);
    }

    [Fact]
    public void Interpellating_and_closing_an_untaken_incident_are_refused_then_accepted_once_taken()
    {
        var incident = Untaken();

        Assert.Equal(RefusalCodes.IncidentTakeFirst, incident.Run(new Interpellate(true, Alice, After(incident, 1))).Refusal?.Code);
        Assert.Equal(RefusalCodes.IncidentTakeFirst, incident.Run(new CloseIncident(Classification.Test, null, Alice, After(incident, 2))).Refusal?.Code);
        Assert.False(incident.State.Interpellated);
        Assert.True(incident.State.IsOpen);

        incident.Do(new TakeIncident(Alice, After(incident, 3)));
        incident.Do(new Interpellate(true, Alice, After(incident, 4)));
        incident.Do(new CloseIncident(Classification.Test, null, Alice, After(incident, 5)));

        // The timeline never shows a step before "taken by alice".
        var taken = incident.Log.FindIndex(e => e is IncidentTaken);
        Assert.True(taken < incident.Log.FindIndex(e => e is SiteInterpellated));
        Assert.False(incident.State.IsOpen);
    }

    [Fact]
    public void A_supervisor_acts_only_once_they_hold_it_and_takes_over_from_an_operator()
    {
        var incident = Untaken();
        Assert.Equal("not taken: take it first", incident.Run(new Interpellate(true, Sam, After(incident, 1))).Refusal?.Detail);
        incident.Do(new TakeIncident(Alice, After(incident, 2)));

        var refused = incident.Run(new Interpellate(true, Sam, After(incident, 3))).Refusal!;
        Assert.Null(Incident.WhyNotTake(incident.State, Sam));
        var takeOver = incident.Do(new TakeIncident(Sam, After(incident, 4)));
        incident.Do(new Interpellate(true, Sam, After(incident, 5)));

        Assert.Equal(RefusalCodes.IncidentTakeOverFirst, refused.Code);
        Assert.Equal("alice", Assert.Single(refused.Values).Text);
        Assert.Equal([new IncidentTransferred("alice", "sam", After(incident, 4))], takeOver);
        Assert.Equal("sam", incident.State.HeldBy);
        Assert.Equal(RefusalCodes.IncidentTakenBy, incident.Run(new CallSite(SiteCallOutcome.NoAnswer, Alice, After(incident, 6))).Refusal?.Code);
        Assert.Equal(RefusalCodes.IncidentTakenBy, Incident.WhyNotTake(incident.State, Alice)?.Code);
    }

    [Fact]
    [Trait("Rule", "ALR-5")]
    [Trait("Rule", "ALR-6")]
    public void Automatic_actors_are_not_blocked_by_an_untaken_incident()
    {
        var station = new Station(TestSites.ALaCarte(), takeIncidents: false);
        var incident = station.IntrusionIncident();
        Assert.Equal(ProcedureKind.InfoAlertes, incident.Brief.Procedure);
        Assert.Null(incident.State.HeldBy);

        // The voice server reports the automatic call, the subscriber asks for an agent, the clock times calls out,
        // the panel's signals join: nobody took the incident, and none of them has to.
        incident.Do(new ReportCallUnanswered(incident.State.CurrentCall!.CallId, Actor.PhoneSystem, After(incident, 10)));
        incident.Do(new RequestAgent(Actor.Subscriber("sub-1"), After(incident, 20)));
        incident.Do(new IncidentTick(Actor.Clock, After(incident, 20) + incident.Rules.CallTimeout));
        station.Receive(PanelSignals.Intrusion(TestSites.Hall.Number), After(incident, 200));

        Assert.Equal(AgentStatus.Dispatched, incident.State.Agent);
        Assert.Contains(incident.Log, e => e is SignalAdded);
        Assert.DoesNotContain(incident.Log, e => e is CommandRefused);
    }

    [Fact]
    public void An_untaken_operator_incident_still_escalates_by_the_clock()
    {
        var incident = Untaken();

        var escalated = incident.Do(new IncidentTick(Actor.Clock, After(incident, 60)));

        Assert.IsType<IncidentEscalated>(Assert.Single(escalated));
    }
}
