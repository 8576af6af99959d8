using NodaTime;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

public static partial class Site
{
    // ---- Notices (one event type for the outbox) ----

    private static SubscriberNotified Notify(SiteState state, SiteDefinition site, string notice, Instant since, Instant at, EngineRules rules,
        TestPeriod? period = null, string? note = null, string? faultKey = null)
    {
        var address = site.Address.ToString();
        var emails = site.Instructions.Emails;
        switch (notice)
        {
            case SubscriberNotices.CyclicTestMissed:
                var resumed = !state.Faults.TryGetValue(FaultKeys.CyclicTest, out var miss) || miss.Since > since;
                return new SubscriberNotified(notice, [], emails, App: true, "Vigie: your alarm's daily test was not received",
                    $"The daily test of the alarm system at {address} was not received on {Local(site, since)}. " +
                    (resumed ? "The tests have resumed since: nothing is needed from you." : "The tests have not resumed yet: the station is looking into it and may contact you."), at)
                {
                    Facts = [address, since, resumed ? 1 : 0],
                };
            case SubscriberNotices.MainsCut:
                // One number: the subscriber's own mobile, the first of their numbers that is one (SUP-3).
                var mobiles = site.Instructions.SubscriberPhones.Where(p => p.IsMobile).Take(1).ToList();
                return new SubscriberNotified(notice, mobiles, [], App: false, "Vigie: mains power cut",
                    $"Vigie: mains power at {address} has been cut since {Local(site, since)} (more than {Durations.Describe(rules.Supervision.MainsCutSmsDelay)}). The alarm runs on its battery.", at)
                {
                    Facts = [address, since, rules.Supervision.MainsCutSmsDelay],
                };
            case SubscriberNotices.CameraLinkLost:
                var camera = faultKey?.Split(':', 2)[^1];
                var name = site.Cameras.FirstOrDefault(c => c.Id == camera)?.Name ?? camera;
                return new SubscriberNotified(notice, [], [], App: true, "Vigie: camera link lost",
                    $"Camera {name} at {address} has not been reachable since {Local(site, since)}. Check its power and network connection.", at)
                {
                    Facts = [address, since, name ?? ""],
                };
            case SubscriberNotices.DetectorTestReminder:
                return new SubscriberNotified(notice, [], emails, App: true, "Vigie: time to test your detectors",
                    $"Please test every detector of the alarm system at {address}: it should be done at least every {rules.Supervision.DetectorTestReminderMonths} months. " +
                    "Put the site on test with the station first, trigger each detector, then end the test.", at)
                {
                    Facts = [address, rules.Supervision.DetectorTestReminderMonths],
                };
            case SubscriberNotices.TestPeriodEnded:
                var what = period?.Kind == TestPeriodKind.Maintenance ? "maintenance" : "test";
                return new SubscriberNotified(notice, [], emails, App: true, "Vigie: telesurveillance back to normal",
                    $"The {what} period at {address} ({period?.Reason}) ended on {Local(site, at)}: telesurveillance is back to normal." +
                    (note is { Length: > 0 } ? $" Technician's note: {note}" : ""), at)
                {
                    Facts = [address, RefusalValue.Named(period?.Kind ?? TestPeriodKind.OnTest), period?.Reason ?? "", at, note ?? ""],
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(notice), notice, "unknown notice");
        }
    }
}
