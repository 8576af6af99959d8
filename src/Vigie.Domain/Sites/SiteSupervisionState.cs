using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Supervision;

namespace Vigie.Domain.Sites;

/// <summary>
/// A current fault of the site, as the portal shows it (SUP-1 … SUP-4). <paramref name="IncidentId"/> is the
/// technical incident following it; <paramref name="GroupedIn"/> the mass-outage incident it belongs to.
/// </summary>
public sealed record SiteFault(string Key, AlertKind Kind, Instant Since, string Detail, string? IncidentId = null, string? GroupedIn = null)
{
    /// <summary><see cref="Detail"/> typed (key <c>Fault.{What}</c> and values), for a reader's text; null in faults recorded before it was kept.</summary>
    public Step? What { get; init; }

    // What is the typed form of Detail, the same fact: equal details are equal faults.
    public bool Equals(SiteFault? other) => other is not null && Key == other.Key && Kind == other.Kind && Since == other.Since &&
        Detail == other.Detail && IncidentId == other.IncidentId && GroupedIn == other.GroupedIn;

    public override int GetHashCode() => HashCode.Combine(Key, Kind, Since, Detail, IncidentId, GroupedIn);
}

/// <summary>A past outage of a transmission path or of the whole site: from the last message heard to the first one after.</summary>
public sealed record OutageRecord(string FaultKey, AlertKind Kind, TransmissionKind? Path, Instant Start, Instant End, Duration Duration);

/// <summary>A notice to the subscriber waiting for its time (SUP-1 next working day, SUP-3 1 h 30, SUP-4 30 min).</summary>
/// <param name="NoticeId">Its id on the site.</param>
/// <param name="Notice">What it is about (<see cref="SubscriberNotices"/>).</param>
/// <param name="Due">When it goes out.</param>
/// <param name="FaultKey">The fault it is about; a mains or camera notice is cancelled when that fault clears first.</param>
/// <param name="Since">When what it reports happened.</param>
public sealed record PendingNotice(string NoticeId, string Notice, Instant Due, string? FaultKey, Instant Since);

/// <summary>A test or maintenance period of the site; <paramref name="By"/> is the actor who set it ("operator:alice").</summary>
public sealed record TestPeriod(string PeriodId, TestPeriodKind Kind, Instant Start, Instant End, string Reason, string By)
{
    public bool Covers(Instant at) => at >= Start && at < End;

    /// <summary>"on test (maintenance ti-1-T001 until …: reason)": the reason an alarm or fault raised nothing.</summary>
    public string Describe() => $"on test ({(Kind == TestPeriodKind.Maintenance ? "maintenance" : "detector test")} {PeriodId} until {End}: {Reason})";
}
