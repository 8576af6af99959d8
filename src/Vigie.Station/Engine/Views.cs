using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Offers;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;

namespace Vigie.Station.Engine;

/// <summary>The outcome of a command sent to a grain: accepted, or the domain's typed refusal.</summary>
public sealed record CommandResult(bool Accepted, Vigie.Domain.Refusal? Refusal, int Events)
{
    public static CommandResult From<T>(Vigie.Domain.Decision<T> decision) => new(!decision.IsRefused, decision.Refusal, decision.Events.Count);

    public static CommandResult Refused(Vigie.Domain.Refusal refusal) => new(false, refusal, 0);
}

/// <summary>A site's status (projection "site-status"; the portal's and console's site header).</summary>
public sealed record SiteStatus(
    string SiteId,
    string Subscriber,
    OfferCode Offer,
    string Address,
    ArmingMode Arming,
    Instant? ArmingSince,
    int? ArmingUser,
    ArmingChannel ArmingChannel,
    bool SurveillanceActive,
    IReadOnlyList<ActivationStep> MissingActivation,
    bool InProtectPlus,
    IReadOnlyList<ProtectPlusBooking> ProtectPlus,
    IReadOnlyList<PendingAlert> PendingAlerts,
    IReadOnlyList<string> OpenIncidents,
    Instant? LastSignalAt,
    long Version,
    string SupervisionProfile,
    IReadOnlyList<SiteFault> Faults,
    IReadOnlyList<OutageRecord> Outages,
    TestPeriod? TestPeriod,
    bool ActivityDetection,
    Instant? NextDetectorTestReminder,
    // Remote control (RC-1 … RC-5, INS-5); defaults read back statuses written before them.
    string SubscriberId = "",
    ArmingRequest? PendingArming = null,
    ArmingNoticeChoices ArmingNotices = null!,
    InsurerDetails? Insurer = null,
    IReadOnlyList<LostDeviceReport> LostDevices = null!,
    // The console's queue search and map; defaults read back statuses written before them.
    string? PanelAccount = null,
    double? Latitude = null,
    double? Longitude = null,
    // Video settings (VID-8, VID-11); defaults read back statuses written before them.
    bool PrivacyMode = false,
    Vigie.Domain.Video.DetectionSchedule? DetectionSchedule = null)
{
    /// <summary>The subscriber's arm/disarm information choices (RC-5); none chosen in a status written before them.</summary>
    public ArmingNoticeChoices ArmingNotices { get; init; } = ArmingNotices ?? ArmingNoticeChoices.None;

    /// <summary>Lost or stolen devices reported, with the date locks and keys are to be replaced by (INS-5).</summary>
    public IReadOnlyList<LostDeviceReport> LostDevices { get; init; } = LostDevices ?? [];

    public static SiteStatus Of(SiteState state, Instant now, long version)
    {
        var site = state.Definition!;
        return new SiteStatus(site.SiteId, site.Subscriber.Name, site.Offer, site.Address.ToString(), state.Arming.Mode, state.Arming.Since,
            state.Arming.User, state.Arming.Channel, state.SurveillanceActive, [.. state.MissingActivationSteps], state.InProtectPlus(now),
            state.ProtectPlus, state.PendingAlerts, [.. state.OpenIncidents.Values], state.LastSignalAt, version,
            site.SupervisionProfile, [.. state.Faults.Values.OrderBy(f => f.Since)], state.Outages, state.TestPeriod, state.ActivityDetection,
            state.NextDetectorTestReminder, site.Subscriber.Id, state.PendingArming, state.ArmingNotices, state.Insurer, state.LostDevices,
            site.Panel.Account, site.Latitude, site.Longitude, state.PrivacyMode, state.DetectionSchedule);
    }
}

/// <summary>A virtual remote as the portal shows it (RC-2): never its token nor the token's hash.</summary>
public sealed record VirtualRemoteView(
    string RemoteId,
    string Name,
    Instant CreatedAt,
    Instant? ExpiresAt,
    Instant? RevokedAt,
    RevocationReason? RevocationReason,
    IReadOnlyList<RemoteUseView> Uses)
{
    public static VirtualRemoteView Of(VirtualRemote remote) => new(remote.RemoteId, remote.Name, remote.CreatedAt, remote.ExpiresAt, remote.RevokedAt,
        remote.RevocationReason, [.. remote.Uses.Select(u => new RemoteUseView(u.At, u.Mode, u.Accepted ? "accepted" : "refused", u.Refusal))]);
}

/// <summary>One use of a virtual remote: "accepted", or "refused" with the reason.</summary>
public sealed record RemoteUseView(Instant At, ArmingMode Mode, string Outcome, string? Refusal);

/// <summary>What a valid virtual remote token grants: arming and disarming this site, as this remote (RC-2).</summary>
public sealed record RemoteGrant(string SiteId, string RemoteId, string Name);

/// <summary>A site's supervision for the portal: last contact, path status, current faults, outage history.</summary>
public sealed record SiteSupervisionView(
    string SiteId,
    string Profile,
    Instant? LastContact,
    Vigie.Domain.Supervision.SiteLiveness? Liveness,
    IReadOnlyList<SiteFault> Faults,
    IReadOnlyList<OutageRecord> Outages,
    TestPeriod? TestPeriod,
    bool ActivityDetection);

public sealed record SupervisionOverview(
    int Sites,
    int SitesLost,
    int PathsLost,
    int CyclicTestsMissed,
    Supervision.OutageWatchStatus MassOutage,
    IReadOnlyList<Supervision.PartitionStatus> Partitions,
    IReadOnlyList<Vigie.Domain.Supervision.SupervisionProfile> Profiles);

/// <summary>
/// An incident in a list (projections "open-incidents" and "incidents"). <see cref="HandledBy"/> is the holder
/// while open, the last holder once closed.
/// </summary>
public sealed record IncidentSummary(
    string IncidentId,
    string SiteId,
    string Subscriber,
    AlertKind Kind,
    int Priority,
    ProcedureKind Procedure,
    OfferCode Offer,
    bool InProtectPlus,
    Instant AlertAt,
    Instant OpenedAt,
    IncidentStatus Status,
    Instant? ClosedAt,
    Classification? Classification,
    string LastStep,
    Instant LastStepAt,
    long Version,
    // Defaults: summaries written before the console's handling read back.
    string? HandledBy = null,
    Instant? FirstTakenAt = null,
    Instant? EscalatedAt = null,
    // The last step, typed (summaries written before it was kept have none: LastStep, English, is all they have).
    Step? Last = null)
{
    /// <summary>The last step in the reader's language.</summary>
    public string LastStepText => Last is { } step ? Texts.StepText.Of(step) : LastStep;

    /// <summary>Written with every append of the incident's stream, so handling changes show at once.</summary>
    public static IncidentSummary Of(IncidentState state, IncidentEvent last, long version)
    {
        var brief = state.Brief!;
        return new IncidentSummary(brief.IncidentId, brief.SiteId, brief.SubscriberName, brief.Kind, brief.Priority, brief.Procedure, brief.Offer,
            brief.InProtectPlus, brief.AlertAt, state.OpenedAt!.Value, state.Status, state.ClosedAt, state.Classification, last.Describe(), last.At, version,
            state.HandledBy, state.FirstTakenAt, state.EscalatedAt, IncidentSteps.Of(last));
    }
}

/// <summary>One action of the procedure and why it is not available now (the console greys it out with the reason).</summary>
public sealed record ActionAvailability(string Command, bool Allowed, Vigie.Domain.Refusal? Reason);
