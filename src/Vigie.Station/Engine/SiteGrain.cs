using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Station.Messages;
using Vigie.Station.Ports;
using Vigie.Station.Supervision;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>One site's single writer: every change of the site goes through here, in order.</summary>
public interface ISiteGrain : IGrainWithStringKey
{
    Task<CommandResult> Execute(SiteCommand command);

    /// <summary>Right, wrong or duress for a code heard or typed (CON-6); read-only, so it may interleave.</summary>
    [AlwaysInterleave]
    Task<CodeCheck> CheckCode(string code);

    /// <summary>Its deadline passed.</summary>
    Task Wake();

    /// <summary>An incident of this site closed (one-way: the incident must not wait for the site).</summary>
    [OneWay]
    Task IncidentClosed(string incidentId);

    /// <summary>A duress code was given during an incident: raise the silent SOS (ALR-13).</summary>
    [OneWay]
    Task DuressRevealed(string incidentId);

    /// <summary>
    /// Creates a virtual remote (RC-2): the grain numbers it, so its token can name it; the token is returned once and
    /// only its SHA-256 is stored.
    /// </summary>
    Task<RemoteCreation> CreateVirtualRemote(string name, NodaTime.Instant? expiresAt, Actor by);

    /// <summary>The site's virtual remotes, token hashes included (for the desk to check a token; never shown).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<VirtualRemote>> VirtualRemotes();
}

/// <summary>A virtual remote's creation: its id and token when accepted.</summary>
public sealed record RemoteCreation(CommandResult Result, string? RemoteId, string? Token);

internal sealed class SiteGrain(EngineServices engine, ILogger<SiteGrain> logger) : Grain, ISiteGrain
{
    private SiteState _state = SiteState.Empty;
    private long _version;
    private readonly Dictionary<string, IncidentBrief> _openBriefs = [];

    private string SiteId => this.GetPrimaryKeyString();
    private string Stream => Streams.Site(SiteId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await engine.Log.ReadStreamAsync(Stream, ct: cancellationToken))
        {
            Apply(EventCodec.DecodeSite(stored));
            _version = stored.Version;
        }
        engine.Deadlines.Schedule(Stream, _state.NextDeadline);
        // An incident opened here just before a crash may not have started its own stream: open it again
        // (opening is idempotent), so no alert is lost between the two writers.
        foreach (var brief in _openBriefs.Values.ToList())
        {
            await GrainFactory.GetGrain<IIncidentGrain>(brief.IncidentId).EnsureOpened(brief);
        }
    }

    public async Task<CommandResult> Execute(SiteCommand command)
    {
        var decision = Site.Decide(_state, command, engine.Rules, engine.Catalogue);
        if (decision.Events.Count > 0)
        {
            var messages = Messages(decision.Events, _version + 1);
            var commands = PanelCommands(decision.Events);
            await Append(decision.Events, command.By, messages, commands);
            await Effects(decision.Events, messages, commands);
        }
        return CommandResult.From(decision);
    }

    public Task<CodeCheck> CheckCode(string code) =>
        Task.FromResult(_state.Definition?.Instructions.Check(code) ?? CodeCheck.NoCodeDefined);

    public async Task Wake()
    {
        if (_state.IsProvisioned)
        {
            await Execute(new SiteTick(Actor.Clock, engine.Clock.GetCurrentInstant()));
        }
    }

    public async Task IncidentClosed(string incidentId) =>
        await Execute(new NoteIncidentClosed(incidentId, Actor.System, engine.Clock.GetCurrentInstant()));

    public async Task DuressRevealed(string incidentId) =>
        await Execute(new RaiseDuress(incidentId, Actor.System, engine.Clock.GetCurrentInstant()));

    public async Task<RemoteCreation> CreateVirtualRemote(string name, NodaTime.Instant? expiresAt, Actor by)
    {
        // Single writer: the id the domain gives the next remote is the one the token names.
        var remoteId = Site.NextRemoteId(_state);
        var token = VirtualRemoteTokens.Create(SiteId, remoteId);
        var result = await Execute(new CreateVirtualRemote(name, expiresAt, VirtualRemoteTokens.Hash(token), by, engine.Clock.GetCurrentInstant()));
        return result.Accepted ? new RemoteCreation(result, remoteId, token) : new RemoteCreation(result, null, null);
    }

    public Task<IReadOnlyList<VirtualRemote>> VirtualRemotes() => Task.FromResult<IReadOnlyList<VirtualRemote>>(_state.VirtualRemotes);

    private void Apply(SiteEvent e)
    {
        _state = Site.Evolve(_state, e, engine.Rules);
        switch (e)
        {
            case IncidentOpened opened:
                _openBriefs[opened.Brief.IncidentId] = opened.Brief;
                break;
            case IncidentEnded ended:
                _openBriefs.Remove(ended.IncidentId);
                break;
        }
    }

    /// <summary>The messages these events call for, keyed by the event that calls for them (ALR-3).</summary>
    private List<(string Key, OutboxMessage Message)> Messages(IReadOnlyList<SiteEvent> events, long firstVersion)
    {
        var messages = new List<(string, OutboxMessage)>();
        var version = firstVersion;
        foreach (var e in events)
        {
            if (e is SubscriberNotified notified)
            {
                var subscriber = _state.Definition!.Subscriber.Id;
                var (subject, text) = NoticeTexts.Of(notified, engine.Messages);
                if (notified.Sms.Count > 0)
                {
                    // An SMS has its own wording where the e-mail's typography is outside the GSM alphabet.
                    var sms = NoticeTexts.Of(notified, engine.Messages.ForSms()).Text;
                    messages.Add(($"{Stream}/{version}/sms", new OutboxMessage(OutboxMessage.Sms, [.. notified.Sms.Select(p => p.Value)], subject, sms)));
                }
                if (notified.Emails.Count > 0)
                {
                    messages.Add(($"{Stream}/{version}/email", new OutboxMessage(OutboxMessage.Email, notified.Emails, subject, text)));
                }
                if (notified.App)
                {
                    messages.Add(($"{Stream}/{version}/app", new OutboxMessage(OutboxMessage.App, [subscriber], subject, text)));
                }
            }
            if (e is ImmediateStopConfirmed stop)
            {
                var text = engine.Messages.Text(MessageKind.ImmediateStop, _state.Definition!.Address.ToString(), (int)engine.Rules.CancellationWindow.TotalSeconds);
                if (stop.VoiceMessageTo is { } landline)
                {
                    messages.Add(($"{Stream}/{version}/voice", new OutboxMessage(OutboxMessage.Voice, [landline.Value], "", text)));
                }
                if (stop.EmailTo.Count > 0)
                {
                    messages.Add(($"{Stream}/{version}/email", new OutboxMessage(OutboxMessage.Email, stop.EmailTo, engine.Messages.Subject(MessageKind.ImmediateStop), text)));
                }
            }
            version++;
        }
        return messages;
    }

    /// <summary>The arming commands these events send to the panel (RC-1, RC-2).</summary>
    private List<PanelCommand> PanelCommands(IReadOnlyList<SiteEvent> events) =>
        [.. events.OfType<ArmingRequested>().Select(r => new PanelCommand(SiteId, _state.Definition!.Panel.Account, r.RequestId, r.Mode, r.Channel, r.RequestedBy, r.At, r.ExpiresAt))];

    private async Task Append(IReadOnlyList<SiteEvent> events, Actor by, List<(string Key, OutboxMessage Message)> messages, List<PanelCommand> commands)
    {
        var before = (_state, _version, new Dictionary<string, IncidentBrief>(_openBriefs));
        foreach (var e in events)
        {
            Apply(e);
        }
        var now = engine.Clock.GetCurrentInstant();
        var documents = new List<DocumentChange>
        {
            new UpsertDocument(Collections.SiteStatus, SiteId, EventCodec.Json(SiteStatus.Of(_state, now, _version + events.Count))),
            Deadlines.Document(Stream, _state.NextDeadline),
        };
        documents.AddRange(messages.Select(m => Outbox.Entry(m.Key, m.Message)));
        documents.AddRange(commands.Select(PanelCommandQueue.Entry));
        var supervised = SupervisionChanged(events) || LivenessFaultsChanged(events) ? Supervised() : null;
        if (supervised is not null)
        {
            documents.Add(new UpsertDocument(Collections.Supervised, SiteId, EventCodec.Json(supervised)));
        }
        var position = _version;
        foreach (var charged in events.OfType<SiteCharged>())
        {
            documents.Add(new UpsertDocument(Collections.Charges, $"{Stream}/{++position}",
                EventCodec.Json(new BillableEvent($"{Stream}/{position}", SiteId, null, charged.Charge, charged.At))));
        }
        try
        {
            var stored = await engine.Log.AppendAsync(Stream, _version, [.. events.Select(e => EventCodec.Encode(e, by))], documents);
            _version = stored[^1].Version;
        }
        catch
        {
            // Nothing was written: go back to what the log holds, and reload on the next call.
            (_state, _version, var briefs) = before;
            _openBriefs.Clear();
            foreach (var (id, brief) in briefs)
            {
                _openBriefs[id] = brief;
            }
            DeactivateOnIdle();
            throw;
        }
        engine.Deadlines.Schedule(Stream, _state.NextDeadline);
        if (supervised is not null && SupervisionChanged(events))
        {
            await GrainFactory.GetGrain<ISupervisionPartitionGrain>(SupervisionSettings.PartitionOf(SiteId, engine.Supervision.Partitions)).Watch(supervised);
        }
    }

    /// <summary>Supervision watches a site from its provisioning, with its profile and paths.</summary>
    private static bool SupervisionChanged(IReadOnlyList<SiteEvent> events) => events.Any(e => e is SiteProvisioned or SupervisionProfileChanged);

    private static readonly string[] LivenessFaults = [FaultKeys.Site, FaultKeys.CyclicTest, FaultKeys.Path(TransmissionKind.Ip), FaultKeys.Path(TransmissionKind.Gsm)];

    private static bool LivenessFaultsChanged(IReadOnlyList<SiteEvent> events) => events.Any(e =>
        (e is FaultRaised raised && LivenessFaults.Contains(raised.Fault.Key)) || (e is FaultCleared cleared && LivenessFaults.Contains(cleared.FaultKey)));

    private SupervisedSite Supervised()
    {
        var site = _state.Definition!;
        return new SupervisedSite(SiteId, site.SupervisionProfile, site.Panel.Paths, [.. LivenessFaults.Where(_state.Faults.ContainsKey)]);
    }

    private async Task Effects(IReadOnlyList<SiteEvent> events, List<(string Key, OutboxMessage Message)> messages, List<PanelCommand> commands)
    {
        foreach (var (key, _) in messages)
        {
            await engine.Outbox.DeliverAsync(key);
        }
        foreach (var command in commands)
        {
            await engine.PanelCommands.DeliverAsync(command.RequestId);
        }
        foreach (var e in events)
        {
            try
            {
                switch (e)
                {
                    case IncidentOpened opened:
                        EngineLog.IncidentOpened(logger, opened.Brief.IncidentId, SiteId, opened.Brief.Kind.ToString(), opened.Brief.Procedure.ToString());
                        await GrainFactory.GetGrain<IIncidentGrain>(opened.Brief.IncidentId).Execute(new OpenIncident(opened.Brief, Actor.System, opened.At));
                        break;
                    case AlarmJoinedIncident joined:
                        await GrainFactory.GetGrain<IIncidentGrain>(joined.IncidentId).Execute(new NoteSignal(joined.Signal, Actor.Panel(_state.Definition!.Panel.Account), joined.At));
                        break;
                    case FaultJoinedIncident joined:
                        await GrainFactory.GetGrain<IIncidentGrain>(joined.IncidentId).Execute(new NoteFault(joined.FaultKey, joined.Detail, Actor.System, joined.At) { What = joined.What });
                        break;
                    // A site back from a mass outage is told to that incident by the outage watch, which knows when all its paths are back.
                    case FaultCleared { IncidentId: { } incidentId } cleared:
                        await GrainFactory.GetGrain<IIncidentGrain>(incidentId).Execute(new NoteFaultCleared(cleared.FaultKey, cleared.Lasted, Actor.System, cleared.At));
                        break;
                    case TestPeriodEnded ended:
                        await engine.Console.SiteNoticeAsync(new SiteNotice(SiteId, SiteSteps.Of(ended), ended.At), CancellationToken.None);
                        break;
                    case SiteCharged charged:
                        await engine.Billing.RecordAsync(new BillableEvent(Stream, SiteId, null, charged.Charge, charged.At), CancellationToken.None);
                        break;
                    default:
                        break;
                }
            }
            catch (Exception error)
            {
                EngineLog.EffectFailed(logger, e.GetType().Name, Stream, error);
            }
        }
    }
}
