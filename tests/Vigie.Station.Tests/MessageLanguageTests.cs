using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Station.Messages;

namespace Vigie.Station.Tests;

/// <summary>The messages people receive come from resources by their kind: French by default, English when the station says so.</summary>
public sealed class MessageLanguageTests
{
    private static async Task<(IReadOnlyList<Ports.EmailMessage> Emails, IReadOnlyList<Simulator.DeliveredMessage> Texts)> ArmPartialAsync(string? culture)
    {
        await using var station = await EngineUnderTest.StartAsync(configure: o =>
        {
            if (culture is not null)
            {
                o.MessageCulture = culture;
            }
        });
        await station.ProvisionAsync(Sites.Of("MSG-1", "3101", OfferCode.ToutInclus));
        var subscriber = Actor.Subscriber("SUB-MSG-1");
        var choices = new ArmingNoticeChoices(new NoticeChannels(Email: true, App: false, Sms: true), NoticeChannels.None);
        Assert.True((await station.Desk.ChangeArmingNoticesAsync("MSG-1", choices, subscriber)).Accepted);
        var requested = await station.Desk.RequestArmingAsync("MSG-1", ArmingMode.Partial, subscriber);
        Assert.True(requested.Accepted, requested.Refusal?.Detail);
        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Count > 0 && station.Phones.Outbox().Any(m => m.Channel == "sms")), "the arming e-mail and SMS");
        return (station.Mailbox.Sent(), [.. station.Phones.Outbox().Where(m => m.Channel == "sms")]);
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public async Task The_arming_e_mail_and_SMS_are_French_by_default()
    {
        var (emails, texts) = await ArmPartialAsync(culture: null);
        var email = Assert.Single(emails);
        Assert.Equal("Vigie\u202f: alarme en service partiel", email.Subject);
        Assert.StartsWith("Vigie\u202f: l'alarme du ", email.Body, StringComparison.Ordinal);
        Assert.Contains("a été mise en service partielle le ", email.Body, StringComparison.Ordinal);
        // The subscriber asked from their own portal: never named by the account id the log keeps.
        Assert.Contains("depuis l'espace abonné.", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("SUB-MSG-1", email.Body, StringComparison.Ordinal);
        // The engine's fake clock starts on 23 November 2026, 10:00 in Paris: a French month, never a numeric date.
        Assert.Contains(" 23 nov. 2026 ", email.Body, StringComparison.Ordinal);
        // The SMS says the same in the GSM alphabet: no U+202F before its colon, so it is not sent as UCS-2.
        var sms = Assert.Single(texts);
        Assert.Equal(email.Body.Replace("Vigie\u202f: ", "Vigie - ", StringComparison.Ordinal), sms.Text);
        Assert.True(Gsm7.Fits(sms.Text), sms.Text);
        Assert.DoesNotContain("armed", sms.Text, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "RC-5")]
    [Trait("Rule", "SUP-3")]
    [InlineData("fr-FR")]
    [InlineData("en-GB")]
    public void Every_SMS_text_is_written_in_the_GSM_7_bit_alphabet(string culture)
    {
        var sms = new MessageTexts(culture).ForSms();
        // August: "août" has a letter outside the GSM alphabet.
        var august = Instant.FromUtc(2026, 8, 3, 4, 6);
        const string address = "3 rue des Lilas, 69003 Lyon";
        var texts = new List<string>();
        foreach (var mode in Enum.GetValues<ArmingMode>())
        {
            foreach (var channel in Enum.GetValues<Domain.Signals.ArmingChannel>())
            {
                foreach (var (asker, user) in new (RefusalValue, RefusalValue)[] { (new RefusalValue(), new RefusalValue()), (new RefusalValue(), 5), ("Mamie", new RefusalValue()) })
                {
                    var notice = new SubscriberNotified(SubscriberNotices.ArmingInformation, [Sites.Subscriber], [], App: false, "stored", "stored", august)
                    {
                        Facts = [address, mode.ToString(), august, channel.ToString(), asker, user],
                    };
                    texts.Add(NoticeTexts.Of(notice, sms).Text);
                }
            }
        }
        texts.Add(NoticeTexts.Of(new SubscriberNotified(SubscriberNotices.MainsCut, [Sites.Subscriber], [], App: false, "stored", "stored", august)
        {
            Facts = [address, august, Duration.FromMinutes(90)],
        }, sms).Text);

        Assert.All(texts, text => Assert.True(Gsm7.Fits(text), $"outside the GSM alphabet: {text}"));
        Assert.Contains(texts, t => t.Contains(culture == "fr-FR" ? " 3 aout 2026 " : " 3 Aug 2026 ", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public void The_arming_e_mail_keeps_French_typography_where_its_SMS_does_without()
    {
        var at = Instant.FromUtc(2026, 8, 3, 4, 6);
        var notice = new SubscriberNotified(SubscriberNotices.ArmingInformation, [Sites.Subscriber], ["camille@example.org"], App: false, "stored", "stored", at)
        {
            Facts = ["1 rue X", nameof(ArmingMode.Disarmed), at, nameof(Domain.Signals.ArmingChannel.VirtualRemote), "Mamie", new RefusalValue()],
        };
        var french = new MessageTexts("fr-FR");

        Assert.Equal("Vigie\u202f: l'alarme du 1 rue X a été mise à l'arrêt le 3 août 2026 06:06 par la télécommande virtuelle « Mamie ».", NoticeTexts.Of(notice, french).Text);
        Assert.Equal("Vigie - l'alarme du 1 rue X a été mise hors service le 3 aout 2026 06:06 par la télécommande virtuelle \"Mamie\".", NoticeTexts.Of(notice, french.ForSms()).Text);
        Assert.False(Gsm7.Fits(NoticeTexts.Of(notice, french).Text));
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public async Task The_arming_e_mail_and_SMS_are_English_when_the_station_writes_in_English()
    {
        var (emails, texts) = await ArmPartialAsync("en-GB");
        var email = Assert.Single(emails);
        Assert.Equal("Vigie: alarm armed partial", email.Subject);
        Assert.Contains("was armed partial on 23 Nov 2026 ", email.Body, StringComparison.Ordinal);
        Assert.Contains("from the portal.", email.Body, StringComparison.Ordinal);
        Assert.Contains("was armed partial", Assert.Single(texts).Text, StringComparison.Ordinal);
    }

    private static async Task<EngineUnderTest> StartAsync(string? culture) => await EngineUnderTest.StartAsync(configure: o =>
    {
        if (culture is not null)
        {
            o.MessageCulture = culture;
        }
    });

    [Theory]
    [Trait("Rule", "SUP-3")]
    [InlineData(null, "Vigie - coupure secteur au ", " depuis le 23 nov. 2026 10:00 (plus de 1 h 30 min). L'alarme fonctionne sur sa batterie.")]
    [InlineData("en-GB", "Vigie: mains power at ", " has been cut since 23 Nov 2026 10:00 (more than 1 h 30 min). The alarm runs on its battery.")]
    public async Task The_mains_cut_SMS_is_in_the_station_s_language(string? culture, string start, string end)
    {
        await using var station = await StartAsync(culture);
        await station.ProvisionAsync(Sites.Of("MSG-MC", "3102", OfferCode.ToutInclus));
        await using (var panel = station.Panel("3102"))
        {
            await station.SendAsync(panel, "AT");
        }
        station.Advance(Duration.FromMinutes(91)); // strictly longer than 1 h 30 (SUP-3)
        await EngineUnderTest.Until(() => Task.FromResult(station.Phones.Outbox().Any(m => m.Channel == "sms")), "the mains-cut SMS");
        var sms = Assert.Single(station.Phones.Outbox(), m => m.Channel == "sms").Text;
        Assert.StartsWith(start, sms, StringComparison.Ordinal);
        Assert.EndsWith(end, sms, StringComparison.Ordinal);
        // An SMS with a character outside the GSM alphabet is sent in UCS-2, at more than twice the cost.
        Assert.DoesNotContain('\u202f', sms);
    }

    [Theory]
    [InlineData(null, "Vigie\u202f: retour à la télésurveillance normale", "La période de maintenance au ", "(battery replacement) a pris fin le 23 nov. 2026 12:00\u202f: la télésurveillance a repris normalement.")]
    [InlineData("en-GB", "Vigie: telesurveillance back to normal", "The maintenance period at ", "(battery replacement) ended on 23 Nov 2026 12:00: telesurveillance is back to normal.")]
    public async Task The_end_of_a_test_period_is_e_mailed_in_the_station_s_language(string? culture, string subject, string start, string end)
    {
        await using var station = await StartAsync(culture);
        await station.ProvisionAsync(Sites.Of("MSG-OT", "3103", OfferCode.ToutInclus));
        var started = await station.Desk.SiteCommandAsync(new StartTestPeriod(TestPeriodKind.Maintenance, station.Now, station.Now + Duration.FromHours(2),
            "battery replacement", Actor.Operator("tech-paul"), station.Now), "MSG-OT");
        Assert.True(started.Accepted, started.Refusal?.Detail);
        station.Advance(Duration.FromHours(2));
        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Count > 0), "the subscriber e-mailed");
        var email = Assert.Single(station.Mailbox.Sent());
        Assert.Equal(subject, email.Subject);
        Assert.StartsWith(start, email.Body, StringComparison.Ordinal);
        Assert.EndsWith(end, email.Body, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "SUP-1")]
    [InlineData("fr-FR", "Vigie\u202f: le test quotidien de votre alarme n'a pas été reçu",
        "Le test quotidien du système d'alarme du 1 rue X n'a pas été reçu le 3 déc. 2026 05:06. Les tests n'ont pas encore repris\u202f: la station en cherche la cause et pourra vous contacter.")]
    [InlineData("en-GB", "Vigie: your alarm's daily test was not received",
        "The daily test of the alarm system at 1 rue X was not received on 3 Dec 2026 05:06. The tests have not resumed yet: the station is looking into it and may contact you.")]
    public void The_missed_cyclic_test_notice_is_written_from_its_facts(string culture, string subject, string text)
    {
        var missed = Instant.FromUtc(2026, 12, 3, 4, 6);
        var notice = new SubscriberNotified(SubscriberNotices.CyclicTestMissed, [], ["camille@example.org"], App: true, "stored subject", "stored text", missed)
        {
            Facts = ["1 rue X", missed, 0],
        };
        Assert.Equal((subject, text), NoticeTexts.Of(notice, new MessageTexts(culture)));
    }

    [Theory]
    [Trait("Rule", "ALR-5")]
    [InlineData("fr-FR", "Alerte Intrusion au 1 rue X\u202f: close par la station (Essai)")]
    [InlineData("en-GB", "Intrusion alert at 1 rue X: closed by the station (Test)")]
    public void The_INFO_Alertes_e_mail_of_an_incident_the_station_closed_is_written_from_its_facts(string culture, string text)
    {
        var email = new Domain.Incidents.InformationEmailSent(["camille@example.org"], "Intrusion alert at 1 rue X: closed by the station (Test)", Instant.FromUtc(2026, 12, 3, 4, 6))
        {
            Facts = [Domain.Incidents.Incident.InformationEmails.ClosedByStation, RefusalValue.Named(Domain.Incidents.Classification.Test)],
        };
        Assert.Equal(text, NoticeTexts.InformationEmail(email, Domain.Incidents.AlertKind.Intrusion, "1 rue X", new MessageTexts(culture)));
    }

    [Theory]
    [Trait("Rule", "ALR-5")]
    [InlineData(null, "Alerte Intrusion au ", "\u202f: acquittée par Neighbour (+33639982001)")]
    [InlineData("en-GB", "Intrusion alert at ", ": acknowledged by Neighbour (+33639982001)")]
    public async Task The_INFO_Alertes_e_mail_is_in_the_station_s_language(string? culture, string start, string end)
    {
        await using var station = await StartAsync(culture);
        await station.ProvisionAsync(Sites.Of("MSG-AL", "3104", OfferCode.ALaCarte));
        await using var panel = station.Panel("3104");
        await station.SendAsync(panel, "CL001");
        await station.SendAsync(panel, "BA012");
        station.Advance(Duration.FromSeconds(32));
        await station.RingingAsync(Sites.Subscriber);
        Assert.True((await station.Phones.RejectAsync(Sites.Subscriber, default)).Accepted);
        await station.RingingAsync(Sites.Neighbour);
        var answer = await station.Phones.AnswerAsync(Sites.Neighbour, "1234", default);
        Assert.True(answer.Accepted, answer.Problem);
        await EngineUnderTest.Until(() => Task.FromResult(station.Mailbox.Sent().Count > 0), "the information e-mail");
        var body = Assert.Single(station.Mailbox.Sent()).Body;
        Assert.StartsWith(start, body, StringComparison.Ordinal);
        Assert.EndsWith(end, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-FR", "Alerte Vigie\u202f: Intrusion au 1 rue X. Tapez votre code confidentiel")]
    [InlineData("en-GB", "Vigie alert: Intrusion at 1 rue X. Type your confidential code")]
    public void The_automatic_call_speaks_the_station_s_language(string culture, string start)
    {
        var texts = new MessageTexts(culture);
        Assert.StartsWith(start, texts.Text(MessageKind.InfoAlertesCall, texts.Word("AlertKind.Intrusion"), "1 rue X"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_language_the_station_does_not_write_is_refused_by_name()
    {
        var errors = new StationOptions { MessageCulture = "de-DE" }.Validate();
        Assert.Contains(errors, e => e.Contains("Engine:MessageCulture 'de-DE'", StringComparison.Ordinal));
    }
}
