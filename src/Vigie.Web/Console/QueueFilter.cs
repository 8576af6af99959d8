using System.Globalization;
using Vigie.Domain.Incidents;
using Vigie.Station.Engine;

namespace Vigie.Web.Console;

/// <summary>Which open incidents the queue shows by their handling: all, those nobody has taken, those taken.</summary>
public enum QueueState
{
    Open,
    Waiting,
    Taken,
}

/// <summary>
/// The operator's view of the queue: a search over site id, subscriber, panel account and incident id (every word must
/// match one of them, case and accents ignored), an alarm type, a handling state, and "mine" (taken by the member).
/// The default shows every open incident.
/// </summary>
public sealed record QueueFilter(string Text = "", AlertKind? Kind = null, QueueState State = QueueState.Open, bool Mine = false)
{
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
    private const CompareOptions Loosely = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth;

    public static QueueFilter Everything { get; } = new();

    /// <summary>True when the filter may hide an open incident.</summary>
    public bool Narrows => Words.Length > 0 || Kind is not null || State != QueueState.Open || Mine;

    private string[] Words => Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <param name="panelAccount">The site's panel account, when known.</param>
    /// <param name="me">The signed-in member's login ("mine").</param>
    public bool Matches(IncidentSummary incident, string? panelAccount, string me)
    {
        if (Kind is { } kind && incident.Kind != kind)
        {
            return false;
        }
        var taken = incident.HandledBy is not null;
        if ((State == QueueState.Waiting && taken) || (State == QueueState.Taken && !taken))
        {
            return false;
        }
        if (Mine && !string.Equals(incident.HandledBy, me, StringComparison.Ordinal))
        {
            return false;
        }
        string?[] fields = [incident.SiteId, incident.Subscriber, panelAccount, incident.IncidentId];
        return Words.All(word => fields.Any(field => field is not null && Compare.IndexOf(field, word, Loosely) >= 0));
    }
}

/// <summary>What the queue shows: the incidents the filter keeps, most urgent first, and how many are open in all.</summary>
public sealed record QueueView(IReadOnlyList<IncidentSummary> Incidents, int Open)
{
    /// <summary>Open incidents the filter hides (a new alarm outside the filter still counts here, and still beeps).</summary>
    public int Hidden => Open - Incidents.Count;
}
