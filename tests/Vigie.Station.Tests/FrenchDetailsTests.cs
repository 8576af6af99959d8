using System.Globalization;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Station.Texts;

namespace Vigie.Station.Tests;

/// <summary>
/// Faults, notices not sent or cancelled, instruction changes and charges are stored typed and read in the reader's
/// language: a French history holds no English step word, and events stored before keep their English line.
/// </summary>
public sealed class FrenchDetailsTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 4, 6, 6);

    [Fact]
    [Trait("Rule", "SUP-2")]
    [Trait("Rule", "SUP-3")]
    [Trait("Rule", "RC-5")]
    public async Task A_site_s_faults_notices_instruction_changes_and_charges_read_in_French_from_the_log()
    {
        await using var station = await EngineUnderTest.StartAsync();
        var site = Sites.Of("FR-1", "3201", OfferCode.ToutInclus);
        await station.ProvisionAsync(site);
        var subscriber = Actor.Subscriber("SUB-FR-1");
        var choices = new ArmingNoticeChoices(new NoticeChannels(Email: false, App: false, Sms: true), NoticeChannels.None);
        Assert.True((await station.Desk.ChangeArmingNoticesAsync("FR-1", choices, subscriber)).Accepted);
        Assert.True((await station.Desk.RequestArmingAsync("FR-1", ArmingMode.Partial, subscriber)).Accepted);
        await Has(station, nameof(SiteCharged));
        await using (var panel = station.Panel("3201"))
        {
            await station.SendAsync(panel, "AT");
            await station.SendAsync(panel, "XT007");
            await Has(station, nameof(IncidentOpened));
            await station.SendAsync(panel, "AR");
            await Has(station, nameof(NoticeCancelled));
            // Without a mobile of the subscriber, the next cut's SMS is not sent, and the history says why.
            var landline = site.Instructions with { SubscriberPhones = [Domain.Contacts.PhoneNumber.Parse("+33478000001")] };
            Assert.True((await station.Desk.SiteCommandAsync(new ChangeInstructions(landline, subscriber, station.Now), "FR-1")).Accepted);
            await station.SendAsync(panel, "AT");
            await Has(station, nameof(NoticeNotSent));
        }

        var history = (await station.Desk.SiteHistoryAsync("FR-1"))!;
        string Read(string type) => string.Join("\n", history.Where(e => e.Type == type).Select(e => StepText.Of(e.Step, French)));
        Assert.StartsWith("SMS d'information (site mis en service partiel le 23 nov. 2026 ", Read(nameof(SiteCharged)).Replace("facturable\u202f: ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("coupure secteur\u202f: la centrale fonctionne sur sa batterie", Read(nameof(FaultRaised)), StringComparison.Ordinal);
        Assert.Contains("batterie faible en zone 7", Read(nameof(FaultRaised)), StringComparison.Ordinal);
        Assert.StartsWith("avis coupure secteur annulé\u202f: rétabli après ", Read(nameof(NoticeCancelled)), StringComparison.Ordinal);
        Assert.Equal("pas d'avis coupure secteur\u202f: les consignes ne contiennent aucun numéro de mobile de l'abonné (SUP-3)", Read(nameof(NoticeNotSent)));
        Assert.Equal("consignes modifiées\u202f: numéros de l'abonné\u202f: +33639981001 → +33478000001", Read(nameof(InstructionsChanged)));
        Assert.StartsWith("abonné prévenu (information de mise en service) — par SMS au +33639981001", Read(nameof(SubscriberNotified)), StringComparison.Ordinal);
        // The events this change types; others (an actor's id such as "subscriber:…") are not its subject.
        string[] typed = [nameof(SiteCharged), nameof(FaultRaised), nameof(FaultJoinedIncident), nameof(NoticeScheduled), nameof(NoticeCancelled),
            nameof(NoticeNotSent), nameof(InstructionsChanged), nameof(SubscriberNotified)];
        foreach (var entry in history.Where(e => typed.Contains(e.Type)))
        {
            var text = StepText.Of(entry.Step, French);
            Assert.True(EnglishSteps.In(text).Count == 0, $"{entry.Type}: {text} ({string.Join(", ", EnglishSteps.In(text))})");
            Assert.DoesNotContain("mains-cut", text, StringComparison.Ordinal);
        }

        // The technical incident's first step names its fault in French too.
        var incident = Assert.Single(await station.Desk.IncidentsAsync(openOnly: false));
        var started = (await station.IncidentAsync(incident.IncidentId)).Timeline[0];
        Assert.Equal("Batterie faible sur FR-1\u202f: batterie faible en zone 7\u202f; Technique", StepText.Of(started.Step, French));
        Assert.EndsWith(": low battery in zone 7; Technical", StepText.Of(started.Step, English), StringComparison.Ordinal);
    }

    private static Task Has(EngineUnderTest station, string type) =>
        EngineUnderTest.Until(async () => (await station.Desk.SiteHistoryAsync("FR-1"))!.Any(e => e.Type == type), type);

    [Fact]
    public void A_charge_reads_from_its_typed_description_and_one_stored_before_by_its_fee()
    {
        var sms = new Charge(Fee.ArmingNoticeSms, 0.15m, 1, "arming information SMS (armed total on 2026-12-03 05:06)")
        {
            What = Step.Of("Charge.ArmingNoticeSms", Step.Of("Armed.Total"), At),
        };
        var guarding = new Charge(Fee.GuardingAdvance, 900m, 1, "guarding advanced (R-1)") { What = Step.Of("Charge.GuardingAdvance", "R-1") };

        Assert.Equal("SMS d'information (site mis en service total le 3 déc. 2026 05:06)", StepText.Charge(sms, French));
        Assert.Equal("arming information SMS (armed total on 3 Dec 2026 05:06)", StepText.Charge(sms, English));
        Assert.Equal("gardiennage avancé (R-1)", StepText.Charge(guarding, French));
        Assert.Equal("déplacement d'un agent de sécurité", StepText.Charge(new Charge(Fee.AgentOnRequest, 80m, 1, "security agent trip"), French));
        Assert.StartsWith("facturable\u202f: SMS d'information (site mis en service total le 3 déc. 2026 05:06) (1 × 0", StepText.Of(new SiteCharged(sms, At), French), StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_arming_request_names_who_asked_in_French_not_by_the_log_s_actor_id()
    {
        var asked = new ArmingRequested("REQ-1", ArmingMode.Total, ArmingChannel.RemoteControl, null, "subscriber:SUB-1", At.Plus(Duration.FromMinutes(2)), At);
        var text = StepText.Of(asked, French);

        Assert.DoesNotContain("subscriber", text, StringComparison.Ordinal);
        Assert.Contains("par abonné", text, StringComparison.Ordinal);
        Assert.Contains("par alice", StepText.Of(asked with { RequestedBy = "operator:alice" }, French), StringComparison.Ordinal);
        Assert.Empty(EnglishSteps.In(text));
    }

    [Fact]
    [Trait("Rule", "SUP-5")]
    public void An_automatic_after_sales_request_says_why_in_French()
    {
        var request = new AfterSalesRequested("second link-loss alert (client unreachable): camera Shop (cam-2): link lost", true, At)
        {
            Why = Step.Of("AfterSales.SecondAlert", Step.Of("AfterSales.Unreachable"), Step.Of("Fault.CameraLinkLost", "Boutique", "cam-2")),
        };

        Assert.Equal("demande de SAV envoyée automatiquement — deuxième alerte de perte de liaison (client injoignable)\u202f: caméra Boutique (cam-2)\u202f: liaison perdue",
            StepText.Of(request, French));
        Assert.Empty(EnglishSteps.In(StepText.Of(request, French)));
    }

    [Fact]
    [Trait("Rule", "INS-5")]
    public void A_stolen_phone_that_held_a_virtual_remote_is_described_in_French_in_the_history_and_the_reminder()
    {
        var report = new LostDeviceReported("FR-1-L0001", LostDeviceKind.Phone, "phone holding virtual remote R0001 'Mamie', stolen", At, At + Duration.FromHours(48), At)
        {
            Stolen = true,
            What = Step.Of("LostDevice.RemotePhone.Stolen", "R0001", "Mamie"),
        };
        var reminder = new SubscriberNotified(Domain.Supervision.SubscriberNotices.KeyReplacementReminder, [], ["camille@example.org"], App: true, "stored", "stored", At)
        {
            Facts = ["1 rue X", RefusalValue.Named(LostDeviceKind.Phone), report.Description, At, 48, report.ReplaceBy!.Value, "", "", "",
                "R0001", "Mamie", RefusalValue.Named(RevocationReason.Stolen)],
        };

        var step = StepText.Of(report, French);
        Assert.Contains("téléphone portant la télécommande virtuelle R0001 « Mamie », volé", step, StringComparison.Ordinal);
        Assert.Empty(EnglishSteps.In(step));
        var (_, text) = Messages.NoticeTexts.Of(reminder, new Messages.MessageTexts("fr-FR"));
        Assert.Contains("(téléphone portant la télécommande virtuelle R0001 « Mamie », volé)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("holding", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mass_outage_says_what_it_is_in_French()
    {
        var started = new IncidentStarted(IncidentBrief.ForMassOutage("mass-0001", ["a", "b"], IncidentBrief.MassOutageDetail, At) with { AffectedSiteIds = ["a", "b"] }, At);

        Assert.Equal("panne massive\u202f: 2 sites perdus (de nombreux sites muets en même temps (fournisseur d'accès à internet ou liaison de la station\u202f?))",
            StepText.Of(started, French));
    }

    [Fact]
    public void Events_stored_before_their_typed_details_still_read_their_English_line()
    {
        var fault = new FaultRaised(new SiteFault("battery:4", AlertKind.LowBattery, At, "low battery in zone 4 (Hall)"), At);
        var notSent = new NoticeNotSent("mains-cut", "the site has no GSM transmitter", At);
        var changed = new InstructionsChanged(new Domain.Contacts.Instructions(), ["access notes changed"], At);

        Assert.Equal("défaut\u202f: low battery in zone 4 (Hall)", StepText.Of(fault, French));
        Assert.Equal("pas d'avis coupure secteur\u202f: the site has no GSM transmitter", StepText.Of(notSent, French));
        Assert.Equal("consignes modifiées\u202f: access notes changed", StepText.Of(changed, French));
        Assert.Equal("avis unknown-notice annulé\u202f: why", StepText.Of(new NoticeCancelled("N1", "unknown-notice", "why", At), French));
    }
}
