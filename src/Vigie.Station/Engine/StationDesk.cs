using Orleans;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Receiver.Accounts;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>
/// One line of a timeline, with its place in the hash chain. <see cref="Step"/> is what happened, typed; <see cref="Text"/>
/// is its text in the reader's language (the current UI culture), made when read, never stored.
/// </summary>
public sealed record TimelineEntry(long Version, NodaTime.Instant At, string Actor, string Type, Step Step, string Hash)
{
    public string Text => Texts.StepText.Of(Step);

    /// <summary>Who did it, in the reader's language ("serveur vocal", "alice").</summary>
    public string Who => Texts.StepText.Actor(Actor);
}

/// <summary>An incident as the console and the API show it.</summary>
public sealed record IncidentDetail(
    IncidentSummary Summary,
    IncidentBrief Brief,
    string? Verification,
    IReadOnlyList<TimelineEntry> Timeline,
    ChainVerification Chain,
    IReadOnlyList<ActionAvailability> Actions,
    // The whole state, for the console's screen (calls per contact, last code check...); the API's JSON keeps to the rest.
    [property: System.Text.Json.Serialization.JsonIgnore] IncidentState State);

/// <summary>An incident's detail and the stored events it was read from (for reports that carry the hash chain's input).</summary>
internal sealed record IncidentRecord(IncidentDetail Detail, IncidentState State, IReadOnlyList<StoredEvent> Stored, IReadOnlyList<IncidentEvent> Events);

/// <summary>
/// The station's front desk for the API and the CLI: provisions sites, passes commands to the grains, reads
/// projections and timelines. Everything goes through the domain; nothing here decides.
/// </summary>
public sealed class StationDesk(IGrainFactory grains, IEventLog log, IAccountRegistry accounts, AccountWatcher watcher, StationClock clock, StationOptions options,
    EngineServices engine, Ports.IStaffAuditTrail audit)
{
    public NodaTime.Instant Now => clock.GetCurrentInstant();

    /// <summary>The site another than <paramref name="siteId"/> that panel account <paramref name="account"/> is bound to now, if any.</summary>
    public string? PanelAccountBoundElsewhere(string account, string siteId) =>
        accounts.Load().Accounts.FirstOrDefault(a => a.Account == account)?.SiteReference is { Length: > 0 } bound && bound != siteId ? bound : null;

    /// <summary>
    /// Provisions a site, registers its panel's account with the receiver (so its signals name the site), sets
    /// its codes and confirms the activation steps given. Stops at the first refusal and says which step. A panel
    /// account already bound to another site is refused, naming that site, unless <paramref name="rebind"/> asks to move
    /// it; a move is recorded in the staff audit with both sites.
    /// </summary>
    public async Task<CommandResult> ProvisionAsync(SiteDefinition definition, string? identificationCode, string? duressCode,
        IReadOnlyList<ActivationStep> activation, Actor by, Receiver.Accounts.AccountRecord? account = null, bool rebind = false)
    {
        // Checked before anything is stored: a refused re-bind changes nothing.
        var previous = PanelAccountOf(definition) is { Length: > 0 } panelAccount ? PanelAccountBoundElsewhere(panelAccount, definition.SiteId) : null;
        if (previous is not null && !rebind)
        {
            return new CommandResult(false, Refusal.Conflict(RefusalCodes.SitePanelAccountBound,
                $"panel.account: account {definition.Panel.Account} is bound to site {previous}; ask for a re-bind to move it", definition.Panel.Account, previous, definition.SiteId)
                with
            { Field = "site.panel.account" }, 0);
        }
        var site = grains.GetGrain<ISiteGrain>(definition.SiteId);
        var steps = new List<Func<Task<CommandResult>>>
        {
            () => site.Execute(new ProvisionSite(definition, by, Now)),
        };
        if (identificationCode is not null)
        {
            steps.Add(() => ChangeCodeAsync(definition.SiteId, identificationCode, by));
        }
        if (duressCode is not null)
        {
            steps.Add(() => ChangeDuressCodeAsync(definition.SiteId, duressCode, by));
        }
        foreach (var step in activation)
        {
            steps.Add(() => site.Execute(new ConfirmActivationStep(step, by, Now)));
        }
        foreach (var step in steps)
        {
            var result = await step();
            if (!result.Accepted)
            {
                return result;
            }
        }
        // Keep what the installer registered (key, clock, window): only the site reference is the engine's.
        var existing = account ?? accounts.Load().Accounts.FirstOrDefault(a => a.Account == definition.Panel.Account);
        var record = (existing ?? new Receiver.Accounts.AccountRecord { Account = definition.Panel.Account }) with { SiteReference = definition.SiteId };
        accounts.Upsert(record);
        // The receiver would see the new account within its reload interval; a panel's first signal may come sooner.
        watcher.LoadNow();
        if (previous is not null)
        {
            await audit.RecordAsync(by.ToString(), "rebind-panel-account", $"account {definition.Panel.Account}",
                $"panel account {definition.Panel.Account} moved from site {previous} to site {definition.SiteId}");
        }
        return new CommandResult(true, null, steps.Count);
    }

    /// <summary>A definition read from JSON may name no panel at all: the domain refuses it, nothing here fails first.</summary>
    private static string? PanelAccountOf(SiteDefinition definition) => definition.Panel?.Account;

    public Task<CommandResult> SiteCommandAsync(SiteCommand command, string siteId) => grains.GetGrain<ISiteGrain>(siteId).Execute(command);

    public Task<CommandResult> ChangeCodeAsync(string siteId, string code, Actor by) =>
        SecretCode.IsWellFormed(code, out var error)
            ? grains.GetGrain<ISiteGrain>(siteId).Execute(new ChangeIdentificationCode(code, SecretCode.Create(code, options.CodeHashIterations), by, Now))
            : Task.FromResult(CommandResult.Refused(Refusal.Invalid("code", RefusalCodes.CodeMalformed, $"code: {error}")));

    public Task<CommandResult> ChangeDuressCodeAsync(string siteId, string? code, Actor by)
    {
        if (code is null)
        {
            return grains.GetGrain<ISiteGrain>(siteId).Execute(new ChangeDuressCode(null, null, by, Now));
        }
        return SecretCode.IsWellFormed(code, out var error)
            ? grains.GetGrain<ISiteGrain>(siteId).Execute(new ChangeDuressCode(code, SecretCode.Create(code, options.CodeHashIterations), by, Now))
            : Task.FromResult(CommandResult.Refused(Refusal.Invalid("duressCode", RefusalCodes.CodeMalformed, $"duressCode: {error}")));
    }

    public async Task<SiteStatus?> SiteAsync(string siteId) =>
        await log.GetDocumentAsync(Collections.SiteStatus, siteId) is { } document ? EventCodec.Read<SiteStatus>(document.Data) : null;

    public async Task<IReadOnlyList<SiteStatus>> SitesAsync() =>
        [.. (await log.ListDocumentsAsync(Collections.SiteStatus)).Select(d => EventCodec.Read<SiteStatus>(d.Data)!)];

    /// <summary>The site's history: every change, who and when (projection of its stream).</summary>
    public async Task<IReadOnlyList<TimelineEntry>?> SiteHistoryAsync(string siteId)
    {
        var stored = await log.ReadStreamAsync(Streams.Site(siteId));
        return stored.Count == 0 ? null : [.. stored.Select(e => new TimelineEntry(e.Version, e.At, e.Actor, e.Type, SiteSteps.Of(EventCodec.DecodeSite(e)), e.Hash))];
    }

    public async Task<IReadOnlyList<IncidentSummary>> IncidentsAsync(bool openOnly)
    {
        var documents = await log.ListDocumentsAsync(openOnly ? Collections.OpenIncidents : Collections.Incidents);
        return [.. documents.Select(d => EventCodec.Read<IncidentSummary>(d.Data)!).OrderBy(i => i.Priority).ThenBy(i => i.AlertAt)];
    }

    /// <summary>The incident as the station itself sees it (actions not narrowed to an operator).</summary>
    public Task<IncidentDetail?> IncidentAsync(string incidentId) => IncidentAsync(incidentId, Actor.System);

    /// <summary>The incident as <paramref name="viewer"/> sees it: the actions are theirs (take, release, another's incident greyed out).</summary>
    public async Task<IncidentDetail?> IncidentAsync(string incidentId, Actor viewer) => (await IncidentRecordAsync(incidentId, viewer))?.Detail;

    /// <summary>
    /// The incident's detail with what it was built from (the stored rows, decoded events, replayed state), all from
    /// one read, so a report's entries and hashes are the same events its detail describes.
    /// </summary>
    internal async Task<IncidentRecord?> IncidentRecordAsync(string incidentId, Actor? viewer = null)
    {
        var stored = await log.ReadStreamAsync(Streams.Incident(incidentId));
        if (stored.Count == 0)
        {
            return null;
        }
        var events = stored.Select(EventCodec.DecodeIncident).ToList();
        var state = Incident.Replay(events);
        var timeline = stored.Zip(events, (s, e) => new TimelineEntry(s.Version, s.At, s.Actor, s.Type, IncidentSteps.Of(e), s.Hash)).ToList();
        var chain = await log.VerifyStreamAsync(Streams.Incident(incidentId));
        var detail = new IncidentDetail(IncidentSummary.Of(state, events[^1], stored[^1].Version), state.Brief!, state.Verification, timeline, chain,
            IncidentActions.Available(state, engine.Rules, Now, viewer ?? Actor.System), state);
        return new IncidentRecord(detail, state, stored, events);
    }

    /// <summary>
    /// The supervisor's handling statistics for incidents opened in [from, to), and the queue now. INFO Alertes
    /// incidents are left out: the voice server handles them, no operator takes them (ALR-4, ALR-5).
    /// </summary>
    public async Task<HandlingReport> HandlingStatisticsAsync(NodaTime.Instant from, NodaTime.Instant to,
        NodaTime.Duration? firstTarget = null, NodaTime.Duration? secondTarget = null)
    {
        var incidents = await IncidentsAsync(openOnly: false);
        var facts = incidents.Where(i => i.Procedure != ProcedureKind.InfoAlertes)
            .Select(i => new HandlingFact(i.IncidentId, i.Kind, i.OpenedAt, i.FirstTakenAt, i.ClosedAt, i.HandledBy, i.Status, i.EscalatedAt));
        return HandlingStatistics.Compute(facts, from, to, firstTarget, secondTarget);
    }

    public Task<CommandResult> IncidentCommandAsync(string incidentId, IncidentCommand command) =>
        grains.GetGrain<IIncidentGrain>(incidentId).Execute(command);

    public Task<CommandResult> CheckHeardCodeAsync(string incidentId, string code, Actor by) =>
        grains.GetGrain<IIncidentGrain>(incidentId).CheckHeardCode(code, by);

    public async Task<IReadOnlyList<Ports.BillableEvent>> ChargesAsync() =>
        [.. (await log.ListDocumentsAsync(Collections.Charges)).Select(d => EventCodec.Read<Ports.BillableEvent>(d.Data)!).OrderBy(c => c.At)];

    /// <summary>
    /// What the portal shows of a site's supervision: last contact and each path's status (live, from its partition),
    /// current faults, outage history, test period (from the site).
    /// </summary>
    public async Task<SiteSupervisionView?> SupervisionAsync(string siteId)
    {
        if (await SiteAsync(siteId) is not { } status)
        {
            return null;
        }
        var liveness = await grains.GetGrain<Supervision.ISupervisionPartitionGrain>(Supervision.SupervisionSettings.PartitionOf(siteId, engine.Supervision.Partitions)).Find(siteId);
        return new SiteSupervisionView(siteId, status.SupervisionProfile, liveness?.LastHeard, liveness, status.Faults, status.Outages, status.TestPeriod, status.ActivityDetection);
    }

    /// <summary>The station's supervision at a glance: each partition, the mass-outage watch, the profiles.</summary>
    public async Task<SupervisionOverview> SupervisionOverviewAsync()
    {
        var partitions = await Task.WhenAll(Enumerable.Range(0, engine.Supervision.Partitions)
            .Select(p => grains.GetGrain<Supervision.ISupervisionPartitionGrain>(p).Status()));
        var outages = await grains.GetGrain<Supervision.IOutageWatchGrain>(0).Status();
        return new SupervisionOverview(partitions.Sum(p => p.Sites), partitions.Sum(p => p.SitesLost), partitions.Sum(p => p.PathsLost),
            partitions.Sum(p => p.CyclicTestsMissed), outages, partitions, [.. engine.Rules.Supervision.Profiles]);
    }

    public async Task<bool> IncidentExistsAsync(string incidentId) => await log.StreamVersionAsync(Streams.Incident(incidentId)) > 0;

    // ---- Remote control (RC-1), virtual remotes (RC-2, RC-3), lost devices (INS-5), arming information (RC-5), insurer ----

    /// <summary>Arm or disarm from the portal or the app (RC-1): sent to the panel, confirmed by its signal.</summary>
    public Task<CommandResult> RequestArmingAsync(string siteId, ArmingMode mode, Actor by) =>
        grains.GetGrain<ISiteGrain>(siteId).Execute(new RequestArming(mode, Vigie.Domain.Signals.ArmingChannel.RemoteControl, null, by, Now));

    /// <summary>
    /// A virtual remote's button (RC-2): the token names the site and the remote; a revoked or expired remote's attempt is
    /// refused and recorded in the site's history (RC-3). A token that is malformed or does not match is refused unrecorded.
    /// </summary>
    public async Task<CommandResult> UseRemoteAsync(string token, ArmingMode mode)
    {
        if (await FindRemoteAsync(token) is not { } found)
        {
            return CommandResult.Refused(Refusal.Forbidden(RefusalCodes.RemoteTokenInvalid, "token: not a valid virtual remote"));
        }
        var (siteId, remote) = found;
        return await grains.GetGrain<ISiteGrain>(siteId).Execute(new RequestArming(mode, Vigie.Domain.Signals.ArmingChannel.VirtualRemote, remote.RemoteId,
            Actor.RemoteHolder(siteId, remote.RemoteId), Now));
    }

    /// <summary>The grant a token carries, or null when it is malformed, unknown, does not match, or its remote is revoked or expired.</summary>
    public async Task<RemoteGrant?> ResolveRemoteAsync(string token) =>
        await FindRemoteAsync(token) is { } found && found.Remote.WhyUnusable(Now) is null
            ? new RemoteGrant(found.SiteId, found.Remote.RemoteId, found.Remote.Name)
            : null;

    private async Task<(string SiteId, VirtualRemote Remote)?> FindRemoteAsync(string token)
    {
        if (!VirtualRemoteTokens.TryRead(token, out var siteId, out var remoteId) || await SiteAsync(siteId) is null)
        {
            return null;
        }
        var remote = (await grains.GetGrain<ISiteGrain>(siteId).VirtualRemotes()).FirstOrDefault(r => r.RemoteId == remoteId);
        return remote is not null && VirtualRemoteTokens.Matches(token, remote.TokenHash) ? (siteId, remote) : null;
    }

    /// <summary>A new virtual remote (RC-2); the token is returned this once (only its hash is kept) for the subscriber to pass on.</summary>
    public async Task<(CommandResult Result, string? RemoteId, string? Token)> CreateVirtualRemoteAsync(string siteId, string name, NodaTime.Instant? expiresAt, Actor by)
    {
        if (await SiteAsync(siteId) is null)
        {
            return (CommandResult.Refused(Refusal.NotFound(RefusalCodes.SiteNotFound, $"siteId: no site {siteId}", siteId)), null, null);
        }
        var created = await grains.GetGrain<ISiteGrain>(siteId).CreateVirtualRemote(name, expiresAt, by);
        return (created.Result, created.RemoteId, created.Token);
    }

    /// <summary>Revokes a virtual remote at once (RC-2, RC-3); lost or stolen also reports the phone lost (INS-5).</summary>
    public Task<CommandResult> RevokeVirtualRemoteAsync(string siteId, string remoteId, RevocationReason reason, NodaTime.Instant? noticedAt, Actor by) =>
        grains.GetGrain<ISiteGrain>(siteId).Execute(new RevokeVirtualRemote(remoteId, reason, noticedAt, by, Now));

    /// <summary>The site's virtual remotes with their uses (never a token or its hash); null when there is no such site.</summary>
    public async Task<IReadOnlyList<VirtualRemoteView>?> VirtualRemotesAsync(string siteId)
    {
        if (await SiteAsync(siteId) is null)
        {
            return null;
        }
        return [.. (await grains.GetGrain<ISiteGrain>(siteId).VirtualRemotes()).Select(VirtualRemoteView.Of)];
    }

    /// <summary>A lost or stolen badge, remote, phone or keys (RC-3, INS-5): timestamped, with the replacement deadline sent to the subscriber.</summary>
    public Task<CommandResult> ReportLostDeviceAsync(string siteId, LostDeviceKind kind, string description, bool stolen, NodaTime.Instant noticedAt, Actor by) =>
        grains.GetGrain<ISiteGrain>(siteId).Execute(new ReportLostDevice(kind, description, noticedAt, by, Now) { Stolen = stolen });

    /// <summary>The subscriber's arm/disarm information choices (RC-5).</summary>
    public Task<CommandResult> ChangeArmingNoticesAsync(string siteId, ArmingNoticeChoices choices, Actor by) =>
        grains.GetGrain<ISiteGrain>(siteId).Execute(new ChangeArmingNotices(choices, by, Now));

    /// <summary>The subscriber's insurer details for this site, or null to remove them (INSURANCE.md).</summary>
    public Task<CommandResult> ChangeInsurerDetailsAsync(string siteId, InsurerDetails? details, Actor by) =>
        grains.GetGrain<ISiteGrain>(siteId).Execute(new ChangeInsurerDetails(details, by, Now));
}

/// <summary>Which actions the procedure allows now, and why the others are not (the console shows both).</summary>
public static class IncidentActions
{
    /// <summary>
    /// The handling actions (take, release, transfer) for <paramref name="viewer"/>, then the procedure's own steps
    /// (<see cref="Incident.Steps"/>); until the viewer holds the incident, every step is greyed out with the reason
    /// ("take it first", or "taken by …" for another operator's).
    /// </summary>
    public static IReadOnlyList<ActionAvailability> Available(IncidentState state, EngineRules rules, NodaTime.Instant now, Actor viewer)
    {
        if (!state.IsOpen)
        {
            return [];
        }
        ActionAvailability[] handling =
        [
            Action("take", Incident.WhyNotTake(state, viewer)),
            Action("release", Incident.WhyNotHandler(state, viewer) ?? Incident.WhyNotRelease(state, viewer)),
            Action("transfer", Incident.WhyNotHandler(state, viewer) ?? Incident.WhyNotTransferBy(state, viewer)),
        ];
        // Only the procedure's own steps (a smoke incident shows the domestic-risk steps, not greyed intrusion ones).
        var steps = Incident.Steps(state.Brief!.Procedure);
        var procedure = Procedure(state, rules, now).Where(a => steps.Contains(a.Command)).OrderBy(a => IndexOf(steps, a.Command)).ToList();
        // Another operator's incident, or one this viewer has not taken: every step is greyed with the reason.
        if ((Incident.WhyNotHandler(state, viewer) ?? Incident.WhyNotHolder(state, viewer)) is { } notYours)
        {
            procedure = [.. procedure.Select(a => a with { Allowed = false, Reason = notYours })];
        }
        return [.. handling, .. procedure];
    }

    private static int IndexOf(IReadOnlyList<string> steps, string command)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] == command)
            {
                return i;
            }
        }
        return steps.Count;
    }

    private static ActionAvailability Action(string command, Refusal? whyNot) => new(command, whyNot is null, whyNot);

    private static IReadOnlyList<ActionAvailability> Procedure(IncidentState state, EngineRules rules, NodaTime.Instant now)
    {
        var brief = state.Brief!;
        if (brief.Procedure.IsTechnical())
        {
            return Technical(state, rules, now);
        }
        var nextCallee = brief.CallOrder.FirstOrDefault(c => Incident.WhyNotCallPerson(state, c.Phone, CallOutcome.VoicemailLeft, null) is null
            && !state.AlertCalls.Any(done => done.Callee.Phone == c.Phone));
        var informCallee = brief.CallOrder.FirstOrDefault(c => Incident.WhyNotInformOfBreakIn(state, c.Phone, CallOutcome.VoicemailLeft, null) is null);
        (string, Refusal?)[] actions =
        [
            ("interpellate", Incident.WhyNotInterpellate(state)),
            ("listen", Incident.WhyNotListen(state)),
            ("call-site", Incident.WhyNotCallSite(state, SiteCallOutcome.NoAnswer)),
            ("check-code", Incident.WhyNotCheckCode(state, rules)),
            ("call-person", nextCallee is not null ? null
                : brief.CallOrder.Count == 0 ? NoNumber
                : Incident.WhyNotCallPerson(state, brief.CallOrder[0].Phone, CallOutcome.VoicemailLeft, null) ?? Refusal.Conflict(RefusalCodes.IncidentEveryoneCalled, "everyone in the instructions has been called")),
            ("dispatch-agent", Incident.WhyNotDispatchAgent(state)),
            ("agent-findings", state.Agent == AgentStatus.Dispatched ? null : Refusal.Conflict(RefusalCodes.IncidentNoAgentOnTheWay, "no agent is on the way")),
            ("call-police", Incident.WhyNotCallPolice(state)),
            ("inform-break-in", informCallee is not null ? null
                : brief.CallOrder.Count == 0 ? NoNumber
                : Incident.WhyNotInformOfBreakIn(state, brief.CallOrder[0].Phone, CallOutcome.VoicemailLeft, null) ?? Refusal.Conflict(RefusalCodes.IncidentEveryoneInformed, "everyone has been informed")),
            ("organise-guarding", Incident.WhyNotOrganiseGuarding(state)),
            ("close", state.Agent == AgentStatus.Dispatched ? Incident.WhyNotClose(state, Classification.Test, null) : null),
        ];
        return [.. actions.Select(a => new ActionAvailability(a.Item1, a.Item2 is null, a.Item2))];
    }

    private static Refusal NoNumber => Refusal.Conflict(RefusalCodes.IncidentNoNumber, "the instructions hold no number");

    /// <summary>Technical incidents have their own steps (SUP-2, SUP-5); the alarm steps are not theirs, so not listed.</summary>
    private static IReadOnlyList<ActionAvailability> Technical(IncidentState state, EngineRules rules, NodaTime.Instant now)
    {
        const string Noted = "noted";
        var zone = NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(state.Brief!.TimeZone) ?? NodaTime.DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var firstVisitDay = rules.Supervision.Calendar.FirstWorkingDayAfter(now.InZone(zone).Date);
        (string, Refusal?)[] actions = state.Brief.Procedure switch
        {
            ProcedureKind.Technical =>
            [
                ("remote-maintenance", Incident.WhyNotRecordRemoteMaintenance(state, Noted)),
                ("book-technician", Incident.WhyNotBookTechnicianVisit(state, firstVisitDay, now, rules)),
                ("inform-subscriber", Incident.WhyNotInformSubscriber(state, Noted)),
                ("close", null),
            ],
            ProcedureKind.VideoLinkLoss =>
            [
                ("call-client-about-link", Incident.WhyNotCallClientAboutLink(state, now, rules)),
                ("request-after-sales", Incident.WhyNotRequestAfterSales(state, Noted)),
                ("inform-subscriber", Incident.WhyNotInformSubscriber(state, Noted)),
                ("close", null),
            ],
            _ => [("close", null)],
        };
        return [.. actions.Select(a => new ActionAvailability(a.Item1, a.Item2 is null, a.Item2))];
    }
}
