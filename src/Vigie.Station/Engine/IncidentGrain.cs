using Microsoft.Extensions.Logging;
using Orleans;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Station.Messages;
using Vigie.Station.Ports;
using Vigie.Storage;

namespace Vigie.Station.Engine;

/// <summary>One incident's single writer: its procedure's steps are decided and logged here, in order.</summary>
public interface IIncidentGrain : IGrainWithStringKey
{
    Task<CommandResult> Execute(IncidentCommand command);

    /// <summary>The voice server reports the DTMF typed on an automatic call: the code is checked against the site's, never stored.</summary>
    Task<CommandResult> CallAnswered(string callId, string dtmf, Actor by);

    /// <summary>An operator typed the code heard on the phone (CON-6).</summary>
    Task<CommandResult> CheckHeardCode(string code, Actor by);

    Task<IncidentState?> State();

    /// <summary>
    /// Opens the incident if its stream does not exist yet (a crash between the site's write and this one).
    /// One-way: the site calls it while activating, and must not wait on an incident that may be waiting on it.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task EnsureOpened(IncidentBrief brief);

    Task Wake();
}

internal sealed class IncidentGrain(EngineServices engine, ILogger<IncidentGrain> logger) : Grain, IIncidentGrain
{
    private IncidentState _state = IncidentState.Empty;
    private long _version;

    private string IncidentId => this.GetPrimaryKeyString();
    private string Stream => Streams.Incident(IncidentId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await engine.Log.ReadStreamAsync(Stream, ct: cancellationToken))
        {
            _state = Incident.Evolve(_state, EventCodec.DecodeIncident(stored));
            _version = stored.Version;
        }
        engine.Deadlines.Schedule(Stream, _state.NextDeadline(engine.Rules));
        // A call placed just before a stop rings again: its outcome was never reported.
        if (_state.CurrentCall is { } call && _state.Brief is { } brief)
        {
            await Ring(brief, call.CallId, call.Callee, engine.Clock.GetCurrentInstant());
        }
    }

    public async Task<CommandResult> Execute(IncidentCommand command)
    {
        var decision = Incident.Decide(_state, command, engine.Rules);
        if (decision.Events.Count > 0)
        {
            var before = _state;
            var messages = Messages(decision.Events, _version + 1, before.Brief ?? (decision.Events[0] as IncidentStarted)?.Brief);
            await Append(decision.Events, command.By, messages);
            await Effects(before, decision.Events, messages);
            if (decision.Events[0] is IncidentStarted { Brief: var opened } && !opened.Kind.IsTechnical())
            {
                await AttachWaitingMedia(opened);
                if (opened.Kind == AlertKind.Intrusion)
                {
                    // In the background: cutting waits for the post-roll, the engine does not.
                    engine.AlarmClips?.Request(opened.SiteId, opened.AlertAt);
                }
            }
        }
        return CommandResult.From(decision);
    }

    public async Task<CommandResult> CallAnswered(string callId, string dtmf, Actor by)
    {
        if (_state.Brief is not { } brief)
        {
            return CommandResult.Refused(Refusal.NotFound(RefusalCodes.IncidentNotFound, "no such incident"));
        }
        var (code, agent) = Dtmf.Parse(dtmf);
        var check = await GrainFactory.GetGrain<ISiteGrain>(brief.SiteId).CheckCode(code);
        return await Execute(new ReportCallAnswered(callId, check, agent, by, engine.Clock.GetCurrentInstant()));
    }

    public async Task<CommandResult> CheckHeardCode(string code, Actor by)
    {
        if (_state.Brief is not { } brief)
        {
            return CommandResult.Refused(Refusal.NotFound(RefusalCodes.IncidentNotFound, "no such incident"));
        }
        if (!SecretCode.IsWellFormed(code, out var error))
        {
            return CommandResult.Refused(Refusal.Invalid("code", RefusalCodes.CodeMalformed, $"code: {error}"));
        }
        var check = await GrainFactory.GetGrain<ISiteGrain>(brief.SiteId).CheckCode(code);
        return await Execute(new CheckCode(check, by, engine.Clock.GetCurrentInstant()));
    }

    public Task<IncidentState?> State() => Task.FromResult(_state.Brief is null ? null : _state);

    public Task EnsureOpened(IncidentBrief brief) =>
        _state.Status == IncidentStatus.NotOpened ? Execute(new OpenIncident(brief, Actor.System, brief.AlertAt)) : Task.CompletedTask;

    public async Task Wake()
    {
        if (_state.IsOpen)
        {
            await Execute(new IncidentTick(Actor.Clock, engine.Clock.GetCurrentInstant()));
        }
    }

    /// <summary>The information emails these events call for (ALR-5), keyed by their event.</summary>
    private List<(string Key, OutboxMessage Message)> Messages(IReadOnlyList<IncidentEvent> events, long firstVersion, IncidentBrief? brief)
    {
        var messages = new List<(string, OutboxMessage)>();
        var version = firstVersion;
        foreach (var e in events)
        {
            if (e is InformationEmailSent email && email.To.Count > 0 && brief is not null)
            {
                messages.Add(($"{Stream}/{version}/email", new OutboxMessage(OutboxMessage.Email, email.To,
                    engine.Messages.Subject(MessageKind.InfoAlertesEmail, engine.Messages.Word($"AlertKind.{brief.Kind}"), brief.SiteAddress),
                    NoticeTexts.InformationEmail(email, brief.Kind, brief.SiteAddress, engine.Messages))));
            }
            version++;
        }
        return messages;
    }

    private async Task Append(IReadOnlyList<IncidentEvent> events, Actor by, List<(string Key, OutboxMessage Message)> messages)
    {
        var before = (_state, _version);
        foreach (var e in events)
        {
            _state = Incident.Evolve(_state, e);
        }
        var version = _version + events.Count;
        var summary = IncidentSummary.Of(_state, events[^1], version);
        var documents = new List<DocumentChange>
        {
            new UpsertDocument(Collections.Incidents, IncidentId, EventCodec.Json(summary)),
            _state.IsOpen
                ? new UpsertDocument(Collections.OpenIncidents, IncidentId, EventCodec.Json(summary))
                : new DeleteDocument(Collections.OpenIncidents, IncidentId),
            Deadlines.Document(Stream, _state.NextDeadline(engine.Rules)),
        };
        documents.AddRange(messages.Select(m => Outbox.Entry(m.Key, m.Message)));
        var position = _version;
        foreach (var e in events)
        {
            position++;
            if (e is IncidentCharged charged)
            {
                documents.Add(new UpsertDocument(Collections.Charges, $"{Stream}/{position}",
                    EventCodec.Json(new BillableEvent($"{Stream}/{position}", _state.Brief!.SiteId, IncidentId, charged.Charge, charged.At))));
            }
        }
        try
        {
            var stored = await engine.Log.AppendAsync(Stream, _version, [.. events.Select(e => EventCodec.Encode(e, by))], documents);
            _version = stored[^1].Version;
        }
        catch
        {
            (_state, _version) = before;
            DeactivateOnIdle();
            throw;
        }
        engine.Deadlines.Schedule(Stream, _state.NextDeadline(engine.Rules));
    }

    private async Task Effects(IncidentState before, IReadOnlyList<IncidentEvent> events, List<(string Key, OutboxMessage Message)> messages)
    {
        foreach (var (key, _) in messages)
        {
            await engine.Outbox.DeliverAsync(key);
        }
        var brief = _state.Brief!;
        var position = _version - events.Count;
        foreach (var e in events)
        {
            position++;
            try
            {
                switch (e)
                {
                    case CallPlaced placed:
                        await Ring(brief, placed.CallId, placed.Callee, placed.At);
                        break;
                    case CallUnanswered unanswered:
                        await engine.Voice.HangUpAsync(unanswered.CallId, CancellationToken.None);
                        break;
                    case IncidentCharged charged:
                        await engine.Billing.RecordAsync(new BillableEvent($"{Stream}/{position}", brief.SiteId, IncidentId, charged.Charge, charged.At), CancellationToken.None);
                        break;
                    case MediaAttached attached:
                        await engine.Media.SetIncidentAsync(attached.MediaId, IncidentId, _state.FrozenForClaim is not null);
                        break;
                    case EvidenceFrozen:
                        await engine.Media.FreezeIncidentAsync(IncidentId);
                        break;
                    case DuressRevealed:
                        await GrainFactory.GetGrain<ISiteGrain>(brief.SiteId).DuressRevealed(IncidentId);
                        break;
                    case IncidentClosed:
                        if (before.CurrentCall is { } ringing)
                        {
                            await engine.Voice.HangUpAsync(ringing.CallId, CancellationToken.None);
                        }
                        await GrainFactory.GetGrain<ISiteGrain>(brief.SiteId).IncidentClosed(IncidentId);
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
        var last = events[^1];
        await engine.Console.IncidentChangedAsync(
            new IncidentNotice(IncidentId, brief.SiteId, brief.Kind, brief.Priority, brief.Procedure, _state.IsOpen, IncidentSteps.Of(last), last.At,
                _state.HeldBy, _state.EscalatedAt is not null), CancellationToken.None);
    }

    /// <summary>
    /// Media of this alarm that came during its cancellation window: the clips its signals named (DC-09 field V), and the
    /// site's other photos and clips received since shortly before the alert. Attached by this grain itself (a call
    /// through the grain factory would wait on this very turn).
    /// </summary>
    private async Task AttachWaitingMedia(IncidentBrief brief)
    {
        try
        {
            var since = brief.AlertAt - engine.MediaSettings.AlarmLead;
            var waiting = new List<Media.MediaRecord>();
            foreach (var reference in await engine.Media.ResolveReferencesAsync(brief.SiteId, since, IncidentId))
            {
                waiting.AddRange((await engine.Media.NamedAsync(brief.SiteId, reference.Name)).Where(m => m.IncidentId is null));
            }
            waiting.AddRange((await engine.Media.UnattachedAsync(brief.SiteId, since)).Where(m => m.Name is null));
            foreach (var medium in waiting.DistinctBy(m => m.Id))
            {
                await Execute(Media.MediaIntake.Attach(medium, engine.Clock.GetCurrentInstant()));
            }
        }
        catch (Exception error)
        {
            EngineLog.EffectFailed(logger, nameof(MediaAttached), Stream, error);
        }
    }

    private Task Ring(IncidentBrief brief, string callId, Callee callee, NodaTime.Instant at) =>
        engine.Voice.PlaceCallAsync(new VoiceCall(IncidentId, callId, callee.Phone, callee.Name,
            engine.Messages.Text(MessageKind.InfoAlertesCall, engine.Messages.Word($"AlertKind.{brief.Kind}"), brief.SiteAddress), at),
            CancellationToken.None);
}

/// <summary>DTMF typed on an automatic call: the code, then "#9" to ask for a security agent (ALR-6).</summary>
public static class Dtmf
{
    public static (string Code, bool AgentRequested) Parse(string dtmf)
    {
        var text = dtmf.Trim();
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (text, false) : (text[..hash], text[(hash + 1)..] == "9");
    }
}
