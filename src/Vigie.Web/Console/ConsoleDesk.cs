using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Station.Engine;
using Vigie.Web.Staff;

namespace Vigie.Web.Console;

/// <summary>Refused because the signed-in member's role does not allow it (the refusal is audited).</summary>
public sealed class ConsoleAccessDenied(string action) : Exception($"not allowed: {action}")
{
    public string Action { get; } = action;
}

/// <summary>What the incident screen shows: the incident, its site, its site's arming history and its charges.</summary>
public sealed record IncidentScreenView(
    IncidentDetail Detail,
    SiteStatus? Site,
    IReadOnlyList<TimelineEntry> ArmingHistory,
    IReadOnlyList<Station.Ports.BillableEvent> Charges,
    Domain.Offers.Offer? Offer);

/// <summary>
/// Everything the console's pages do, for the member signed in on this circuit: each call checks the member's role
/// first (the pages hide what a role cannot do, but the check is here), acts through the station's desk with the
/// member as the actor, and is audited. One per circuit (scoped).
/// </summary>
public sealed class ConsoleDesk(
    StationDesk desk,
    IAuthorizationService authorization,
    AuthenticationStateProvider authentication,
    StaffAudit audit,
    StaffAccounts staff,
    ConsoleOptions options,
    Domain.Offers.OfferCatalogue offers)
{
    public Instant Now => desk.Now;

    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>Checks a policy for the current member; refuses (and audits the refusal) otherwise.</summary>
    private async Task<ClaimsPrincipal> Require(string policy, string action, string? target)
    {
        var user = await UserAsync();
        if (user.Identity?.IsAuthenticated != true || !(await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            await audit.RecordAsync(user.Identity?.Name ?? "anonymous", new AuditEntry(action, target, false, $"requires {policy}"));
            throw new ConsoleAccessDenied(action);
        }
        return user;
    }

    public async Task<bool> AllowedAsync(string policy)
    {
        var user = await UserAsync();
        return user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    /// <summary>The open incidents, most urgent first (priority, then age).</summary>
    public async Task<IReadOnlyList<IncidentSummary>> QueueAsync() => (await QueueAsync(QueueFilter.Everything)).Incidents;

    /// <summary>The open incidents <paramref name="filter"/> keeps, most urgent first, with the count of all open ones.</summary>
    public async Task<QueueView> QueueAsync(QueueFilter filter)
    {
        var user = await Require(StaffRoles.Handles, "queue", null);
        var open = await desk.IncidentsAsync(openOnly: true);
        if (!filter.Narrows)
        {
            return new QueueView(open, open.Count);
        }
        // The panel account is the site's, not the incident's: read for the queue's few sites, only when searching.
        var accounts = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            foreach (var siteId in open.Select(i => i.SiteId).Distinct(StringComparer.Ordinal))
            {
                accounts[siteId] = (await desk.SiteAsync(siteId))?.PanelAccount;
            }
        }
        var me = user.Identity?.Name ?? "";
        return new QueueView([.. open.Where(i => filter.Matches(i, accounts.GetValueOrDefault(i.SiteId), me))], open.Count);
    }

    public async Task<IncidentScreenView?> IncidentAsync(string incidentId)
    {
        var user = await Require(StaffRoles.Handles, "view", incidentId);
        if (await desk.IncidentAsync(incidentId, StaffRoles.ActorOf(user)) is not { } detail)
        {
            return null;
        }
        var site = await desk.SiteAsync(detail.Brief.SiteId);
        var history = await desk.SiteHistoryAsync(detail.Brief.SiteId) ?? [];
        var arming = history.Where(e => e.Type == nameof(Domain.Sites.ArmingChanged)).TakeLast(10).Reverse().ToList();
        var charges = (await desk.ChargesAsync()).Where(c => c.IncidentId == incidentId).ToList();
        var offer = offers.Offers.FirstOrDefault(o => o.Code == detail.Brief.Offer);
        return new IncidentScreenView(detail, site, arming, charges, offer);
    }

    /// <summary>Runs one step of the procedure as the signed-in member; the domain accepts or says why not.</summary>
    public async Task<CommandResult> ActAsync(string incidentId, string action, Func<Actor, Instant, IncidentCommand> command)
    {
        var user = await Require(StaffRoles.Handles, action, incidentId);
        var actor = StaffRoles.ActorOf(user);
        var result = await desk.IncidentCommandAsync(incidentId, command(actor, desk.Now));
        await audit.RecordAsync(actor.ToString(), new AuditEntry(action, incidentId, result.Accepted, result.Refusal?.Detail));
        return result;
    }

    public Task<CommandResult> TakeAsync(string incidentId) =>
        ActAsync(incidentId, "take", (by, at) => new TakeIncident(by, at));

    public Task<CommandResult> ReleaseAsync(string incidentId) =>
        ActAsync(incidentId, "release", (by, at) => new ReleaseIncident(by, at));

    public Task<CommandResult> TransferAsync(string incidentId, string toLogin) =>
        ActAsync(incidentId, "transfer", (by, at) => new TransferIncident(toLogin, by, at));

    /// <summary>
    /// CON-6: the operator types the code heard; the console learns only right, wrong or duress, never the code.
    /// </summary>
    public async Task<(CommandResult Result, CodeCheck? Check)> CheckCodeAsync(string incidentId, string heard)
    {
        var user = await Require(StaffRoles.Handles, "check-code", incidentId);
        var actor = StaffRoles.ActorOf(user);
        var result = await desk.CheckHeardCodeAsync(incidentId, heard, actor);
        CodeCheck? check = null;
        if (result.Accepted && await desk.IncidentAsync(incidentId, actor) is { } detail)
        {
            check = detail.State.LastCode;
        }
        // The audit keeps the outcome class, never the digits typed.
        await audit.RecordAsync(actor.ToString(), new AuditEntry("check-code", incidentId, result.Accepted, result.Accepted ? check?.ToString() : result.Refusal?.Detail));
        return (result, check);
    }

    public async Task<HandlingReport> StatisticsAsync(Instant from, Instant to)
    {
        await Require(StaffRoles.Supervises, "statistics", null);
        return await desk.HandlingStatisticsAsync(from, to, Duration.FromSeconds(options.FirstTargetSeconds), Duration.FromSeconds(options.SecondTargetSeconds));
    }

    /// <summary>Who can be handed an incident.</summary>
    public async Task<IReadOnlyList<string>> HandlersAsync()
    {
        await Require(StaffRoles.Handles, "handlers", null);
        return await staff.HandlersAsync();
    }

    public async Task<IReadOnlyList<StaffListing>> StaffAsync()
    {
        await Require(StaffRoles.Administers, "staff", null);
        return await staff.ListAsync();
    }

    /// <summary>Creates a member; null when created, else what is wrong.</summary>
    public async Task<string?> CreateStaffAsync(string login, string displayName, string password, string role)
    {
        var user = await Require(StaffRoles.Administers, "create-staff", login);
        var problem = await staff.CreateAsync(login.Trim(), displayName.Trim(), password, [role]);
        await audit.RecordAsync($"staff:{user.Identity!.Name}", new AuditEntry("create-staff", login, problem is null, problem ?? role));
        return problem;
    }

    public async Task<bool> UnlockStaffAsync(string login)
    {
        var user = await Require(StaffRoles.Administers, "unlock-staff", login);
        var done = await staff.UnlockAsync(login);
        await audit.RecordAsync($"staff:{user.Identity!.Name}", new AuditEntry("unlock-staff", login, done, null));
        return done;
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(int count)
    {
        await Require(StaffRoles.Supervises, "audit", null);
        return await audit.RecentAsync(count);
    }
}
