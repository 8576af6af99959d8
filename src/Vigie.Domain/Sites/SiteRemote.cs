using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

/// <summary>
/// Remote control (RC-1), virtual remotes (RC-2), lost or stolen devices (RC-3, INS-5), arm/disarm information
/// (RC-5) and the subscriber's insurer details (INSURANCE.md).
/// </summary>
public static partial class Site
{
    /// <summary>The id the next virtual remote of the site gets ("R0001", numbered per site).</summary>
    public static string NextRemoteId(SiteState state) => string.Create(CultureInfo.InvariantCulture, $"R{state.VirtualRemotes.Count + 1:D4}");

    private const int RemoteNameMaxLength = 60;
    private const int LostDescriptionMaxLength = 200;

    private static Decision<SiteEvent> RequestArming(SiteState state, SiteDefinition site, RequestArming c, EngineRules rules)
    {
        if (!Enum.IsDefined(c.Mode))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("mode", RefusalCodes.SiteModeUnknown, $"mode: {(int)c.Mode} is not Total, Partial or Disarmed", (int)c.Mode));
        }
        if (c.Channel is not (ArmingChannel.RemoteControl or ArmingChannel.VirtualRemote))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("channel", RefusalCodes.SiteArmingChannel, $"channel: remote arming goes through RemoteControl or VirtualRemote, not {c.Channel}", RefusalValue.Named(c.Channel)));
        }
        VirtualRemote? remote = null;
        if (c.Channel == ArmingChannel.VirtualRemote)
        {
            if (c.RemoteId is null)
            {
                return Decision<SiteEvent>.Refuse(Refusal.Invalid("remoteId", RefusalCodes.SiteRemoteIdMissing, "remoteId: a virtual remote's request names the remote"));
            }
            remote = state.VirtualRemotes.FirstOrDefault(r => r.RemoteId == c.RemoteId);
            if (remote is null)
            {
                return Decision<SiteEvent>.Refuse(Refusal.NotFound(RefusalCodes.SiteRemoteNotFound, $"remote: no virtual remote {c.RemoteId} on this site", c.RemoteId));
            }
            if (remote.WhyUnusable(c.At) is { } unusable)
            {
                // The attempt is recorded: the subscriber sees that a revoked or expired remote was tried (RC-3).
                return Decision<SiteEvent>.RefuseAndRecord(unusable, new VirtualRemoteUsed(remote.RemoteId, remote.Name, c.Mode, unusable.Detail, c.At) { Why = unusable });
            }
        }
        else if (c.RemoteId is not null)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("remoteId", RefusalCodes.SiteRemoteIdUnexpected, "remoteId: only a VirtualRemote request names a remote"));
        }
        if (state.PendingArming is null && state.Arming.Mode == c.Mode)
        {
            var already = Refusal.Conflict(c.Mode switch { ArmingMode.Disarmed => RefusalCodes.SiteAlreadyDisarmed, ArmingMode.Partial => RefusalCodes.SiteAlreadyArmedPartial, _ => RefusalCodes.SiteAlreadyArmedTotal },
                $"mode: the site is already {(c.Mode == ArmingMode.Disarmed ? "disarmed" : $"armed {c.Mode.ToString().ToLowerInvariant()}")}");
            return remote is null
                ? Decision<SiteEvent>.Refuse(already)
                : Decision<SiteEvent>.RefuseAndRecord(already, new VirtualRemoteUsed(remote.RemoteId, remote.Name, c.Mode, already.Detail, c.At) { Why = already });
        }
        var requestId = string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-Q{state.ArmingRequestCount + 1:D4}");
        var requested = new ArmingRequested(requestId, c.Mode, c.Channel, remote?.RemoteId, c.By.ToString(), c.At + rules.ArmingConfirmWindow, c.At)
        {
            Replaces = state.PendingArming?.RequestId,
        };
        return remote is null
            ? Decision<SiteEvent>.Accept(requested)
            : Decision<SiteEvent>.Accept(new VirtualRemoteUsed(remote.RemoteId, remote.Name, c.Mode, null, c.At), requested);
    }

    /// <summary>The pending request an arming signal confirms: same mode, a compatible channel, not expired.</summary>
    private static ArmingRequest? Confirmed(SiteState state, ArmingMode mode, ArmingChannel channel, Instant at) =>
        state.PendingArming is { } pending && pending.Mode == mode && at <= pending.ExpiresAt &&
        (channel == pending.Channel || channel == ArmingChannel.Unknown)
            ? pending
            : null;

    private static ArmingChanged ArmingChangedBy(SiteState state, ArmingMode mode, SiteSignal signal, Instant at)
    {
        var changed = new ArmingChanged(mode, signal.User, signal.Channel, at);
        if (Confirmed(state, mode, signal.Channel, at) is not { } request)
        {
            return changed;
        }
        var remote = request.RemoteId is { } id ? state.VirtualRemotes.FirstOrDefault(r => r.RemoteId == id) : null;
        return new ArmingChanged(mode, signal.User, request.Channel, at)
        {
            RequestId = request.RequestId,
            RequestedBy = request.RequestedBy,
            RemoteId = remote?.RemoteId,
            RemoteName = remote?.Name,
        };
    }

    private static IEnumerable<SiteEvent> ArmingExpiry(SiteState state, Instant now)
    {
        if (state.PendingArming is { } pending && pending.ExpiresAt <= now)
        {
            yield return new ArmingRequestExpired(pending.RequestId, pending.Mode, pending.Channel, pending.RequestedBy, pending.ExpiresAt);
        }
    }

    /// <summary>The subscriber's chosen information for an arming change (RC-5); each SMS is billable.</summary>
    private static IEnumerable<SiteEvent> ArmingInformation(SiteState state, SiteDefinition site, ArmingChanged changed, EngineRules rules)
    {
        var channels = state.ArmingNotices.For(changed.Mode);
        var mobiles = channels.Sms ? site.Instructions.SubscriberPhones.Where(p => p.IsMobile).ToList() : [];
        var emails = channels.Email ? site.Instructions.Emails : [];
        if (mobiles.Count == 0 && emails.Count == 0 && !channels.App)
        {
            yield break;
        }
        var how = changed.RequestId is null
            ? $"{RemoteArming.From(changed.Channel)}{(changed.User is { } u ? $" (user {u})" : "")}"
            : changed.Channel == ArmingChannel.VirtualRemote ? $"by virtual remote '{changed.RemoteName}'" : $"from the portal by {changed.RequestedBy}";
        var what = RemoteArming.Verb(changed.Mode);
        var text = $"Vigie: the alarm at {site.Address} was {what} on {Local(site, changed.At)} {how}.";
        RefusalValue asker = changed.RequestId is null ? new RefusalValue()
            : changed.Channel == ArmingChannel.VirtualRemote ? changed.RemoteName ?? "" : changed.RequestedBy ?? "";
        RefusalValue user = changed.RequestId is null && changed.User is { } number ? number : new RefusalValue();
        yield return new SubscriberNotified(SubscriberNotices.ArmingInformation, mobiles, emails, channels.App, $"Vigie: alarm {what}", text, changed.At)
        {
            Facts = [site.Address.ToString(), changed.Mode.ToString(), changed.At, changed.Channel.ToString(), asker, user],
        };
        if (mobiles.Count > 0)
        {
            // Priced from configuration; null lets billing price it (the seeds give no figure, RC-5).
            yield return new SiteCharged(new Charge(Fee.ArmingNoticeSms, rules.ArmingNoticeSmsPrice, mobiles.Count,
                $"arming information SMS ({what} on {Local(site, changed.At)})")
            {
                What = Step.Of("Charge.ArmingNoticeSms", Step.Of("Armed." + changed.Mode), changed.At),
            }, changed.At);
        }
    }

    private static Decision<SiteEvent> CreateRemote(SiteState state, SiteDefinition site, CreateVirtualRemote c)
    {
        if (!site.Panel.Paths.Any(p => p.Kind == TransmissionKind.Ip))
        {
            // RC-6: ACCESS+ reaches the panel through the internet box; a GSM-only panel cannot carry it.
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteRemoteNeedsIp, "remote: ACCESS+ needs the panel connected through the internet box (an IP path, RC-6)"));
        }
        var name = c.Name?.Trim() ?? "";
        if (name.Length is 0 or > RemoteNameMaxLength)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("name", RefusalCodes.SiteRemoteNameLength, $"name: 1 to {RemoteNameMaxLength} characters", RemoteNameMaxLength));
        }
        if (c.ExpiresAt is { } expires && expires <= c.At)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("expiresAt", RefusalCodes.SiteRemoteExpiryPast, $"expiresAt: {expires} is not in the future", expires));
        }
        if (c.TokenHash is not { Length: 64 } hash || !hash.All(ch => char.IsAsciiDigit(ch) || ch is >= 'a' and <= 'f'))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("tokenHash", RefusalCodes.SiteRemoteTokenHash, "tokenHash: the SHA-256 of the token, 64 lowercase hex digits"));
        }
        if (state.VirtualRemotes.Any(r => r.TokenHash == hash))
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("tokenHash", RefusalCodes.SiteRemoteTokenReused, "tokenHash: already used by another remote"));
        }
        return Decision<SiteEvent>.Accept(new VirtualRemoteCreated(NextRemoteId(state), name, c.ExpiresAt, hash, c.At));
    }

    private static Decision<SiteEvent> RevokeRemote(SiteState state, SiteDefinition site, RevokeVirtualRemote c, EngineRules rules)
    {
        if (state.VirtualRemotes.FirstOrDefault(r => r.RemoteId == c.RemoteId) is not { } remote)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("remoteId", RefusalCodes.SiteRemoteNotFound, $"remoteId: no virtual remote {c.RemoteId} on this site", c.RemoteId));
        }
        if (remote.RevokedAt is { } revoked)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Conflict(RefusalCodes.SiteRemoteAlreadyRevoked, $"remoteId: {c.RemoteId} was already revoked at {revoked}", c.RemoteId, revoked));
        }
        if (c.NoticedAt is { } noticed && noticed > c.At)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("noticedAt", RefusalCodes.SiteNoticedInFuture, $"noticedAt: {noticed} is in the future", noticed));
        }
        var revokedEvent = new VirtualRemoteRevoked(remote.RemoteId, remote.Name, c.Reason, c.NoticedAt, c.At);
        if (c.Reason == RevocationReason.Revoked)
        {
            return Decision<SiteEvent>.Accept(revokedEvent);
        }
        // A lost or stolen phone carrying the remote is a lost-device report too (RC-3, INS-5).
        var description = $"phone holding virtual remote {remote.RemoteId} '{remote.Name}', {c.Reason.ToString().ToLowerInvariant()}";
        var phone = new RemotePhone(remote.RemoteId, remote.Name, c.Reason);
        return Decision<SiteEvent>.Accept([revokedEvent, .. LostDevice(state, site, LostDeviceKind.Phone, description, c.Reason == RevocationReason.Stolen, c.NoticedAt ?? c.At, c.At, rules, phone)]);
    }

    private static Decision<SiteEvent> ReportLost(SiteState state, SiteDefinition site, ReportLostDevice c, EngineRules rules)
    {
        var description = c.Description?.Trim() ?? "";
        if (description.Length is 0 or > LostDescriptionMaxLength)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("description", RefusalCodes.SiteLostDescriptionLength, $"description: 1 to {LostDescriptionMaxLength} characters (which badge, remote, phone or keys)", LostDescriptionMaxLength));
        }
        if (c.NoticedAt > c.At)
        {
            return Decision<SiteEvent>.Refuse(Refusal.Invalid("noticedAt", RefusalCodes.SiteNoticedInFuture, $"noticedAt: {c.NoticedAt} is in the future", c.NoticedAt));
        }
        return Decision<SiteEvent>.Accept([.. LostDevice(state, site, c.Kind, description, c.Stolen, c.NoticedAt, c.At, rules)]);
    }

    /// <summary>
    /// The report, timestamped (RC-3); after a theft, the replacement deadline and its reminder to the subscriber (INS-5: the
    /// clause covers stolen keys only, so a loss is recorded without either).
    /// </summary>
    /// <summary>A lost or stolen phone that held a virtual remote: the station, not a person, describes it.</summary>
    private sealed record RemotePhone(string RemoteId, string Name, RevocationReason Reason);

    private static IEnumerable<SiteEvent> LostDevice(SiteState state, SiteDefinition site, LostDeviceKind kind, string description, bool stolen, Instant noticedAt, Instant at,
        EngineRules rules, RemotePhone? phone = null)
    {
        var within = state.Insurer?.KeyReplacementHours is { } hours ? Duration.FromHours(hours) : rules.KeyReplacement;
        var replaceBy = noticedAt + within;
        var reportId = string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-L{state.LostDevices.Count + 1:D4}");
        yield return new LostDeviceReported(reportId, kind, description, noticedAt, stolen ? replaceBy : null, at)
        {
            Stolen = stolen,
            What = phone is null ? null : Step.Of("LostDevice.RemotePhone." + phone.Reason, phone.RemoteId, phone.Name),
        };
        if (!stolen)
        {
            yield break;
        }
        var insurer = state.Insurer is { } i
            ? $" Your insurer: {i.Name}" + (i.PolicyNumber is { } p ? $", policy {p}" : "") + (i.AssistancePhone is { } a ? $", assistance {a}" : "") + "."
            : "";
        var text = $"You reported a lost or stolen {kind.ToString().ToLowerInvariant()} ({description}) for {site.Address}, noticed on {Local(site, noticedAt)}. " +
            $"Your home insurance asks that locks and keys be replaced within {within.TotalHours:0} hours of noticing the theft, that is by {Local(site, replaceBy)}. " +
            "Keep the locksmith's invoice for your claim." + insurer;
        yield return new SubscriberNotified(SubscriberNotices.KeyReplacementReminder, [], site.Instructions.Emails, App: true,
            $"Vigie: replace locks and keys by {Local(site, replaceBy)}", text, at)
        {
            Facts = [site.Address.ToString(), RefusalValue.Named(kind), description, noticedAt, (int)within.TotalHours, replaceBy,
                state.Insurer?.Name ?? "", state.Insurer?.PolicyNumber ?? "", state.Insurer?.AssistancePhone?.ToString() ?? "",
                .. phone is null ? Array.Empty<RefusalValue>() : [phone.RemoteId, phone.Name, RefusalValue.Named(phone.Reason)]],
        };
    }

    private static Decision<SiteEvent> ChangeNotices(SiteState state, SiteDefinition site, ChangeArmingNotices c)
    {
        var errors = c.Choices.Validate(site.Instructions);
        if (errors.Count > 0)
        {
            return Decision<SiteEvent>.Refuse(Refusal.All(errors));
        }
        return c.Choices == state.ArmingNotices ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept(new ArmingNoticesChanged(c.Choices, c.At));
    }

    private static Decision<SiteEvent> ChangeInsurer(SiteState state, ChangeInsurerDetails c)
    {
        if (c.Details?.Validate() is { Count: > 0 } errors)
        {
            return Decision<SiteEvent>.Refuse(Refusal.All(errors));
        }
        return c.Details == state.Insurer ? Decision<SiteEvent>.Nothing : Decision<SiteEvent>.Accept(new InsurerDetailsChanged(c.Details, c.At));
    }

    private static SiteState EvolveRemote(SiteState state, SiteEvent e, EngineRules rules) => e switch
    {
        ArmingRequested r => state with
        {
            ArmingRequestCount = state.ArmingRequestCount + 1,
            PendingArming = new ArmingRequest(r.RequestId, r.Mode, r.Channel, r.RemoteId, r.RequestedBy, r.At, r.ExpiresAt),
        },
        ArmingRequestExpired x => state.PendingArming?.RequestId == x.RequestId ? state with { PendingArming = null } : state,
        VirtualRemoteCreated c => state with { VirtualRemotes = state.VirtualRemotes.Add(new VirtualRemote(c.RemoteId, c.Name, c.At, c.ExpiresAt, c.TokenHash)) },
        VirtualRemoteRevoked r => state with { VirtualRemotes = UpdateRemote(state.VirtualRemotes, r.RemoteId, v => v with { RevokedAt = r.At, RevocationReason = r.Reason }) },
        VirtualRemoteUsed u => state with
        {
            VirtualRemotes = UpdateRemote(state.VirtualRemotes, u.RemoteId, v => v with
            {
                Uses = v.Uses.Count >= rules.RemoteUsesKept
                    ? v.Uses.RemoveRange(0, v.Uses.Count - rules.RemoteUsesKept + 1).Add(new RemoteUse(u.At, u.Mode, u.Refusal))
                    : v.Uses.Add(new RemoteUse(u.At, u.Mode, u.Refusal)),
            }),
        },
        LostDeviceReported l => state with { LostDevices = state.LostDevices.Add(new LostDeviceReport(l.ReportId, l.Kind, l.Description, l.NoticedAt, l.ReplaceBy, l.At) { Stolen = l.Stolen }) },
        ArmingNoticesChanged n => state with { ArmingNotices = n.Choices },
        InsurerDetailsChanged i => state with { Insurer = i.Details },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown site event"),
    };

    private static ImmutableList<VirtualRemote> UpdateRemote(ImmutableList<VirtualRemote> remotes, string id, Func<VirtualRemote, VirtualRemote> change) =>
        remotes.Select(r => r.RemoteId == id ? change(r) : r).ToImmutableList();
}
