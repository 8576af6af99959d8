using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Station.Engine;

namespace Vigie.Station.Tests;

/// <summary>From DC-09 frames on a real socket to a closed incident, one scenario per offer and procedure.</summary>
public sealed class EndToEndTests
{
    private static readonly Actor Alice = Actor.Operator("alice");

    [Fact]
    [Trait("Rule", "ALR-5")]
    [Trait("Rule", "ALR-4")]
    public async Task ALR_5_A_LA_CARTE_intrusion_calls_the_instructions_until_a_contact_types_the_code()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("ALC-1", "2001", OfferCode.ALaCarte));
        await using var panel = station.Panel("2001");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA012");
        Assert.Single((await station.SiteAsync("ALC-1")).PendingAlerts);

        station.Advance(Duration.FromSeconds(32));
        var first = await station.RingingAsync(Sites.Subscriber);
        Assert.Equal("ALC-1-0001", first.IncidentId);
        Assert.True((await station.Phones.RejectAsync(Sites.Subscriber, default)).Accepted);
        await station.RingingAsync(Sites.Neighbour);
        var answer = await station.Phones.AnswerAsync(Sites.Neighbour, "1234", default);
        Assert.True(answer.Accepted, answer.Problem);

        var incident = await station.IncidentAsync("ALC-1-0001");
        Assert.Equal(ProcedureKind.InfoAlertes, incident.Brief.Procedure);
        Assert.Equal(IncidentStatus.Closed, incident.Summary.Status);
        Assert.Contains(incident.Timeline, e => e.Type == nameof(AlertAcknowledged) && e.Text.Contains("Neighbour", StringComparison.Ordinal));
        Assert.Contains(station.Mailbox.Sent(), m => m.To.Contains("camille@example.org"));
        Assert.True(incident.Chain.IsIntact);
        Assert.Empty(station.Phones.Ringing());
        await EngineUnderTest.Until(async () => (await station.SiteAsync("ALC-1")).OpenIncidents.Count == 0, "the site knows its incident is closed");
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public async Task ALR_7_A_LA_CARTE_inside_PROTECT_plus_goes_to_the_operators_and_back_after_24_h()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("ALC-2", "2002", OfferCode.ALaCarte));
        var booked = await station.Desk.SiteCommandAsync(new BookProtectPlus(station.Now, 1, Actor.Subscriber("SUB-ALC-2"), station.Now), "ALC-2");
        Assert.True(booked.Accepted, booked.Refusal?.Detail);
        await using var panel = station.Panel("2002");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(32));

        var incident = await station.IncidentAsync("ALC-2-0001");
        Assert.Equal(ProcedureKind.OperatorIntrusion, incident.Brief.Procedure);
        Assert.True(incident.Brief.InProtectPlus);
        Assert.Empty(station.Phones.Ringing());
        Assert.True((await station.Desk.IncidentCommandAsync("ALC-2-0001", new TakeIncident(Alice, station.Now))).Accepted);
        Assert.True((await station.Desk.IncidentCommandAsync("ALC-2-0001", new CallSite(SiteCallOutcome.Answered, Alice, station.Now))).Accepted);
        Assert.True((await station.Desk.CheckHeardCodeAsync("ALC-2-0001", "1234", Alice)).Accepted);
        Assert.Equal(IncidentStatus.Closed, (await station.IncidentAsync("ALC-2-0001")).Summary.Status);
        var charges = await station.Desk.ChargesAsync();
        Assert.Contains(charges, c => c.Charge.Fee == Fee.ProtectPlusDay && c.Charge.Amount == 3.00m && c.SiteId == "ALC-2");

        station.Advance(Duration.FromHours(24));
        await EngineUnderTest.Until(async () => !(await station.SiteAsync("ALC-2")).ProtectPlus.Any(b => !b.Ended), "PROTECT+ period ended");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(32));
        Assert.Equal(ProcedureKind.InfoAlertes, (await station.IncidentAsync("ALC-2-0002")).Brief.Procedure);
    }

    [Fact]
    [Trait("Rule", "ALR-8")]
    [Trait("Rule", "ALR-9")]
    [Trait("Rule", "ALR-10")]
    [Trait("Rule", "ALR-11")]
    public async Task ALR_8_to_11_TOUT_INCLUS_wrong_code_then_agent_break_in_police_and_guarding()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("TI-1", "2003", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2003");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(32));
        const string id = "TI-1-0001";
        var incident = await station.IncidentAsync(id);
        Assert.Equal(ProcedureKind.OperatorIntrusion, incident.Brief.Procedure);

        async Task<CommandResult> Do(IncidentCommand command) => await station.Desk.IncidentCommandAsync(id, command);
        Assert.True((await Do(new TakeIncident(Alice, station.Now))).Accepted);
        var police = await Do(new CallPolice("", Alice, station.Now));
        Assert.False(police.Accepted);
        Assert.Contains("verification", police.Refusal?.Detail, StringComparison.Ordinal);

        Assert.True((await Do(new Interpellate(true, Alice, station.Now))).Accepted);
        Assert.True((await station.Desk.CheckHeardCodeAsync(id, "4321", Alice)).Accepted);
        Assert.True((await Do(new CallPerson(Sites.Subscriber, CallOutcome.VoicemailLeft, null, Alice, station.Now))).Accepted);
        Assert.False((await Do(new DispatchAgent(Alice, station.Now))).Accepted);
        Assert.True((await Do(new CallPerson(Sites.Neighbour, CallOutcome.NoAnswer, null, Alice, station.Now))).Accepted);
        Assert.True((await Do(new CallPerson(Sites.Sister, CallOutcome.VoicemailLeft, null, Alice, station.Now))).Accepted);
        Assert.True((await Do(new DispatchAgent(Alice, station.Now))).Accepted);
        Assert.True((await Do(new RecordAgentFindings(true, "back door forced", Alice, station.Now))).Accepted);
        Assert.True((await Do(new CallPolice("17 called", Alice, station.Now))).Accepted);
        Assert.True((await Do(new InformOfBreakIn(Sites.Subscriber, CallOutcome.VoicemailLeft, null, Alice, station.Now))).Accepted);
        Assert.True((await Do(new InformOfBreakIn(Sites.Neighbour, CallOutcome.Reached, PersonDecision.WillNotDecide, Alice, station.Now))).Accepted);
        Assert.True((await Do(new OrganiseGuarding("Gardiennage Lyon", Alice, station.Now))).Accepted);
        Assert.True((await Do(new RecordGuardingExpense(600m, "receipt 1", Alice, station.Now))).Accepted);
        var over = await Do(new RecordGuardingExpense(400m, "receipt 2", Alice, station.Now));
        Assert.False(over.Accepted);
        Assert.Contains("323.00", over.Refusal?.Detail, StringComparison.Ordinal);
        Assert.True((await Do(new CloseIncident(Classification.RealIntrusion, "back door forced, police on site", Alice, station.Now))).Accepted);

        var closed = await station.IncidentAsync(id);
        Assert.Equal(IncidentStatus.Closed, closed.Summary.Status);
        Assert.Equal(Classification.RealIntrusion, closed.Summary.Classification);
        Assert.Contains(closed.Timeline, e => e.Type == nameof(CommandRefused) && e.Step.Values[0].Name == "Command.call-police");
        Assert.Contains(closed.Timeline, e => e.Type == nameof(CodeChecked) && e.Step.Values[0].Name == "CodeCheck.Wrong");
        Assert.True(closed.Chain.IsIntact);
        var charges = (await station.Desk.ChargesAsync()).Where(c => c.IncidentId == id).ToList();
        var guarding = Assert.Single(charges);
        Assert.Equal(Fee.GuardingAdvance, guarding.Charge.Fee);
        Assert.Equal(600m, guarding.Charge.Amount);
    }

    [Fact]
    [Trait("Rule", "ALR-12")]
    [Trait("Rule", "ALR-13")]
    public async Task ALR_13_duress_opens_an_SOS_at_once_and_the_disarm_that_follows_cancels_nothing()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("TI-2", "2004", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2004");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA001");
        station.Advance(Duration.FromSeconds(5));
        await station.SendAsync(panel, "HA001");
        await station.SendAsync(panel, "OP001");

        var sos = await station.IncidentAsync("TI-2-0001");
        Assert.Equal(AlertKind.Duress, sos.Brief.Kind);
        Assert.Equal(ProcedureKind.OperatorSos, sos.Brief.Procedure);
        Assert.Equal(2, sos.Brief.AlertIds.Count);
        var site = await station.SiteAsync("TI-2");
        Assert.Equal(ArmingMode.Disarmed, site.Arming);
        Assert.Empty(site.PendingAlerts);
        var history = await station.Desk.SiteHistoryAsync("TI-2");
        Assert.DoesNotContain(history!, e => e.Type == nameof(AlertCancelled));
        // The duress code is the verification: police at once (ALR-10, ALR-12).
        Assert.True((await station.Desk.IncidentCommandAsync("TI-2-0001", new TakeIncident(Alice, station.Now))).Accepted);
        Assert.True((await station.Desk.IncidentCommandAsync("TI-2-0001", new CallPolice("", Alice, station.Now))).Accepted);
    }

    [Fact]
    [Trait("Rule", "ALR-13")]
    public async Task ALR_13_a_duress_code_typed_on_an_INFO_Alertes_call_raises_a_silent_SOS()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("ALC-3", "2005", OfferCode.ALaCarte));
        await using var panel = station.Panel("2005");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA002");
        station.Advance(Duration.FromSeconds(32));
        await station.RingingAsync(Sites.Subscriber);
        Assert.True((await station.Phones.AnswerAsync(Sites.Subscriber, "9999", default)).Accepted);

        var first = await station.IncidentAsync("ALC-3-0001");
        Assert.Equal(IncidentStatus.Closed, first.Summary.Status);
        Assert.Contains(first.Timeline, e => e.Type == nameof(DuressRevealed));
        var sos = await station.IncidentAsync("ALC-3-0002");
        Assert.Equal(AlertKind.Duress, sos.Brief.Kind);
        Assert.Equal(ProcedureKind.OperatorSos, sos.Brief.Procedure);
        Assert.Equal("ALC-3-0001", sos.Brief.RaisedBy);
    }

    [Fact]
    [Trait("Rule", "SITE-4")]
    [Trait("Rule", "ALR-14")]
    public async Task ALR_14_smoke_while_disarmed_on_TOUT_INCLUS_is_an_information_procedure()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("TI-3", "2006", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2006");
        await station.SendAsync(panel, "FA004");

        var incident = await station.IncidentAsync("TI-3-0001");
        Assert.Equal(ProcedureKind.OperatorDomesticRisk, incident.Brief.Procedure);
        Assert.Equal(ArmingMode.Disarmed, (await station.SiteAsync("TI-3")).Arming);
        Assert.True((await station.Desk.IncidentCommandAsync("TI-3-0001", new TakeIncident(Alice, station.Now))).Accepted);
        var police = await station.Desk.IncidentCommandAsync("TI-3-0001", new CallPolice("", Alice, station.Now));
        Assert.Contains("information only", police.Refusal?.Detail, StringComparison.Ordinal);
        Assert.True((await station.Desk.IncidentCommandAsync("TI-3-0001", new CallPerson(Sites.Subscriber, CallOutcome.Reached, PersonDecision.TakesCharge, Alice, station.Now))).Accepted);
        Assert.True((await station.Desk.IncidentCommandAsync("TI-3-0001", new CloseIncident(Classification.Technical, "toast burnt", Alice, station.Now))).Accepted);
        Assert.Equal(IncidentStatus.Closed, (await station.IncidentAsync("TI-3-0001")).Summary.Status);
    }

    [Fact]
    [Trait("Rule", "ALR-2")]
    [Trait("Rule", "ALR-3")]
    public async Task ALR_2_a_disarm_29_s_after_the_alarm_cancels_it_and_31_s_after_does_not()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("TI-4", "2007", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2007");

        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA001");
        station.Advance(Duration.FromSeconds(29));
        await station.SendAsync(panel, "OP001");
        station.Advance(Duration.FromSeconds(10));
        var site = await station.SiteAsync("TI-4");
        Assert.Empty(site.PendingAlerts);
        Assert.Empty(site.OpenIncidents);
        var history = await station.Desk.SiteHistoryAsync("TI-4");
        Assert.Contains(history!, e => e.Type == nameof(AlertCancelled) && e.Text.Contains("after 29 s", StringComparison.Ordinal));
        // ALR-3: confirmed by voice message to the landline and by email, once the cancellation stands (ALR-21: 10 s after the disarm).
        await EngineUnderTest.Until(() => Task.FromResult(station.Phones.Outbox().Any(m => m.Channel == "voice" && m.To == "+33199000001")), "voice confirmation");
        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Any(m => m.Subject.Contains("alerte arrêtée", StringComparison.Ordinal))), "email confirmation");
        await EngineUnderTest.Until(async () => (await station.OutboxAsync()).Count == 0, "outbox drained");

        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA001");
        station.Advance(Duration.FromSeconds(31));
        await station.SendAsync(panel, "OP001");
        station.Advance(Duration.FromSeconds(2));
        var incident = await station.IncidentAsync("TI-4-0001");
        Assert.Equal(AlertKind.Intrusion, incident.Brief.Kind);
        Assert.Equal(2, (await station.Desk.SiteHistoryAsync("TI-4"))!.Count(e => e.Type == nameof(AlertRaised)));
    }

    [Fact]
    [Trait("Rule", "ALR-21")]
    public async Task ALR_21_over_DC09_an_opening_sent_before_the_duress_never_confirms_a_stop_to_the_site()
    {
        await using var station = await EngineUnderTest.StartAsync();
        await station.ProvisionAsync(Sites.Of("TI-5", "2008", OfferCode.ToutInclus, speaker: true));
        await using var panel = station.Panel("2008");

        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA001");
        station.Advance(Duration.FromSeconds(5));
        await station.SendAsync(panel, "OP003");
        station.Advance(Duration.FromSeconds(2));
        await station.SendAsync(panel, "HA003");

        var sos = await station.IncidentAsync("TI-5-0001");
        Assert.Equal(AlertKind.Duress, sos.Brief.Kind);
        Assert.Equal(2, sos.Brief.AlertIds.Count);
        // Past the duress grace, the cancellation window and the escalation: the one incident, and nothing told to the site.
        station.Advance(Duration.FromSeconds(60));
        await EngineUnderTest.Until(async () => (await station.Desk.SiteHistoryAsync("TI-5"))!.Any(e => e.Type == nameof(CancellationVoidedByDuress)), "cancellation voided");
        await EngineUnderTest.Until(async () => (await station.OutboxAsync()).Count == 0, "outbox drained");
        var site = await station.SiteAsync("TI-5");
        Assert.Single(site.OpenIncidents);
        Assert.DoesNotContain(station.Phones.Outbox(), m => m.Channel == "voice" && m.To == "+33199000001");
        Assert.DoesNotContain(station.Mailbox.Sent(), m => m.Subject.Contains("alerte arrêtée", StringComparison.Ordinal));
        Assert.DoesNotContain((await station.Desk.SiteHistoryAsync("TI-5"))!, e => e.Type == nameof(CancellationStood));
    }
}
