using NodaTime;

namespace Vigie.Station.Reports;

/// <summary>
/// An incident as the subscriber, the insurer or the police receive it (INS-4): the facts from the brief, every step of
/// the timeline with the stored event behind it, the verdict on the log's hash chain, and a digest over all of it.
/// Built from the incident's own stream, so it stays true after the site's instructions change.
/// </summary>
public sealed record IncidentReport
{
    /// <summary>Names the layout of the JSON, so a reader years later knows how to check it.</summary>
    public string Format { get; init; } = IncidentReportJson.Format;
    public required string IncidentId { get; init; }
    public required string SiteId { get; init; }
    public required string Subscriber { get; init; }
    public string? Address { get; init; }
    public required string Offer { get; init; }
    public required string AlertKind { get; init; }
    public required string Procedure { get; init; }
    public int? Zone { get; init; }
    public string? ZoneName { get; init; }
    /// <summary>The site's IANA zone: every local time in the report is in it.</summary>
    public required string TimeZone { get; init; }
    public required Instant AlertAt { get; init; }
    public Instant? OpenedAt { get; init; }
    public Instant? ClosedAt { get; init; }
    /// <summary>From the alert to the closing, whole seconds; null while open.</summary>
    public long? DurationSeconds { get; init; }
    public string? Classification { get; init; }
    public string? ClosingNote { get; init; }
    /// <summary>What established that a crime was under way (agent, video, duress…), null when nothing did.</summary>
    public string? Verification { get; init; }
    public required IReadOnlyList<ReportEntry> Timeline { get; init; }
    public required ReportChain Chain { get; init; }
    public required Instant GeneratedAt { get; init; }
    public required string GeneratedBy { get; init; }
    /// <summary>SHA-256 of the report's canonical JSON without this member (see <see cref="IncidentReportJson"/>).</summary>
    public string Digest { get; init; } = "";
}

/// <summary>
/// One step of the timeline. <see cref="Data"/>, <see cref="PreviousHash"/> and <see cref="At"/> are the stored
/// event's, exactly: with the stream name they are the whole input of <see cref="Hash"/>, so anyone can recompute it.
/// <see cref="Digest"/> covers the entry alone, so a change to it is found and named.
/// </summary>
public sealed record ReportEntry
{
    public required long Version { get; init; }
    public required Instant At { get; init; }
    /// <summary>The same instant in the site's zone, ISO-8601 with its offset.</summary>
    public required string AtLocal { get; init; }
    public required string Actor { get; init; }
    public required string Type { get; init; }
    public required string Text { get; init; }
    public required string Data { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }
    public string Digest { get; init; } = "";
}

/// <summary>The log's own verification of the stream when the report was made (<see cref="Storage.IEventLog.VerifyStreamAsync"/>).</summary>
public sealed record ReportChain(string Stream, long EventsChecked, bool IsIntact, long? FirstBrokenVersion, string? Problem, string? HeadHash);
