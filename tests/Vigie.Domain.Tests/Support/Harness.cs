using System.Globalization;
using System.Text;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Protocols.Events;

namespace Vigie.Domain.Tests.Support;

/// <summary>Panel signals decoded from real DC-03 and Contact ID payloads, read through <see cref="SignalInterpretation"/>.</summary>
internal static class PanelSignals
{
    public static SiteSignal Sia(string payload) => Interpret(SiaDc03Decoder.Decode(Encoding.ASCII.GetBytes(payload)));

    public static SiteSignal ContactId(string body) => Interpret(ContactIdDecoder.Decode(Encoding.ASCII.GetBytes(body)));

    private static SiteSignal Interpret(PayloadDecodeResult result)
    {
        Assert.True(result.Succeeded, result.Error);
        return SignalInterpretation.Interpret(Assert.Single(result.Events));
    }

    private static string Three(int n) => n.ToString("D3", CultureInfo.InvariantCulture);

    public static SiteSignal Intrusion(int zone) => Sia($"Nri1/BA{Three(zone)}");
    public static SiteSignal Tamper(int zone) => Sia($"Nri1/TA{Three(zone)}");
    public static SiteSignal Sos(int zone = 20) => Sia($"Nri1/PA{Three(zone)}");
    public static SiteSignal Smoke(int zone = 10) => Sia($"Nri1/FA{Three(zone)}");
    public static SiteSignal Flood(int zone = 11) => Sia($"Nri1/WA{Three(zone)}");
    // SIA DC-03 has no carbon monoxide code: Contact ID 162.
    public static SiteSignal CarbonMonoxide(int zone = 12) => ContactId($"1162 01 {Three(zone)}");
    public static SiteSignal Duress(int user = 3) => ContactId($"1121 01 {Three(user)}");
    public static SiteSignal ArmTotal(int user = 1) => Sia($"Nri1/CL{Three(user)}");
    public static SiteSignal ArmPartial(int user = 1) => Sia($"Nri1/NL{Three(user)}");
    public static SiteSignal Disarm(int user = 1) => Sia($"Nri1/OP{Three(user)}");
    public static SiteSignal PeriodicTest => Sia("Nri0/RP");
    public static SiteSignal MainsLost => Sia("Nri0/AT");
}

internal static class Actors
{
    public static readonly Actor Operator = Actor.Operator("op-marie");
    public static readonly Actor Panel = Actor.Panel("0042");
}

/// <summary>Runs site commands: Decide, then Evolve every event it gives (a refusal's record included).</summary>
internal sealed class SiteHarness
{
    private long _journalId;

    public SiteHarness(EngineRules? rules = null) => Rules = rules ?? new EngineRules();

    public EngineRules Rules { get; }
    public SiteState State { get; private set; } = SiteState.Empty;
    public List<SiteEvent> Log { get; } = [];

    public Decision<SiteEvent> Run(SiteCommand command)
    {
        var decision = Site.Decide(State, command, Rules, TestSites.Catalogue);
        foreach (var e in decision.Events)
        {
            State = Site.Evolve(State, e, Rules);
            Log.Add(e);
        }
        return decision;
    }

    /// <summary>Provisioned, not yet monitored: no activation step confirmed.</summary>
    public static SiteHarness Provisioned(SiteDefinition definition, EngineRules? rules = null)
    {
        var site = new SiteHarness(rules);
        var provisioned = site.Run(new ProvisionSite(definition, Actor.System, Clock.T0 - Duration.FromDays(3)));
        Assert.False(provisioned.IsRefused, provisioned.Refusal?.Detail);
        return site;
    }

    /// <summary>Provisioned, first signal received, every activation step confirmed (CON-7): the station watches the site.</summary>
    public static SiteHarness Active(SiteDefinition definition, EngineRules? rules = null)
    {
        var site = Provisioned(definition, rules);
        var setup = Clock.T0 - Duration.FromDays(2);
        site.Receive(PanelSignals.PeriodicTest, setup);
        foreach (var step in Enum.GetValues<ActivationStep>())
        {
            var confirmed = site.Run(new ConfirmActivationStep(step, Actor.System, setup));
            Assert.False(confirmed.IsRefused, confirmed.Refusal?.Detail);
        }
        Assert.True(site.State.SurveillanceActive);
        site.Log.Clear();
        return site;
    }

    public SignalKey NextKey() => new(++_journalId, string.Create(CultureInfo.InvariantCulture, $"0042|L1|{_journalId:D4}"));

    public Decision<SiteEvent> Receive(SiteSignal signal, Instant at) => Run(new ReceiveSignal(NextKey(), signal, Actors.Panel, at));

    public Decision<SiteEvent> Tick(Instant at) => Run(new SiteTick(Actor.Clock, at));
}

/// <summary>Runs incident commands: Decide, then Evolve every event it gives (a refusal's record included).</summary>
internal sealed class IncidentHarness
{
    private readonly Station? _station;

    public IncidentHarness(EngineRules? rules = null, Station? station = null)
    {
        Rules = rules ?? new EngineRules();
        _station = station;
    }

    public EngineRules Rules { get; }
    public IncidentState State { get; private set; } = IncidentState.Empty;
    public List<IncidentEvent> Log { get; } = [];
    public IncidentBrief Brief => State.Brief!;
    public string Id => Brief.IncidentId;

    /// <summary>Opens the incident; the operator on duty (<see cref="Actors.Operator"/>) takes it at once unless <paramref name="taken"/> is false.</summary>
    public static IncidentHarness Open(IncidentBrief brief, Instant at, EngineRules? rules = null, bool taken = true)
    {
        var incident = new IncidentHarness(rules);
        incident.Run(new OpenIncident(brief, Actor.System, at));
        if (taken)
        {
            incident.TakeAsOperator(at);
        }
        return incident;
    }

    /// <summary>An incident is handled only by the operator who took it: the operator on duty takes it before any step.</summary>
    public void TakeAsOperator(Instant at)
    {
        if (State.IsOpen)
        {
            Do(new TakeIncident(Actors.Operator, at));
        }
    }

    public Decision<IncidentEvent> Run(IncidentCommand command)
    {
        var decision = Incident.Decide(State, command, Rules);
        foreach (var e in decision.Events)
        {
            State = Incident.Evolve(State, e);
            Log.Add(e);
        }
        _station?.Route(this, decision.Events);
        return decision;
    }

    public T Single<T>() where T : IncidentEvent => Assert.Single(Log.OfType<T>());

    /// <summary>Runs a command the test expects accepted.</summary>
    public IReadOnlyList<IncidentEvent> Do(IncidentCommand command)
    {
        var decision = Run(command);
        Assert.False(decision.IsRefused, $"{command.Name} refused: {decision.Refusal}");
        return decision.Events;
    }
}

/// <summary>
/// A site and its incidents wired as the engine wires them: an opened incident starts its procedure, a joined
/// alarm is noted in it, a closed incident is noted on the site, a duress code revealed raises an SOS on the site.
/// </summary>
internal sealed class Station
{
    /// <param name="takeIncidents">The operator on duty takes each incident as it opens (as at the console); false leaves them untaken.</param>
    public Station(SiteDefinition definition, EngineRules? rules = null, bool takeIncidents = true)
    {
        Rules = rules ?? new EngineRules();
        Site = SiteHarness.Active(definition, Rules);
        _takeIncidents = takeIncidents;
    }

    private readonly bool _takeIncidents;

    public EngineRules Rules { get; }
    public SiteHarness Site { get; }
    public List<IncidentHarness> Incidents { get; } = [];

    public IncidentHarness Incident(AlertFamily family) => Assert.Single(Incidents, i => i.Brief.Kind.Family() == family);

    /// <summary>The liveness watch reports a change of this site.</summary>
    public Decision<SiteEvent> Liveness(LivenessChangeKind kind, Instant lastHeard, Instant at, TransmissionKind? path = null, string? groupedIn = null) =>
        Run(new NoteLiveness(new LivenessChange(Site.State.Definition!.SiteId, kind, path, lastHeard, at, at), groupedIn, Actor.System, at));

    public Decision<SiteEvent> Run(SiteCommand command)
    {
        var decision = Site.Run(command);
        Route(decision.Events);
        return decision;
    }

    public Decision<SiteEvent> Receive(SiteSignal signal, Instant at)
    {
        var decision = Site.Receive(signal, at);
        Route(decision.Events);
        return decision;
    }

    public Decision<SiteEvent> Tick(Instant at)
    {
        var decision = Site.Tick(at);
        Route(decision.Events);
        foreach (var incident in Incidents.Where(i => i.State.IsOpen).ToList())
        {
            incident.Run(new IncidentTick(Actor.Clock, at));
        }
        return decision;
    }

    private void Route(IEnumerable<SiteEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case IncidentOpened opened:
                    var incident = new IncidentHarness(Rules, this);
                    Incidents.Add(incident);
                    incident.Run(new OpenIncident(opened.Brief, Actor.System, opened.At));
                    if (_takeIncidents)
                    {
                        incident.TakeAsOperator(opened.At);
                    }
                    break;
                case AlarmJoinedIncident joined:
                    Incidents.Single(i => i.Id == joined.IncidentId).Run(new NoteSignal(joined.Signal, Actor.System, joined.At));
                    break;
                case FaultJoinedIncident fault:
                    Incidents.Single(i => i.Id == fault.IncidentId).Run(new NoteFault(fault.FaultKey, fault.Detail, Actor.System, fault.At) { What = fault.What });
                    break;
                case FaultCleared { IncidentId: { } id } cleared:
                    Incidents.Single(i => i.Id == id).Run(new NoteFaultCleared(cleared.FaultKey, cleared.Lasted, Actor.System, cleared.At));
                    break;
            }
        }
    }

    internal void Route(IncidentHarness incident, IEnumerable<IncidentEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case IncidentClosed closed:
                    Run(new NoteIncidentClosed(incident.Id, Actor.System, closed.At));
                    break;
                case DuressRevealed revealed:
                    Run(new RaiseDuress(incident.Id, Actor.System, revealed.At));
                    break;
            }
        }
    }

    /// <summary>Books PROTECT+ one hour before <paramref name="start"/> and lets the clock start it.</summary>
    public void StartProtectPlus(Instant start, int periods = 1)
    {
        var booked = Run(new BookProtectPlus(start, periods, Actor.Subscriber("sub-1"), start - Duration.FromHours(1)));
        Assert.False(booked.IsRefused, booked.Refusal?.Detail);
        Tick(start);
        Assert.True(Site.State.InProtectPlus(start));
    }

    /// <summary>Armed total at T0, intrusion in the living room 10 s later, the window passed: the incident is open.</summary>
    public IncidentHarness IntrusionIncident()
    {
        Receive(PanelSignals.ArmTotal(), Clock.T0);
        Receive(PanelSignals.Intrusion(TestSites.LivingRoom.Number), Clock.Seconds(10));
        Tick(Clock.Seconds(10) + Rules.CancellationWindow + Rules.EscalationGrace);
        return Incident(AlertFamily.Intrusion);
    }
}
