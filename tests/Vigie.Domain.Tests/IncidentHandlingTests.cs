using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>The operators' console: one operator handles an incident at a time; untaken incidents escalate.</summary>
public class IncidentHandlingTests
{
    private static readonly Actor Alice = Actor.Operator("alice");
    private static readonly Actor Bob = Actor.Operator("bob");
    private static readonly Actor Sam = Actor.Supervisor("sam");

    private static IncidentHarness Intrusion(EngineRules? rules = null) => new Station(TestSites.ToutInclus(), rules, takeIncidents: false).IntrusionIncident();

    private static Instant Opened(IncidentHarness incident) => incident.State.OpenedAt!.Value;

    private static Instant After(IncidentHarness incident, int seconds) => Opened(incident) + Duration.FromSeconds(seconds);

    [Fact]
    public void An_operator_takes_an_untaken_incident_and_the_first_take_is_kept()
    {
        var incident = Intrusion();

        Assert.Equal([new IncidentTaken("alice", After(incident, 12))], incident.Do(new TakeIncident(Alice, After(incident, 12))));
        incident.Do(new ReleaseIncident(Alice, After(incident, 20)));
        incident.Do(new TakeIncident(Bob, After(incident, 25)));

        Assert.Equal("bob", incident.State.HandledBy);
        Assert.Equal(After(incident, 12), incident.State.FirstTakenAt);
    }

    [Fact]
    public void Taking_is_refused_when_taken_by_another_when_already_yours_and_for_other_actors()
    {
        var incident = Intrusion();
        incident.Do(new TakeIncident(Alice, After(incident, 5)));

        Assert.Equal("taken by alice", incident.Run(new TakeIncident(Bob, After(incident, 6))).Refusal?.Detail);
        Assert.Equal("already yours", incident.Run(new TakeIncident(Alice, After(incident, 7))).Refusal?.Detail);
        Assert.Equal("only an operator or a supervisor takes an incident", Incident.WhyNotTake(Intrusion().State, Actor.Contact("+33600000000"))?.Detail);
        Assert.Equal([new CommandRefused("take", "taken by alice", After(incident, 6))], incident.Run(new TakeIncident(Bob, After(incident, 6))).Events);
    }

    [Fact]
    public void Taking_a_closed_incident_is_refused()
    {
        var incident = Intrusion();
        incident.Do(new TakeIncident(Alice, After(incident, 4)));
        incident.Do(new CloseIncident(Classification.Test, null, Alice, After(incident, 5)));

        var take = incident.Run(new TakeIncident(Alice, After(incident, 6)));

        Assert.Equal($"incident {incident.Id} is closed", take.Refusal?.Detail);
        Assert.Equal("the incident is closed", Incident.WhyNotTake(incident.State, Alice)?.Detail);
    }

    [Fact]
    public void Release_is_for_the_holder_or_a_supervisor_and_only_when_taken()
    {
        var incident = Intrusion();
        Assert.Equal("not taken", incident.Run(new ReleaseIncident(Alice, After(incident, 1))).Refusal?.Detail);
        incident.Do(new TakeIncident(Alice, After(incident, 2)));

        Assert.Equal("taken by alice", incident.Run(new ReleaseIncident(Bob, After(incident, 3))).Refusal?.Detail);
        Assert.Equal("taken by alice: only they or a supervisor release it", Incident.WhyNotRelease(incident.State, Bob)?.Detail);
        Assert.Equal([new IncidentReleased("alice", After(incident, 4))], incident.Do(new ReleaseIncident(Sam, After(incident, 4))));
        Assert.Null(incident.State.HandledBy);

        incident.Do(new TakeIncident(Bob, After(incident, 5)));
        Assert.Equal([new IncidentReleased("bob", After(incident, 6))], incident.Do(new ReleaseIncident(Bob, After(incident, 6))));
    }

    [Fact]
    public void The_holder_transfers_to_another_operator_who_becomes_the_holder()
    {
        var incident = Intrusion();
        incident.Do(new TakeIncident(Alice, After(incident, 2)));

        Assert.Equal("to: name the operator who takes over", incident.Run(new TransferIncident(" ", Alice, After(incident, 3))).Refusal?.Detail);
        Assert.Equal("to: alice already holds it", incident.Run(new TransferIncident("alice", Alice, After(incident, 3))).Refusal?.Detail);
        Assert.Equal([new IncidentTransferred("alice", "bob", After(incident, 4))], incident.Do(new TransferIncident("bob", Alice, After(incident, 4))));

        Assert.Equal("bob", incident.State.HandledBy);
        Assert.Equal("taken by bob", incident.Run(new Interpellate(true, Alice, After(incident, 5))).Refusal?.Detail);
        incident.Do(new Interpellate(true, Bob, After(incident, 5)));
    }

    [Fact]
    public void An_operator_cannot_transfer_what_they_do_not_hold()
    {
        var incident = Intrusion();
        Assert.Equal("not taken: take it first", incident.Run(new TransferIncident("bob", Alice, After(incident, 1))).Refusal?.Detail);
        incident.Do(new TakeIncident(Alice, After(incident, 2)));

        Assert.Equal("taken by alice", incident.Run(new TransferIncident("carol", Bob, After(incident, 3))).Refusal?.Detail);
        Assert.Equal("taken by alice: only they or a supervisor transfer it", Incident.WhyNotTransfer(incident.State, "carol", Bob)?.Detail);
    }

    [Fact]
    public void A_supervisor_reassigns_a_taken_incident_and_assigns_an_untaken_one()
    {
        var incident = Intrusion();
        Assert.Equal([new IncidentTransferred(null, "alice", After(incident, 3))], incident.Do(new TransferIncident("alice", Sam, After(incident, 3))));
        Assert.Equal(After(incident, 3), incident.State.FirstTakenAt);

        Assert.Equal([new IncidentTransferred("alice", "bob", After(incident, 8))], incident.Do(new TransferIncident("bob", Sam, After(incident, 8))));
        Assert.Equal("bob", incident.State.HandledBy);
    }

    [Fact]
    public void While_taken_another_operator_is_refused_any_command_and_a_supervisor_takes_over_to_act()
    {
        var incident = Intrusion();
        incident.Do(new TakeIncident(Alice, After(incident, 2)));

        var interpellate = incident.Run(new Interpellate(true, Bob, After(incident, 3)));
        var close = incident.Run(new CloseIncident(Classification.Test, null, Bob, After(incident, 4)));

        Assert.Equal("taken by alice", interpellate.Refusal?.Detail);
        Assert.Equal([new CommandRefused("interpellate", "taken by alice", After(incident, 3))], interpellate.Events);
        Assert.Equal("taken by alice", close.Refusal?.Detail);
        Assert.False(incident.State.Interpellated);
        incident.Do(new Interpellate(true, Alice, After(incident, 5)));
        Assert.Equal("taken by alice: take it over first", incident.Run(new Interpellate(true, Sam, After(incident, 6))).Refusal?.Detail);
        Assert.Equal([new IncidentTransferred("alice", "sam", After(incident, 7))], incident.Do(new TakeIncident(Sam, After(incident, 7))));
        incident.Do(new CallSite(SiteCallOutcome.NoAnswer, Sam, After(incident, 8)));
        Assert.Equal("taken by sam", incident.Run(new CallSite(SiteCallOutcome.NoAnswer, Alice, After(incident, 9))).Refusal?.Detail);
    }

    [Fact]
    public void Closing_releases_and_records_the_holder()
    {
        var incident = Intrusion();
        incident.Do(new TakeIncident(Alice, After(incident, 2)));

        var closed = incident.Do(new CloseIncident(Classification.Test, null, Alice, After(incident, 30)));

        Assert.Equal("alice", Assert.IsType<IncidentClosed>(closed[^1]).HandledBy);
        Assert.Null(incident.State.HeldBy);
        Assert.Equal("alice", incident.State.HandledBy);
        Assert.Null(Incident.WhyNotHandler(incident.State, Bob));
    }

    [Fact]
    public void An_untaken_incident_escalates_exactly_at_the_delay_not_one_tick_before()
    {
        var incident = Intrusion();
        var due = Opened(incident) + Duration.FromSeconds(60);
        Assert.Equal(due, incident.State.NextDeadline(incident.Rules));

        Assert.Empty(incident.Do(new IncidentTick(Actor.Clock, due - Duration.FromTicks(1))));
        Assert.Equal([new IncidentEscalated(Duration.FromSeconds(60), due)], incident.Do(new IncidentTick(Actor.Clock, due)));

        Assert.Equal(due, incident.State.EscalatedAt);
        Assert.Null(incident.State.NextDeadline(incident.Rules));
        Assert.Empty(incident.Do(new IncidentTick(Actor.Clock, due + Duration.FromSeconds(5))));
    }

    [Fact]
    public void The_escalation_delay_is_configured()
    {
        var rules = new EngineRules { Console = new ConsoleRules { EscalateUntakenAfter = Duration.FromSeconds(20) } };
        var incident = Intrusion(rules);

        Assert.Equal(Opened(incident) + Duration.FromSeconds(20), incident.State.NextDeadline(rules));
        Assert.StartsWith("not due before", incident.Run(new EscalateIncident(Actor.Clock, After(incident, 19))).Refusal?.Detail);
        Assert.Equal([new IncidentEscalated(Duration.FromSeconds(20), After(incident, 20))], incident.Do(new EscalateIncident(Actor.Clock, After(incident, 20))));
        Assert.StartsWith("already escalated at", incident.Run(new EscalateIncident(Actor.Clock, After(incident, 21))).Refusal?.Detail);
    }

    [Fact]
    public void A_taken_or_closed_incident_does_not_escalate()
    {
        var taken = Intrusion();
        taken.Do(new TakeIncident(Alice, After(taken, 10)));
        Assert.Null(taken.State.NextDeadline(taken.Rules));
        Assert.Equal("taken by alice", taken.Run(new EscalateIncident(Actor.Clock, After(taken, 90))).Refusal?.Detail);
        Assert.Empty(taken.Do(new IncidentTick(Actor.Clock, After(taken, 90))));

        var closed = Intrusion();
        closed.Do(new TakeIncident(Alice, After(closed, 9)));
        closed.Do(new CloseIncident(Classification.Test, null, Alice, After(closed, 10)));
        Assert.Equal("the incident is closed", Incident.WhyNotEscalate(closed.State, After(closed, 90), closed.Rules)?.Detail);
        Assert.Empty(closed.Do(new EscalateIncident(Actor.Clock, After(closed, 90))));
    }

    [Fact]
    public void Released_before_the_delay_the_incident_still_escalates_at_opening_plus_delay()
    {
        var incident = Intrusion();
        incident.Do(new TakeIncident(Alice, After(incident, 10)));
        incident.Do(new ReleaseIncident(Alice, After(incident, 20)));

        Assert.Equal(After(incident, 60), incident.State.NextDeadline(incident.Rules));
    }

    [Fact]
    public void A_technical_incident_escalates_the_same_way()
    {
        var station = new Station(TestSites.ToutInclus(), takeIncidents: false);
        station.Liveness(LivenessChangeKind.PathLost, Clock.T0 - Duration.FromMinutes(30), Clock.T0, TransmissionKind.Ip);
        var incident = station.Incident(AlertFamily.Technical);

        Assert.Equal(Clock.T0 + Duration.FromSeconds(60), incident.State.NextDeadline(incident.Rules));
        Assert.Equal([new IncidentEscalated(Duration.FromSeconds(60), Clock.T0 + Duration.FromSeconds(60))],
            incident.Do(new IncidentTick(Actor.Clock, Clock.T0 + Duration.FromSeconds(60))));
    }

    [Fact]
    public void Handling_events_describe_themselves()
    {
        Assert.Equal("taken by alice", new IncidentTaken("alice", Clock.T0).Describe());
        Assert.Equal("released by alice", new IncidentReleased("alice", Clock.T0).Describe());
        Assert.Equal("transferred from alice to bob", new IncidentTransferred("alice", "bob", Clock.T0).Describe());
        Assert.Equal("assigned to bob", new IncidentTransferred(null, "bob", Clock.T0).Describe());
        Assert.StartsWith("escalated: not taken after", new IncidentEscalated(Duration.FromSeconds(60), Clock.T0).Describe());
    }
}
