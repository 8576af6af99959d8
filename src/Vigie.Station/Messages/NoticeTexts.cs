using Vigie.Domain;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;

namespace Vigie.Station.Messages;

/// <summary>A subscriber notice's subject and text in the station's message language, from its kind and facts.</summary>
public static class NoticeTexts
{
    public static (string Subject, string Text) Of(SubscriberNotified notice, MessageTexts texts) => notice.Notice switch
    {
        SubscriberNotices.ArmingInformation when notice.Facts.Count >= 6 => ArmingInformation(notice.Facts, texts),
        // Notices stored before they carried facts, and those not yet written from resources, keep their texts.
        _ => (notice.Subject, notice.Text),
    };

    private static (string, string) ArmingInformation(IReadOnlyList<RefusalValue> facts, MessageTexts texts)
    {
        var (address, mode, at, channel, asker, user) = (facts[0].Text, facts[1].Text, facts[2].At, facts[3].Text, facts[4].Text, facts[5].Number);
        var how = channel == nameof(Domain.Signals.ArmingChannel.VirtualRemote) && asker is not null ? string.Format(texts.Culture, texts.Word("how.virtualRemote"), asker)
            : asker is not null ? string.Format(texts.Culture, texts.Word("how.portal"), asker)
            : user is { } number ? string.Format(texts.Culture, texts.Word("how.user"), texts.Word($"ArmingChannel.{channel}"), number)
            : texts.Word($"ArmingChannel.{channel}");
        var when = at is { } instant ? texts.When(instant) : "";
        return (texts.Subject(MessageKind.ArmingInformation, texts.Word($"ArmingNotice.{mode}")),
            texts.Text(MessageKind.ArmingInformation, address, texts.Word($"ArmingMode.{mode}"), when, how));
    }
}
