using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Signals;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

/// <summary>
/// What a site does with supervision facts (SUP-1 … SUP-6): liveness changes and panel self-diagnosis become current
/// faults and one open technical incident; notices to the subscriber wait for their time (next working day, 1 h 30,
/// 30 min, every 3 months); a test or maintenance period records signals and raises nothing.
/// </summary>
public static partial class Site
{
    private static readonly LocalDateTimePattern LocalText = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");

    private static DateTimeZone ZoneOf(SiteDefinition site) => DateTimeZoneProviders.Tzdb[site.TimeZone];

    private static string Local(SiteDefinition site, Instant at) => LocalText.Format(at.InZone(ZoneOf(site)).LocalDateTime);

    private static Refusal UnknownProfile(string profile, EngineRules rules)
    {
        var known = string.Join(", ", rules.Supervision.Profiles.Select(p => p.Name));
        return Refusal.Invalid("supervisionProfile", RefusalCodes.SiteUnknownProfile, $"supervisionProfile '{profile}': not a supervision profile (known: {known})", profile, known);
    }

    private static Decision<SiteEvent> ChangeProfile(SiteDefinition site, ChangeSupervisionProfile c, EngineRules rules)
    {
        if (rules.Supervision.FindProfile(c.Profile) is not { } profile)
        {
            return Decision<SiteEvent>.Refuse(UnknownProfile(c.Profile, rules));
        }
        return profile.Name == site.SupervisionProfile
            ? Decision<SiteEvent>.Nothing
            : Decision<SiteEvent>.Accept(new SupervisionProfileChanged(profile.Name, c.At));
    }

    private static Decision<SiteEvent> ActivityDetection(SiteState state, SiteDefinition site, SetActivityDetection c)
    {
        if (site.Cameras.Count == 0)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteNoCamera, "activityDetection: the site has no camera (VID-11)"));
        }
        return state.ActivityDetection == c.On ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept(new ActivityDetectionChanged(c.On, c.At));
    }

    // ---- Faults and technical incidents ----

    /// <summary>Why a fault opens no incident now (not monitored yet, on test), or null.</summary>
    private static NotRaised? WhyNoIncident(SiteState state, Instant at) =>
        !state.SurveillanceActive ? NotRaised.NotStarted(state.MissingActivationSteps)
        : state.OnTest(at) is { } test ? NotRaised.OnTest(test)
        : null;

    /// <summary>Why a notice is not sent to the subscriber now, or null.</summary>
    private static NotRaised? WhyNoNotice(SiteState state, Instant at) => WhyNoIncident(state, at);

    /// <summary>
    /// The faults that call for a technical incident: what the station must repair (SUP-1, SUP-2), and a pro-video link loss
    /// while activity detection is on, following its schedule (SUP-5, VID-11).
    /// </summary>
    private static bool OpensIncident(SiteState state, SiteDefinition site, Offer offer, AlertKind kind, Instant at) => kind switch
    {
        AlertKind.SiteLost or AlertKind.PathLost or AlertKind.CyclicTestMissed or AlertKind.LowBattery or AlertKind.EquipmentFault => true,
        AlertKind.CameraLinkLost => offer.Code == OfferCode.ProVideo && Video.VideoRules.DetectionActive(state, site, at),
        _ => false,
    };

    private static List<SiteEvent> RaiseFault(SiteState state, SiteDefinition site, Offer offer, SiteFault fault, Instant at)
    {
        var events = new List<SiteEvent> { new FaultRaised(fault, at) };
        if (fault.GroupedIn is not null || !OpensIncident(state, site, offer, fault.Kind, at))
        {
            return events;
        }
        if (WhyNoIncident(state, at) is { } why)
        {
            events.Add(AlarmNotRaised.Because(fault.Kind, null, why, at));
            return events;
        }
        events.AddRange(OpenOrJoin(state, site, offer, [fault], state.IncidentCount + 1, at));
        return events;
    }

    /// <summary>One open technical incident per site (per family): later faults join it.</summary>
    private static IEnumerable<SiteEvent> OpenOrJoin(SiteState state, SiteDefinition site, Offer offer, IReadOnlyList<SiteFault> faults, int incidentNumber, Instant at)
    {
        var first = faults[0];
        if (state.OpenIncidents.TryGetValue(first.Kind.Family(), out var open))
        {
            return faults.Select(f => new FaultJoinedIncident(open, f.Key, f.Detail, at) { What = f.What });
        }
        var brief = Brief(state, site, offer, first.Kind, null, at, at, IncidentId(site, incidentNumber), [], raisedBy: null)! with
        {
            Faults = [.. faults.Select(f => new TechnicalFault(f.Key, f.Kind, f.Detail, f.Since) { What = f.What })],
        };
        return [new IncidentOpened(brief, at)];
    }

    /// <summary>The fault cleared, its incident told, and a pending mains or camera notice cancelled (SUP-3, SUP-4).</summary>
    private static IEnumerable<SiteEvent> ClearFault(SiteState state, SiteDefinition site, SiteFault fault, OutageRecord? outage, Instant at, EngineRules rules)
    {
        var incident = fault.IncidentId is { } id && state.OpenIncidents.ContainsValue(id) ? id : null;
        var lasted = at - fault.Since;
        yield return new FaultCleared(fault.Key, fault.Kind, lasted, outage, incident, fault.GroupedIn, at);
        foreach (var notice in state.Notices.Where(n => n.FaultKey == fault.Key && n.Notice is SubscriberNotices.MainsCut or SubscriberNotices.CameraLinkLost))
        {
            var delay = notice.Notice == SubscriberNotices.MainsCut ? rules.Supervision.MainsCutSmsDelay : rules.Supervision.CameraLinkLossNotificationDelay;
            var rule = notice.Notice == SubscriberNotices.MainsCut ? "SUP-3" : "SUP-4";
            yield return new NoticeCancelled(notice.NoticeId, notice.Notice,
                $"back after {Durations.Describe(lasted)}, within the {Durations.Describe(delay)} delay ({rule})", at)
            {
                Why = Step.Of("NoticeCancelled.BackInTime", lasted, delay, rule),
            };
        }
    }

    /// <summary>The faults with these keys now followed by <paramref name="incidentId"/>.</summary>
    private static ImmutableDictionary<string, SiteFault> Link(ImmutableDictionary<string, SiteFault> faults, IEnumerable<string> keys, string incidentId) =>
        faults.SetItems(keys.Where(faults.ContainsKey).Select(k => KeyValuePair.Create(k, faults[k] with { IncidentId = incidentId })));

    private static ImmutableList<OutageRecord> Bounded(ImmutableList<OutageRecord> outages, int kept) =>
        outages.Count > kept ? outages.RemoveRange(0, outages.Count - kept) : outages;

    // ---- Liveness (SUP-1) ----

    private static Decision<SiteEvent> Liveness(SiteState state, SiteDefinition site, Offer offer, NoteLiveness c, EngineRules rules)
    {
        var change = c.Change;
        if (change.SiteId != site.SiteId)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("change.siteId", RefusalCodes.SiteLivenessOtherSite, $"change.siteId: {change.SiteId} is not this site ({site.SiteId})", change.SiteId, site.SiteId));
        }
        if (change.Kind is LivenessChangeKind.PathLost or LivenessChangeKind.PathRestored && change.Path is null)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("change.path", RefusalCodes.SiteLivenessPathMissing, "change.path: a path change names its path"));
        }
        var key = change.Kind switch
        {
            LivenessChangeKind.SiteLost or LivenessChangeKind.SiteRestored => FaultKeys.Site,
            LivenessChangeKind.PathLost or LivenessChangeKind.PathRestored => FaultKeys.Path(change.Path!.Value),
            LivenessChangeKind.CyclicTestMissed or LivenessChangeKind.CyclicTestResumed => FaultKeys.CyclicTest,
        };
        if (!change.IsLoss)
        {
            if (!state.Faults.TryGetValue(key, out var current))
            {
                return Decision<SiteEvent>.Nothing;
            }
            OutageRecord? outage = change.Kind is LivenessChangeKind.PathRestored or LivenessChangeKind.SiteRestored
                ? new OutageRecord(key, current.Kind, change.Path, change.LastHeard, change.At, change.At - change.LastHeard)
                : null;
            return Decision<SiteEvent>.Accept([.. ClearFault(state, site, current, outage, change.At, rules)]);
        }
        if (state.Faults.ContainsKey(key))
        {
            return Decision<SiteEvent>.Nothing; // reported already
        }
        var since = Local(site, change.LastHeard);
        var path = change.Path == TransmissionKind.Ip ? "IP" : "GSM";
        var (kind, detail, what) = change.Kind switch
        {
            LivenessChangeKind.SiteLost => (AlertKind.SiteLost, $"nothing heard from the site on any path since {since}", Step.Of("Fault.SiteLost", change.LastHeard)),
            LivenessChangeKind.PathLost => (AlertKind.PathLost, $"{path} path silent since {since}", Step.Of("Fault.PathLost", path, change.LastHeard)),
            _ => (AlertKind.CyclicTestMissed, $"cyclic test missed (last test {since}, due {Local(site, change.Due)})", Step.Of("Fault.CyclicTestMissed", change.LastHeard, change.Due)),
        };
        var events = RaiseFault(state, site, offer, new SiteFault(key, kind, change.LastHeard, detail, GroupedIn: c.GroupedIn) { What = what }, change.At);
        if (change.Kind == LivenessChangeKind.CyclicTestMissed)
        {
            events.AddRange(CyclicTestNotice(events.Aggregate(state, (s, e) => Evolve(s, e, rules)), site, change.At, rules));
        }
        return Decision<SiteEvent>.Accept(events);
    }

    /// <summary>
    /// SUP-1: the subscriber hears of a missed test at the latest on the first working day after it: the same day from
    /// 09:00 when the miss is on a working day before 18:00, otherwise at 09:00 on the first working day after.
    /// </summary>
    private static IEnumerable<SiteEvent> CyclicTestNotice(SiteState state, SiteDefinition site, Instant missedAt, EngineRules rules)
    {
        if (WhyNoNotice(state, missedAt) is { } why)
        {
            yield return NoticeNotSent.Because(SubscriberNotices.CyclicTestMissed, why, missedAt);
            yield break;
        }
        var notice = new PendingNotice(NoticeId(site, state.NoticeCount + 1), SubscriberNotices.CyclicTestMissed,
            rules.Supervision.NoticeDue(missedAt, ZoneOf(site)), FaultKeys.CyclicTest, missedAt);
        if (notice.Due <= missedAt)
        {
            yield return Notify(state, site, notice.Notice, notice.Since, missedAt, rules);
            yield break;
        }
        yield return new NoticeScheduled(notice, missedAt);
    }

    private static string NoticeId(SiteDefinition site, int number) => string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-N{number:D4}");

    // ---- Panel self-diagnosis (SUP-2) and mains (SUP-3) ----

    private static List<SiteEvent> PanelDiagnosis(SiteState state, SiteDefinition site, Offer offer, SiteSignal signal, Instant at, EngineRules rules)
    {
        var named = signal.Zone is { } n ? site.FindZone(n) : null;
        var where = signal.Zone is { } z ? $" in zone {z}" + (named is { } zone ? $" ({zone.Name})" : "") : " (panel)";
        var place = signal.Zone is { } number ? (named is { } found ? Step.Of("Fault.Zone.Named", number, found.Name) : Step.Of("Fault.Zone", number)) : Step.Of("Fault.Panel");
        switch (signal.Kind)
        {
            case SignalKind.LowBattery when !state.Faults.ContainsKey(FaultKeys.Battery(signal.Zone)):
                return RaiseFault(state, site, offer, new SiteFault(FaultKeys.Battery(signal.Zone), AlertKind.LowBattery, at, $"low battery{where}")
                {
                    What = Step.Of("Fault.LowBattery", place),
                }, at);
            case SignalKind.Fault when !state.Faults.ContainsKey(FaultKeys.Equipment(signal.Zone)):
                return RaiseFault(state, site, offer, new SiteFault(FaultKeys.Equipment(signal.Zone), AlertKind.EquipmentFault, at, $"equipment fault{where}: {signal.Label}")
                {
                    What = Step.Of("Fault.EquipmentFault", place, StepValue.OfSignal(signal.Code, signal.Label)),
                }, at);
            case SignalKind.BatteryRestored when state.Faults.TryGetValue(FaultKeys.Battery(signal.Zone), out var battery):
                return [.. ClearFault(state, site, battery, null, at, rules)];
            case SignalKind.FaultRestored when state.Faults.TryGetValue(FaultKeys.Equipment(signal.Zone), out var fault):
                return [.. ClearFault(state, site, fault, null, at, rules)];
            case SignalKind.MainsLost when !state.Faults.ContainsKey(FaultKeys.Mains):
                return MainsCut(state, site, at, rules);
            case SignalKind.MainsRestored when state.Faults.TryGetValue(FaultKeys.Mains, out var mains):
                return [.. ClearFault(state, site, mains, null, at, rules)];
            default:
                return [];
        }
    }

    /// <summary>SUP-3: a cut still on after the delay sends one SMS to the subscriber's mobiles, only for sites with GSM.</summary>
    private static List<SiteEvent> MainsCut(SiteState state, SiteDefinition site, Instant at, EngineRules rules)
    {
        var cut = new SiteFault(FaultKeys.Mains, AlertKind.MainsFailure, at, "mains power cut: the panel runs on its battery") { What = Step.Of("Fault.MainsCut") };
        var events = new List<SiteEvent> { new FaultRaised(cut, at) };
        var why = WhyNoNotice(state, at)
            ?? (!site.Panel.HasGsm ? NotRaised.NoGsm
            : !site.Instructions.SubscriberPhones.Any(p => p.IsMobile) ? NotRaised.NoMobile
            : null);
        events.Add(why is null
            ? new NoticeScheduled(new PendingNotice(NoticeId(site, state.NoticeCount + 1), SubscriberNotices.MainsCut, at + rules.Supervision.MainsCutSmsDelay + StrictlyLonger, FaultKeys.Mains, at), at)
            : NoticeNotSent.Because(SubscriberNotices.MainsCut, why, at));
        return events;
    }

    /// <summary>
    /// SUP-3 says "strictly longer than 1 h 30": a cut that lasts exactly the delay sends nothing, so the SMS is due one
    /// millisecond (the resolution of reception times) after it.
    /// </summary>
    private static readonly Duration StrictlyLonger = Duration.FromMilliseconds(1);

    // ---- Cameras (SUP-4, SUP-5) ----

    private static Decision<SiteEvent> CameraLink(SiteState state, SiteDefinition site, Offer offer, NoteCameraLink c, EngineRules rules)
    {
        if (site.Cameras.FirstOrDefault(k => k.Id == c.CameraId) is not { } camera)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("cameraId", RefusalCodes.SiteCameraNotFound, $"cameraId: no camera '{c.CameraId}' on site {site.SiteId}", c.CameraId, site.SiteId));
        }
        var key = FaultKeys.Camera(camera.Id);
        var current = state.Faults.GetValueOrDefault(key);
        if (!c.Lost)
        {
            return current is null ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept([.. ClearFault(state, site, current, null, c.At, rules)]);
        }
        if (current is not null)
        {
            // Lost again while lost: a repeated alert matters only to a pro-video incident waiting for it (SUP-5).
            return current.IncidentId is { } open && state.OpenIncidents.ContainsValue(open)
                ? Decision<SiteEvent>.Accept(new FaultJoinedIncident(open, key, $"camera {camera.Name}: link-loss alert again", c.At)
                {
                    What = Step.Of("Fault.CameraLinkLostAgain", camera.Name),
                })
                : Decision<SiteEvent>.Nothing;
        }
        // The station is informed (the fault); the app hears of it if the link is still lost after the delay (SUP-4).
        var events = RaiseFault(state, site, offer, new SiteFault(key, AlertKind.CameraLinkLost, c.At, $"camera {camera.Name} ({camera.Id}): link lost")
        {
            What = Step.Of("Fault.CameraLinkLost", camera.Name, camera.Id),
        }, c.At);
        events.Add(WhyNoNotice(state, c.At) is { } why
            ? NoticeNotSent.Because(SubscriberNotices.CameraLinkLost, why, c.At)
            : new NoticeScheduled(new PendingNotice(NoticeId(site, state.NoticeCount + 1), SubscriberNotices.CameraLinkLost,
                c.At + rules.Supervision.CameraLinkLossNotificationDelay, key, c.At), c.At));
        return Decision<SiteEvent>.Accept(events);
    }

    // ---- Test and maintenance periods ----

    private static Decision<SiteEvent> StartTest(SiteState state, SiteDefinition site, StartTestPeriod c, EngineRules rules)
    {
        var max = rules.Supervision.TestPeriodMaxLength;
        var why = string.IsNullOrWhiteSpace(c.Reason) ? Refusal.Invalid("reason", RefusalCodes.SiteTestReasonMissing, "reason: say why the site goes on test")
            : c.End <= c.Start ? Refusal.Invalid("end", RefusalCodes.SiteTestEndBeforeStart, "end: must be after start")
            : c.End - c.Start > max ? Refusal.Invalid("end", RefusalCodes.SiteTestTooLong, $"end: a test period lasts at most {Durations.Describe(max)}", max)
            : c.End <= c.At ? Refusal.Invalid("end", RefusalCodes.SiteTestOver, "end: the period would be over already")
            : state.TestPeriod is { } set ? Refusal.Conflict(RefusalCodes.SiteTestAlreadySet, $"a test period is already set ({set.PeriodId}, {set.Start} – {set.End}): end it first", set.PeriodId, set.Start, set.End)
            : null;
        if (why is not null)
        {
            return Decision<SiteEvent>.Refuse(why);
        }
        var id = string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-T{state.TestPeriodCount + 1:D3}");
        return Decision<SiteEvent>.Accept(new TestPeriodScheduled(new TestPeriod(id, c.Kind, c.Start, c.End, c.Reason.Trim(), c.By.ToString()), c.At));
    }

    private static Decision<SiteEvent> EndTest(SiteState state, SiteDefinition site, Offer offer, EndTestPeriod c, EngineRules rules)
    {
        if (state.TestPeriod is not { } period)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteNoTestPeriod, "no test period is set on this site"));
        }
        return Decision<SiteEvent>.Accept([.. TestEnd(state, site, offer, period, early: true, c.Note?.Trim(), c.At, rules)]);
    }

    /// <summary>
    /// The end of a test period: announced on the console, and to the subscriber by email and app with the technician's
    /// note (the site was not watched: they should know it is again). Faults still current open their incident now.
    /// </summary>
    private static List<SiteEvent> TestEnd(SiteState state, SiteDefinition site, Offer offer, TestPeriod period, bool early, string? note, Instant at, EngineRules rules)
    {
        var ended = new TestPeriodEnded(period, early, note is { Length: > 0 } ? note : null, at);
        var events = new List<SiteEvent> { ended };
        if (ended.Cancelled)
        {
            return events;
        }
        var after = Evolve(state, ended, rules);
        events.Add(Notify(after, site, SubscriberNotices.TestPeriodEnded, period.Start, at, rules, period, ended.Note));
        if (after.SurveillanceActive)
        {
            var number = after.IncidentCount;
            foreach (var family in after.Faults.Values
                .Where(f => f.IncidentId is null && f.GroupedIn is null && OpensIncident(after, site, offer, f.Kind, at))
                .OrderBy(f => f.Since).GroupBy(f => f.Kind.Family()))
            {
                var opened = OpenOrJoin(after, site, offer, [.. family], after.OpenIncidents.ContainsKey(family.Key) ? number : ++number, at).ToList();
                events.AddRange(opened);
            }
        }
        return events;
    }

    // ---- Deadlines ----

    private static IEnumerable<SiteEvent> SupervisionTick(SiteState state, SiteDefinition site, Offer offer, Instant now, EngineRules rules)
    {
        foreach (var notice in state.Notices.Where(n => n.Due <= now))
        {
            yield return Notify(state, site, notice.Notice, notice.Since, notice.Due, rules, faultKey: notice.FaultKey) with { NoticeId = notice.NoticeId };
        }
        if (state.NextDetectorTestReminder is { } reminder && reminder <= now)
        {
            yield return Notify(state, site, SubscriberNotices.DetectorTestReminder, reminder, reminder, rules);
            var number = state.DetectorTestReminderNumber + 1;
            var zone = ZoneOf(site);
            while (rules.Supervision.DetectorTestReminderDue(state.SurveillanceSince!.Value, number, zone) <= now)
            {
                number++; // the station was down past a reminder: one is enough
            }
            yield return new DetectorTestReminderScheduled(number, rules.Supervision.DetectorTestReminderDue(state.SurveillanceSince.Value, number, zone), now);
        }
        if (state.TestPeriod is { } period && period.End <= now)
        {
            foreach (var e in TestEnd(state, site, offer, period, early: false, null, period.End, rules))
            {
                yield return e;
            }
        }
    }
}
