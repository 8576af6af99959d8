using Vigie.Domain;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
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
        Assert.Contains("depuis l'espace abonné par subscriber:SUB-MSG-1", email.Body, StringComparison.Ordinal);
        // The engine's fake clock starts on 23 November 2026, 10:00 in Paris: a French month, never a numeric date.
        Assert.Contains(" 23 nov. 2026 ", email.Body, StringComparison.Ordinal);
        var sms = Assert.Single(texts);
        Assert.Equal(email.Body, sms.Text);
        Assert.DoesNotContain("armed", sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "RC-5")]
    public async Task The_arming_e_mail_and_SMS_are_English_when_the_station_writes_in_English()
    {
        var (emails, texts) = await ArmPartialAsync("en-GB");
        var email = Assert.Single(emails);
        Assert.Equal("Vigie: alarm armed partial", email.Subject);
        Assert.Contains("was armed partial on 23 Nov 2026 ", email.Body, StringComparison.Ordinal);
        Assert.Contains("from the portal by subscriber:SUB-MSG-1", email.Body, StringComparison.Ordinal);
        Assert.Contains("was armed partial", Assert.Single(texts).Text, StringComparison.Ordinal);
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
