using System.Globalization;
using Microsoft.Extensions.Localization;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Station.Engine;
using Vigie.Station.Messages;
using Vigie.Station.Texts;

namespace Vigie.Web.Portal;

/// <summary>One line of the portal's history: when, what (in the subscriber's language), who, and how.</summary>
public sealed record PortalHistoryLine(Instant At, string What, string Who, string? How, bool Arming);

/// <summary>The portal's words for domain values and site events, in the subscriber's language.</summary>
public static class PortalWords
{
    public static string When(Instant at) => Console.Words.When(at);

    /// <summary>How long an outage lasted, as people say it: "45 s", "12 min", "2 h 05", "3 j 4 h".</summary>
    public static string Lasted(this IStringLocalizer<PortalText> t, Duration lasted)
    {
        if (lasted < Duration.FromMinutes(1))
        {
            return t["lasted.seconds", Math.Max(0, (int)lasted.TotalSeconds)];
        }
        if (lasted < Duration.FromHours(1))
        {
            return t["lasted.minutes", (int)lasted.TotalMinutes];
        }
        if (lasted < Duration.FromDays(1))
        {
            return t["lasted.hours", (int)lasted.TotalHours, lasted.Minutes.ToString("00", CultureInfo.InvariantCulture)];
        }
        return t["lasted.days", (int)lasted.TotalDays, lasted.Hours];
    }

    public static string Mode(this IStringLocalizer<PortalText> t, ArmingMode mode) => t[$"ArmingMode.{mode}"];

    public static string Channel(this IStringLocalizer<PortalText> t, ArmingChannel channel) => t[$"ArmingChannel.{channel}"];

    /// <summary>"you", "panel 1001", "the station": who the log names, as a subscriber reads it.</summary>
    public static string Who(this IStringLocalizer<PortalText> t, string actor, string? me)
    {
        Actor parsed;
        try
        {
            parsed = Actor.Parse(actor);
        }
        catch (FormatException)
        {
            return actor;
        }
        return parsed.Kind switch
        {
            ActorKind.Subscriber when parsed.Id == me => t["who.you"],
            ActorKind.Panel => t["who.panel"],
            ActorKind.Clock or ActorKind.System => t["who.station"],
            ActorKind.Operator or ActorKind.Supervisor => t["who.operator", parsed.Id],
            _ => t[$"who.{parsed.Kind}", parsed.Id],
        };
    }

    /// <summary>
    /// The history as the subscriber reads it: what changed, who, how (the channel of an arm or disarm). The
    /// station's bookkeeping (signal copies, notices scheduled, charges of an incident) stays out.
    /// </summary>
    public static IReadOnlyList<PortalHistoryLine> History(this IStringLocalizer<PortalText> t, IEnumerable<SiteHistoryEntry> entries, string? me)
    {
        var lines = new List<PortalHistoryLine>();
        foreach (var entry in entries)
        {
            // A duress alarm is silent (ALR-13): whoever forced the disarm may be reading this page.
            if (entry.Event is AlertRaised { Kind: Domain.Incidents.AlertKind.Duress } or IncidentOpened { Brief.Kind: Domain.Incidents.AlertKind.Duress })
            {
                continue;
            }
            var who = t.Who(entry.Actor, me);
            PortalHistoryLine? line = entry.Event switch
            {
                // Confirming a remote request: the one who asked is who did it; the panel only carried it out.
                ArmingChanged a => new(a.At, t.Mode(a.Mode) + (a.RemoteName is { } remote ? $" — {remote}" : a.User is { } u ? " " + t["history.user", u] : ""),
                    a.RequestedBy is { } asked ? t.Who(asked, me) : who, t.Channel(a.Channel), true),
                AlertRaised r => new(r.At, t["history.alert", t[$"AlertKind.{r.Kind}"], r.Zone?.ToString(CultureInfo.CurrentCulture) ?? "—"], who, null, false),
                AlertCancelled c => new(c.At, t["history.alertCancelled", (int)c.AfterAlert.TotalSeconds], who, t.Channel(c.Channel), false),
                IncidentOpened o => new(o.At, t["history.incidentOpened", t[$"AlertKind.{o.Brief.Kind}"]], who, null, false),
                IncidentEnded x => new(x.At, t["history.incidentEnded"], who, null, false),
                InstructionsChanged i => new(i.At, t["history.instructions", Changes(i)], who, null, false),
                IdentificationCodeChanged c => new(c.At, t["history.code"], who, null, false),
                DuressCodeChanged d => new(d.At, d.Hash is null ? t["history.duressRemoved"] : t["history.duress"], who, null, false),
                ProtectPlusBooked b => new(b.At, t["history.protectBooked", When(b.Start), When(b.End), b.Periods], who, null, false),
                ProtectPlusCancelled c => new(c.At, t["history.protectCancelled", c.BookingId], who, null, false),
                ProtectPlusStarted s => new(s.At, t["history.protectStarted"], who, null, false),
                ProtectPlusEnded e => new(e.At, t["history.protectEnded"], who, null, false),
                FaultRaised f => new(f.At, t["history.fault", t[$"AlertKind.{f.Fault.Kind}"]], who, null, false),
                FaultCleared c => new(c.At, t["history.faultCleared", t[$"AlertKind.{c.Kind}"]], who, null, false),
                SubscriberNotified n => new(n.At, t["history.notified", Subject(n)], who, null, false),
                TestPeriodScheduled p => new(p.At, t["history.test", When(p.Period.Start), When(p.Period.End)], who, null, false),
                TestPeriodEnded e => new(e.At, t["history.testEnded"], who, null, false),
                SurveillanceStarted s => new(s.At, t["history.surveillance"], who, null, false),
                ArmingRequested r => new(r.At, t["history.armingRequested", t.Mode(r.Mode)], who, t.Channel(r.Channel), true),
                ArmingRequestExpired x => new(x.At, t["history.armingExpired"], who, null, true),
                VirtualRemoteCreated c => new(c.At, t["history.remoteCreated", c.Name], who, null, false),
                VirtualRemoteRevoked r => new(r.At, t["history.remoteRevoked", r.RemoteId, t[$"RevocationReason.{r.Reason}"]], who, null, false),
                VirtualRemoteUsed u => new(u.At, u.Refusal is null ? t["history.remoteUsed", u.RemoteId, t.Mode(u.Mode)]
                    : t["history.remoteRefused", u.RemoteId, t.Mode(u.Mode)], who, t.Channel(ArmingChannel.VirtualRemote), true),
                LostDeviceReported l => new(l.At, t["history.lost", t[$"LostDeviceKind.{l.Kind}"], When(l.NoticedAt)], who, null, false),
                ArmingNoticesChanged n => new(n.At, t["history.notices"], who, null, false),
                InsurerDetailsChanged i => new(i.At, t["history.insurer"], who, null, false),
                _ => null,
            };
            if (line is not null)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>What changed in the instructions, typed and read in the subscriber's language (the stored English of older changes).</summary>
    private static string Changes(InstructionsChanged changed) => changed.Changed.Count > 0
        ? StepText.Of(Step.Of(Step.ClausesKey, [.. changed.Changed.Select(c => (StepValue)c)]))
        : string.Join(" ; ", changed.Changes);

    /// <summary>A notice's subject written from its facts in the subscriber's language; the stored subject of a notice recorded without them.</summary>
    private static string Subject(SubscriberNotified notice) =>
        NoticeTexts.Of(notice, new MessageTexts(CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : "en")).Subject;
}
