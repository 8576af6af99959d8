namespace Vigie.Domain.Supervision;

/// <summary>What a <see cref="Sites.SubscriberNotified"/> is about: the station picks templates by these names, never by rule.</summary>
public static class SubscriberNotices
{
    /// <summary>The daily test did not come (SUP-1). Facts: address, when the test was missed, 1 when the tests have resumed since (else 0).</summary>
    public const string CyclicTestMissed = "cyclic-test-missed";
    /// <summary>Mains cut for longer than the delay: one SMS (SUP-3). Facts: address, since when, the delay (a duration).</summary>
    public const string MainsCut = "mains-cut";
    /// <summary>A camera's link still lost after the delay: app notification (SUP-4). Facts: address, since when, the camera's name.</summary>
    public const string CameraLinkLost = "camera-link-lost";
    /// <summary>Test every detector (SUP-6). Facts: address, every how many months.</summary>
    public const string DetectorTestReminder = "detector-test-reminder";
    /// <summary>A test or maintenance period is over: surveillance back to normal. Facts: address, the period's kind (named <see cref="Sites.TestPeriodKind"/>), its reason, when it ended, the technician's note (or empty).</summary>
    public const string TestPeriodEnded = "test-period-ended";
    /// <summary>
    /// The site was armed or disarmed, by the subscriber's choice of channels (RC-5). Facts: address, mode
    /// (<see cref="Sites.ArmingMode"/> name), when, channel (<see cref="Signals.ArmingChannel"/> name), who asked (the
    /// portal's requester or the virtual remote's name; none from the panel), the panel's user number (or none).
    /// </summary>
    public const string ArmingInformation = "arming-information";
    /// <summary>A lost or stolen device was reported: replace locks and keys in time (INS-5). Facts: address, the device (named <see cref="Sites.LostDeviceKind"/>), its description, noticed when, within how many hours, replace by when, the insurer's name, policy and assistance phone (each empty when unknown); for a phone that held a virtual remote, the remote's id, its name and the reason (named <see cref="Sites.RevocationReason"/>), which the description is written from.</summary>
    public const string KeyReplacementReminder = "key-replacement-reminder";

    /// <summary>The notice a stored name means, or null for a name this version does not know.</summary>
    public static SubscriberNotice? Kind(string notice) => notice switch
    {
        CyclicTestMissed => SubscriberNotice.CyclicTestMissed,
        MainsCut => SubscriberNotice.MainsCut,
        CameraLinkLost => SubscriberNotice.CameraLinkLost,
        DetectorTestReminder => SubscriberNotice.DetectorTestReminder,
        TestPeriodEnded => SubscriberNotice.TestPeriodEnded,
        ArmingInformation => SubscriberNotice.ArmingInformation,
        KeyReplacementReminder => SubscriberNotice.KeyReplacementReminder,
        _ => null,
    };
}

/// <summary>The notices of <see cref="SubscriberNotices"/> as values a reader's text names (<c>SubscriberNotice.MainsCut</c>).</summary>
public enum SubscriberNotice
{
    CyclicTestMissed,
    MainsCut,
    CameraLinkLost,
    DetectorTestReminder,
    TestPeriodEnded,
    ArmingInformation,
    KeyReplacementReminder,
}
