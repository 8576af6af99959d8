using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Station.Texts;

namespace Vigie.Station.Messages;

/// <summary>A subscriber notice's subject and text in the station's message language, from its kind and facts.</summary>
public static class NoticeTexts
{
    public static (string Subject, string Text) Of(SubscriberNotified notice, MessageTexts texts) => (notice.Notice, notice.Facts) switch
    {
        (SubscriberNotices.ArmingInformation, { Count: >= 6 } facts) => ArmingInformation(facts, texts),
        (SubscriberNotices.CyclicTestMissed, { Count: >= 3 } facts) => (texts.Subject(MessageKind.CyclicTestMissed),
            texts.Text(MessageKind.CyclicTestMissed, facts[0].Text, When(facts[1], texts),
                texts.Word(facts[2].Number == 1 ? "CyclicTestMissed.resumed" : "CyclicTestMissed.notResumed"))),
        (SubscriberNotices.MainsCut, { Count: >= 3 } facts) => (texts.Subject(MessageKind.MainsCut),
            texts.Text(MessageKind.MainsCut, facts[0].Text, When(facts[1], texts), Span(facts[2].Span ?? Duration.Zero, texts))),
        (SubscriberNotices.CameraLinkLost, { Count: >= 3 } facts) => (texts.Subject(MessageKind.CameraLinkLost),
            texts.Text(MessageKind.CameraLinkLost, facts[0].Text, When(facts[1], texts), facts[2].Text)),
        (SubscriberNotices.DetectorTestReminder, { Count: >= 2 } facts) => (texts.Subject(MessageKind.DetectorTestReminder),
            texts.Text(MessageKind.DetectorTestReminder, facts[0].Text, facts[1].Number)),
        (SubscriberNotices.TestPeriodEnded, { Count: >= 5 } facts) => (texts.Subject(MessageKind.TestPeriodEnded),
            texts.Text(MessageKind.TestPeriodEnded, facts[0].Text, texts.Word(facts[1].Name ?? "TestPeriodKind.OnTest"), facts[2].Text,
                When(facts[3], texts), facts[4].Text is { Length: > 0 } note ? string.Format(texts.Culture, texts.Word("TestPeriodEnded.note"), note) : "")),
        (SubscriberNotices.KeyReplacementReminder, { Count: >= 9 } facts) => KeyReplacementReminder(facts, texts),
        // Notices stored before they carried facts keep their texts.
        _ => (notice.Subject, notice.Text),
    };

    /// <summary>The INFO Alertes information e-mail's body (ALR-5, ALR-19); the English summary for e-mails stored before their facts.</summary>
    public static string InformationEmail(InformationEmailSent email, AlertKind kind, string address, MessageTexts texts)
    {
        var what = texts.Word($"AlertKind.{kind}");
        return email.Facts switch
        {
            [{ Text: Incident.InformationEmails.Unacknowledged }, var calls, ..] =>
                string.Format(texts.Culture, texts.Word("InfoAlertesEmail.unacknowledged"), what, address, calls.Number),
            [{ Text: Incident.InformationEmails.Acknowledged }, var who, var phone, var agent, ..] =>
                string.Format(texts.Culture, texts.Word("InfoAlertesEmail.acknowledged"), what, address, who.Text, phone.Text,
                    agent.Number == 1 ? texts.Word("InfoAlertesEmail.agent") : ""),
            [{ Text: Incident.InformationEmails.ClosedByStation }, var classification, ..] =>
                string.Format(texts.Culture, texts.Word("InfoAlertesEmail.closed"), what, address, StepText.Name(classification.Name ?? "Classification.Unknown", texts.Language)),
            _ => email.Summary,
        };
    }

    private static (string, string) ArmingInformation(IReadOnlyList<RefusalValue> facts, MessageTexts texts)
    {
        var (address, mode, at, channel, asker, user) = (facts[0].Text, facts[1].Text, facts[2].At, facts[3].Text, facts[4].Text, facts[5].Number);
        var how = channel == nameof(Domain.Signals.ArmingChannel.VirtualRemote) && asker is not null ? string.Format(texts.Culture, texts.Word("how.virtualRemote"), asker)
            // The subscriber asking from their own portal is not named by their account id; anyone else is named.
            : asker is not null && asker.StartsWith("subscriber:", StringComparison.Ordinal) ? texts.Word("ArmingChannel.RemoteControl")
            : asker is not null ? string.Format(texts.Culture, texts.Word("how.portal"), Texts.StepText.Actor(asker, texts.Culture))
            : user is { } number ? string.Format(texts.Culture, texts.Word("how.user"), texts.Word($"ArmingChannel.{channel}"), number)
            : texts.Word($"ArmingChannel.{channel}");
        var when = at is { } instant ? texts.When(instant) : "";
        return (texts.Subject(MessageKind.ArmingInformation, texts.Word($"ArmingNotice.{mode}")),
            texts.Text(MessageKind.ArmingInformation, address, texts.Word($"ArmingMode.{mode}"), when, how));
    }

    private static (string, string) KeyReplacementReminder(IReadOnlyList<RefusalValue> facts, MessageTexts texts)
    {
        var (insurer, policy, assistance) = (facts[6].Text, facts[7].Text, facts[8].Text);
        var insurerText = insurer is { Length: > 0 }
            ? string.Format(texts.Culture, texts.Word("KeyReplacementReminder.insurer"), insurer,
                policy is { Length: > 0 } ? string.Format(texts.Culture, texts.Word("KeyReplacementReminder.policy"), policy) : "",
                assistance is { Length: > 0 } ? string.Format(texts.Culture, texts.Word("KeyReplacementReminder.assistance"), assistance) : "")
            : "";
        var replaceBy = When(facts[5], texts);
        // A revoked remote's phone is described from its facts; a device a person described, as they wrote it.
        var description = facts is { Count: >= 12 } && facts[11].Name is { } reason
            ? string.Format(texts.Culture, texts.Word("LostRemotePhone." + reason[(reason.IndexOf('.', StringComparison.Ordinal) + 1)..]), facts[9].Text, facts[10].Text)
            : facts[2].Text;
        return (texts.Subject(MessageKind.KeyReplacementReminder, replaceBy),
            texts.Text(MessageKind.KeyReplacementReminder, facts[0].Text, texts.Word(facts[1].Name ?? "LostDeviceKind.Keys"), description,
                When(facts[3], texts), facts[4].Number, replaceBy, insurerText));
    }

    private static string When(RefusalValue at, MessageTexts texts) => at.At is { } instant ? texts.When(instant) : "";

    /// <summary>A delay in hours and minutes ("1 h 30 min"), to the minute.</summary>
    private static string Span(Duration span, MessageTexts texts)
    {
        var minutes = (long)span.TotalMinutes;
        var (hours, rest) = (minutes / 60, minutes % 60);
        return hours == 0 ? string.Format(texts.Culture, texts.Word("duration.minutes"), rest)
            : rest == 0 ? string.Format(texts.Culture, texts.Word("duration.hours"), hours)
            : string.Format(texts.Culture, texts.Word("duration.hoursMinutes"), hours, rest);
    }
}
