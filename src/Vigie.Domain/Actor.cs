namespace Vigie.Domain;

/// <summary>Who asked for a change: every event of the log names one (ARCHITECTURE rule 4).</summary>
public enum ActorKind
{
    /// <summary>The station itself (an automatic decision).</summary>
    System,
    /// <summary>A deadline passing (a window, a call timeout, the end of a PROTECT+ period).</summary>
    Clock,
    /// <summary>The site's control panel (a signal).</summary>
    Panel,
    Operator,
    Supervisor,
    Subscriber,
    Contact,
    /// <summary>The voice server reporting a call's outcome.</summary>
    PhoneSystem,
    /// <summary>A security agent reporting through the station.</summary>
    Agent,
    /// <summary>Whoever holds a virtual remote (RC-2); the id is "{siteId}/{remoteId}".</summary>
    RemoteHolder,
}

/// <summary>An actor and its identity (operator login, phone number, panel account...).</summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    public static Actor System { get; } = new(ActorKind.System, "station");
    public static Actor Clock { get; } = new(ActorKind.Clock, "clock");
    public static Actor Panel(string account) => new(ActorKind.Panel, account);
    public static Actor Operator(string login) => new(ActorKind.Operator, login);
    public static Actor Supervisor(string login) => new(ActorKind.Supervisor, login);
    public static Actor Subscriber(string id) => new(ActorKind.Subscriber, id);
    public static Actor Contact(string phone) => new(ActorKind.Contact, phone);
    public static Actor PhoneSystem { get; } = new(ActorKind.PhoneSystem, "voice-server");
    public static Actor RemoteHolder(string siteId, string remoteId) => new(ActorKind.RemoteHolder, $"{siteId}/{remoteId}");

    /// <summary>True when a person asked (their refused commands are recorded for audit).</summary>
    public bool IsPerson => Kind is ActorKind.Operator or ActorKind.Supervisor or ActorKind.Subscriber or ActorKind.Contact or ActorKind.Agent or ActorKind.RemoteHolder;

    /// <summary>"operator:alice" — the form stored in the event log.</summary>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";

    public static Actor Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Enum.TryParse<ActorKind>(text[..colon], ignoreCase: true, out var kind))
        {
            throw new FormatException($"actor '{text}': expected kind:id (e.g. operator:alice)");
        }
        return new Actor(kind, text[(colon + 1)..]);
    }
}
