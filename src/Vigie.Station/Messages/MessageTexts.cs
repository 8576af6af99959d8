using System.Globalization;
using System.Resources;
using NodaTime;

namespace Vigie.Station.Messages;

/// <summary>What a message to a person is about; its subject and text are looked up by it in MessageText(.fr).resx.</summary>
public enum MessageKind
{
    /// <summary>The site was armed or disarmed (RC-5): SMS, e-mail, app.</summary>
    ArmingInformation,
    /// <summary>An alert stopped by a disarm inside the window: voice message and e-mail.</summary>
    ImmediateStop,
    /// <summary>The automatic call of INFO Alertes (ALR-5): what the voice server says.</summary>
    InfoAlertesCall,
    /// <summary>The INFO Alertes information e-mail (ALR-5); its body by outcome, see <see cref="NoticeTexts.InformationEmail"/>.</summary>
    InfoAlertesEmail,
    /// <summary>The daily test did not come (SUP-1): e-mail and app.</summary>
    CyclicTestMissed,
    /// <summary>Mains cut past the delay (SUP-3): an SMS, so its French text avoids U+202F (outside the GSM alphabet).</summary>
    MainsCut,
    /// <summary>A camera's link still lost (SUP-4): app.</summary>
    CameraLinkLost,
    /// <summary>Time to test every detector (SUP-6): e-mail and app.</summary>
    DetectorTestReminder,
    /// <summary>A test or maintenance period is over: e-mail and app.</summary>
    TestPeriodEnded,
    /// <summary>Replace locks and keys in time after a lost device (INS-5): e-mail and app.</summary>
    KeyReplacementReminder,
}

/// <summary>
/// The texts people receive (e-mails, SMS, voice), in the station's message language (Engine:MessageCulture, French by
/// default): each from the resources by its <see cref="MessageKind"/>, never an English sentence built in code. Month
/// names come from the resources too, so the station writes French dates even where the process has no cultures.
/// </summary>
public sealed class MessageTexts
{
    private static readonly ResourceManager Resources = new("Vigie.Station.Messages.MessageText", typeof(MessageTexts).Assembly);
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public MessageTexts(StationOptions options) : this(options.MessageCulture)
    {
    }

    public MessageTexts(string culture) : this(culture, sms: false)
    {
    }

    private MessageTexts(string culture, bool sms)
    {
        Culture = CultureInfo.GetCultureInfo(culture);
        // The language itself ("fr"), not the region: where the process has no cultures (invariant globalization),
        // "fr-FR" has no parent to lead the lookup to the French resources.
        _language = CultureInfo.GetCultureInfo(culture.Split('-')[0]);
        _sms = sms;
    }

    private readonly CultureInfo _language;
    private readonly bool _sms;

    /// <summary>
    /// The same texts for an SMS: a key's "{key}.sms" variant where it has one, written in the GSM 7-bit alphabet
    /// (no U+202F, no « », no ê or û), so an SMS is not sent as UCS-2 and billed as two or three.
    /// </summary>
    public MessageTexts ForSms() => new(Culture.Name, sms: true);

    public CultureInfo Culture { get; }

    /// <summary>The language of the texts ("fr"), for names looked up in the other resources (the step texts).</summary>
    public CultureInfo Language => _language;

    public string Subject(MessageKind kind, params object?[] values) => Format($"{kind}.subject", values);

    public string Text(MessageKind kind, params object?[] values) => Format($"{kind}.text", values);

    /// <summary>A word of a message by its key (an arming mode, a channel, an alert kind).</summary>
    public string Word(string key) => Get(key);

    /// <summary>"3 déc. 2026 05:06" in Paris time.</summary>
    public string When(Instant at)
    {
        var local = at.InZone(Paris).LocalDateTime;
        var month = Get("months").Split('|')[local.Month - 1];
        return string.Create(CultureInfo.InvariantCulture, $"{local.Day} {month} {local.Year} {local.Hour:D2}:{local.Minute:D2}");
    }

    private string Get(string key) =>
        (_sms ? Resources.GetString(key + ".sms", _language) : null)
        ?? Resources.GetString(key, _language) ?? throw new InvalidOperationException($"no message text '{key}'");

    private string Format(string key, object?[] values) => string.Format(Culture, Get(key), values);
}
