using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>ALR-11: after a confirmed break-in, police, then the subscriber or a contact; guarding when nobody takes charge, up to 923 €.</summary>
public class BreakInTests
{
    private static readonly Callee Subscriber = new("subscriber", TestSites.SubscriberMobile, IsSubscriber: true);

    private static Instant At(int minutes) => Clock.T0 + Duration.FromMinutes(30 + minutes);

    private static IncidentHarness BreakIn()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        Operator.BreakInReportedToPolice(incident, Clock.Seconds(60));
        return incident;
    }

    private static Decision<IncidentEvent> Inform(IncidentHarness incident, PhoneNumber phone, CallOutcome outcome, PersonDecision? decision, int minute) =>
        incident.Run(new InformOfBreakIn(phone, outcome, decision, Actors.Operator, At(minute)));

    private static void NobodyTakesCharge(IncidentHarness incident)
    {
        Assert.False(Inform(incident, TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, 1).IsRefused);
        Assert.False(Inform(incident, TestSites.AlicePhone, CallOutcome.NoAnswer, null, 2).IsRefused);
        Assert.False(Inform(incident, TestSites.BrunoPhone, CallOutcome.VoicemailLeft, null, 3).IsRefused);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_police_are_informed_before_the_subscriber()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        Operator.BreakInFound(incident, Clock.Seconds(60));

        var inform = Inform(incident, TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.TakesCharge, 1);

        Assert.Equal("inform the police first (ALR-11)", inform.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_the_subscriber_is_informed_before_a_contact()
    {
        var incident = BreakIn();

        var contact = Inform(incident, TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.TakesCharge, 1);
        var subscriber = Inform(incident, TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, 2);
        var contactAfter = Inform(incident, TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.TakesCharge, 3);

        Assert.Equal("inform the subscriber first; a contact only if the subscriber cannot be reached (ALR-11)", contact.Refusal?.Detail);
        Assert.Equal([new PersonCalled(Subscriber, CallOutcome.VoicemailLeft, null, CallPurpose.BreakInInformation, At(2))], subscriber.Events);
        Assert.False(contactAfter.IsRefused, contactAfter.Refusal?.Detail);
        Assert.StartsWith("break-in information: called Alice Martin", contactAfter.Events[0].Describe(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_a_subscriber_who_takes_charge_is_the_end_of_the_calls_and_no_guarding()
    {
        var incident = BreakIn();
        Inform(incident, TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.TakesCharge, 1);

        var contact = Inform(incident, TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.TakesCharge, 2);
        var guarding = incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(3)));

        Assert.Equal("the subscriber has been informed and decides", contact.Refusal?.Detail);
        Assert.Equal("a person reached takes charge of the site", guarding.Refusal?.Detail);
        Assert.Null(incident.State.GuardingProvider);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_a_contact_who_takes_charge_means_no_guarding()
    {
        var incident = BreakIn();
        Inform(incident, TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, 1);
        Inform(incident, TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.TakesCharge, 2);

        Assert.Equal("a person reached takes charge of the site", incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(3))).Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_guarding_is_organised_only_once_everybody_was_tried()
    {
        var incident = BreakIn();

        var before = incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(0)));
        Inform(incident, TestSites.SubscriberMobile, CallOutcome.VoicemailLeft, null, 1);
        var halfway = incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(2)));

        const string reason = "inform the subscriber, then the contacts, of the break-in first (ALR-11)";
        Assert.Equal(reason, before.Refusal?.Detail);
        Assert.Equal(reason, halfway.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_a_subscriber_who_will_not_decide_is_not_enough_the_contacts_come_next()
    {
        var incident = BreakIn();
        Inform(incident, TestSites.SubscriberMobile, CallOutcome.Reached, PersonDecision.WillNotDecide, 1);

        var guardingTooEarly = incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(2)));
        var contact = Inform(incident, TestSites.AlicePhone, CallOutcome.Reached, PersonDecision.WillNotDecide, 3);
        var guarding = incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(4)));

        Assert.Equal("inform the subscriber, then the contacts, of the break-in first (ALR-11)", guardingTooEarly.Refusal?.Detail);
        Assert.False(contact.IsRefused, contact.Refusal?.Detail);
        Assert.False(guarding.IsRefused, guarding.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_guarding_when_nobody_takes_charge_with_expenses_capped_at_923_euros()
    {
        var incident = BreakIn();
        NobodyTakesCharge(incident);

        Assert.Equal([new GuardingOrganised("Gardiennage Rhône", At(4))], incident.Do(new OrganiseGuarding(" Gardiennage Rhône ", Actors.Operator, At(4))));
        Assert.Equal("guarding is already organised", incident.Run(new OrganiseGuarding("Other", Actors.Operator, At(5))).Refusal?.Detail);

        Json.Equal(
            [
                new GuardingExpenseRecorded(900m, "R-2026-117", 900m, At(60)),
                new IncidentCharged(new Charge(Fee.GuardingAdvance, 900m, 1, "guarding advanced (R-2026-117)") { What = Step.Of("Charge.GuardingAdvance", "R-2026-117") }, At(60)),
            ],
            incident.Do(new RecordGuardingExpense(900m, "R-2026-117", Actors.Operator, At(60))));

        var over = incident.Run(new RecordGuardingExpense(30m, "R-2026-118", Actors.Operator, At(120)));
        Assert.Equal("amount: the ceiling is 923.00 € and 23.00 € is left (ALR-11)", over.Refusal?.Detail);
        Assert.Equal([new CommandRefused("guarding-expense", over.Refusal!.Detail, At(120))], over.Events);
        Assert.Equal(900m, incident.State.GuardingSpent);

        var rest = incident.Do(new RecordGuardingExpense(23m, "R-2026-119", Actors.Operator, At(180)));
        Assert.Equal(923m, Assert.IsType<GuardingExpenseRecorded>(rest[0]).Total);
        Assert.Equal("amount: the ceiling is 923.00 € and 0.00 € is left (ALR-11)", incident.Run(new RecordGuardingExpense(0.01m, "R", Actors.Operator, At(181))).Refusal?.Detail);
        Assert.Equal(923m, incident.Log.OfType<IncidentCharged>().Sum(c => c.Charge.Amount));
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_guarding_needs_a_break_in_found_and_reported_and_expenses_need_guarding()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        Operator.NobodyReached(incident, Clock.Seconds(60));

        var guarding = incident.Run(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(0)));
        var expense = incident.Run(new RecordGuardingExpense(10m, "R", Actors.Operator, At(0)));

        Assert.Equal("guarding follows a break-in found by the agent and reported to police (ALR-11)", guarding.Refusal?.Detail);
        Assert.Equal("no guarding is organised", expense.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "ALR-11")]
    public void ALR_11_an_expense_must_be_positive_and_a_provider_named()
    {
        var incident = BreakIn();
        NobodyTakesCharge(incident);

        Assert.Equal("provider: name who guards the site", incident.Run(new OrganiseGuarding(" ", Actors.Operator, At(4))).Refusal?.Detail);
        incident.Do(new OrganiseGuarding("Gardiennage Rhône", Actors.Operator, At(5)));
        Assert.Equal("amount: must be more than 0 €", incident.Run(new RecordGuardingExpense(0m, "R", Actors.Operator, At(6))).Refusal?.Detail);
    }
}
