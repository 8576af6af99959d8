using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Station.Engine;

namespace Vigie.Web.Portal;

/// <summary>A site as the portal shows it: its status, its whole state (instructions, bookings), its offer and supervision.</summary>
public sealed record PortalSite(SiteStatus Status, SiteState State, Offer Offer, SiteSupervisionView? Supervision)
{
    public SiteDefinition Definition => State.Definition!;
}

/// <summary>
/// Everything the subscribers' pages do, for the subscriber signed in on this circuit. Every call first checks the
/// site is theirs: another subscriber's site answers exactly like an unknown one (null), so nothing leaks. The
/// subscriber is the actor of every change (CON-4: who, when, what in the site's history).
/// </summary>
public sealed class PortalDesk(StationDesk desk, SiteRecords records, AuthenticationStateProvider authentication, OfferCatalogue offers)
{
    private ClaimsPrincipal? _caller;

    public Instant Now => desk.Now;

    /// <summary>Acts for the caller of an API request (the pages act for the circuit's signed-in user).</summary>
    public PortalDesk For(ClaimsPrincipal caller)
    {
        _caller = caller;
        return this;
    }

    private async Task<ClaimsPrincipal> UserAsync() => _caller ?? (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<string?> SubscriberIdAsync() => SubscriberOf(await UserAsync());

    public static string? SubscriberOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirst(PortalClaims.Subscriber)?.Value is { Length: > 0 } id ? id : null;

    private async Task<Actor> ActorAsync() =>
        Actor.Subscriber(await SubscriberIdAsync() ?? throw new PortalAccessDenied());

    /// <summary>The signed-in subscriber's sites.</summary>
    public async Task<IReadOnlyList<SiteStatus>> SitesAsync()
    {
        var me = await SubscriberIdAsync();
        return me is null ? [] : [.. (await desk.SitesAsync()).Where(s => s.SubscriberId == me).OrderBy(s => s.SiteId, StringComparer.Ordinal)];
    }

    /// <summary>The site when it is the subscriber's; null when unknown or someone else's.</summary>
    public async Task<PortalSite?> SiteAsync(string siteId)
    {
        var me = await SubscriberIdAsync();
        if (me is null || await desk.SiteAsync(siteId) is not { } status || status.SubscriberId != me)
        {
            return null;
        }
        if (await records.StateAsync(siteId) is not { } state)
        {
            return null;
        }
        return new PortalSite(status, state, offers[state.Definition!.Offer], await desk.SupervisionAsync(siteId));
    }

    private async Task<bool> OwnsAsync(string siteId)
    {
        var me = await SubscriberIdAsync();
        return me is not null && await desk.SiteAsync(siteId) is { } status && status.SubscriberId == me;
    }

    /// <summary>Runs a change on the subscriber's own site; someone else's site is refused as unknown.</summary>
    private async Task<CommandResult> OnOwnSite(string siteId, Func<Actor, Task<CommandResult>> change) =>
        await OwnsAsync(siteId) ? await change(await ActorAsync()) : NotFound(siteId);

    private static CommandResult NotFound(string siteId) => CommandResult.Refused(Refusal.NotFound(RefusalCodes.SiteNotFound, $"no such site {siteId}", siteId));

    /// <summary>The site's history, newest first: every change with who made it and how (RC-1, CON-4).</summary>
    public async Task<IReadOnlyList<SiteHistoryEntry>> HistoryAsync(string siteId) =>
        await OwnsAsync(siteId) ? await records.HistoryAsync(siteId) : [];

    /// <summary>
    /// The outcomes of the site's incidents, newest first, at most <paramref name="count"/>: only the subscriber's own
    /// site's, found from the site's own history (an incident another site raised never shows), duress ones left out.
    /// </summary>
    public async Task<IReadOnlyList<SubscriberOutcome>> IncidentOutcomesAsync(string siteId, int count)
    {
        if (!await OwnsAsync(siteId))
        {
            return [];
        }
        var opened = (await records.HistoryAsync(siteId)).Select(e => e.Event).OfType<IncidentOpened>()
            .Where(o => o.Brief.SiteId == siteId).Select(o => o.Brief.IncidentId).Distinct().Reverse().ToList();
        var outcomes = new List<SubscriberOutcome>();
        foreach (var incidentId in opened)
        {
            if (outcomes.Count >= count)
            {
                break;
            }
            if (await records.IncidentOutcomeAsync(incidentId) is { } outcome && outcome.SiteId == siteId)
            {
                outcomes.Add(outcome);
            }
        }
        return outcomes;
    }

    /// <summary>Arm total or partial, or disarm, through the panel (RC-1): the panel's confirmation sets the mode.</summary>
    public Task<CommandResult> ArmAsync(string siteId, ArmingMode mode) =>
        OnOwnSite(siteId, by => desk.RequestArmingAsync(siteId, mode, by));

    /// <summary>New instructions, applied at once and historised (CON-1 … CON-4).</summary>
    public Task<CommandResult> ChangeInstructionsAsync(string siteId, Instructions instructions) =>
        OnOwnSite(siteId, by => desk.SiteCommandAsync(new ChangeInstructions(instructions, by, desk.Now), siteId));

    /// <summary>The confidential code (CON-5): typed twice, hashed by the station, never shown again.</summary>
    public Task<CommandResult> ChangeCodeAsync(string siteId, string code) =>
        OnOwnSite(siteId, by => desk.ChangeCodeAsync(siteId, code, by));

    /// <summary>The duress code (ALR-13), or null to remove it.</summary>
    public Task<CommandResult> ChangeDuressCodeAsync(string siteId, string? code) =>
        OnOwnSite(siteId, by => desk.ChangeDuressCodeAsync(siteId, code, by));

    /// <summary>PROTECT+ for consecutive 24-hour periods from <paramref name="start"/> (ALR-7); each period is billed.</summary>
    public Task<CommandResult> BookProtectPlusAsync(string siteId, Instant start, int periods) =>
        OnOwnSite(siteId, by => desk.SiteCommandAsync(new BookProtectPlus(start, periods, by, desk.Now), siteId));

    public Task<CommandResult> CancelProtectPlusAsync(string siteId, string bookingId) =>
        OnOwnSite(siteId, by => desk.SiteCommandAsync(new CancelProtectPlus(bookingId, by, desk.Now), siteId));

    /// <summary>How the subscriber is told of each arm and disarm (RC-5).</summary>
    public Task<CommandResult> ChangeArmingNoticesAsync(string siteId, ArmingNoticeChoices choices) =>
        OnOwnSite(siteId, by => desk.ChangeArmingNoticesAsync(siteId, choices, by));

    public Task<CommandResult> ChangeInsurerAsync(string siteId, InsurerDetails? details) =>
        OnOwnSite(siteId, by => desk.ChangeInsurerDetailsAsync(siteId, details, by));

    /// <summary>Privacy mode (VID-8): nobody gets live view while it is on.</summary>
    public Task<CommandResult> ChangePrivacyModeAsync(string siteId, bool on) =>
        OnOwnSite(siteId, by => desk.SiteCommandAsync(new SetPrivacyMode(on, by, desk.Now), siteId));

    /// <summary>Activity detection's switch and its weekly schedule, or null for none (VID-11).</summary>
    public Task<CommandResult> ChangeActivityDetectionAsync(string siteId, bool on) =>
        OnOwnSite(siteId, by => desk.SiteCommandAsync(new SetActivityDetection(on, by, desk.Now), siteId));

    public Task<CommandResult> ChangeDetectionScheduleAsync(string siteId, Vigie.Domain.Video.DetectionSchedule? schedule) =>
        OnOwnSite(siteId, by => desk.SiteCommandAsync(new SetDetectionSchedule(schedule, by, desk.Now), siteId));

    public async Task<IReadOnlyList<VirtualRemoteView>> RemotesAsync(string siteId) =>
        await OwnsAsync(siteId) ? await desk.VirtualRemotesAsync(siteId) ?? [] : [];

    /// <summary>A new virtual remote (RC-2): its token is returned once, to be shared as a link or QR code.</summary>
    public async Task<(CommandResult Result, string? RemoteId, string? Token)> CreateRemoteAsync(string siteId, string name, Instant? expiresAt) =>
        await OwnsAsync(siteId) ? await desk.CreateVirtualRemoteAsync(siteId, name, expiresAt, await ActorAsync()) : (NotFound(siteId), null, null);

    /// <summary>Revokes a remote at once (RC-2, RC-3); lost or stolen ones are timestamped for the insurer (INS-5).</summary>
    public Task<CommandResult> RevokeRemoteAsync(string siteId, string remoteId, RevocationReason reason, Instant? noticedAt) =>
        OnOwnSite(siteId, by => desk.RevokeVirtualRemoteAsync(siteId, remoteId, reason, noticedAt, by));

    /// <summary>A lost or stolen badge, remote, phone or keys (RC-3, INS-5).</summary>
    public Task<CommandResult> ReportLostDeviceAsync(string siteId, LostDeviceKind kind, string description, bool stolen, Instant noticedAt) =>
        OnOwnSite(siteId, by => desk.ReportLostDeviceAsync(siteId, kind, description, stolen, noticedAt, by));
}

/// <summary>The claims a subscriber's sign-in carries.</summary>
public static class PortalClaims
{
    /// <summary>The subscriber's id, as the sites' definitions name it (<see cref="Subscriber.Id"/>).</summary>
    public const string Subscriber = "vigie:subscriber";
}

/// <summary>Only a signed-in subscriber may use the portal's desk.</summary>
public sealed class PortalAccessDenied() : Exception("not a subscriber");
