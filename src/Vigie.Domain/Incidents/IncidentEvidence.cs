namespace Vigie.Domain.Incidents;

/// <summary>
/// An incident's evidence: its photos and clips (by SHA-256), their freeze for a declared claim (INS-9) and the judicial
/// requisitions that alone let them go to a third party (GDP-4). Open or closed, whoever holds the incident.
/// </summary>
public static partial class Incident
{
    /// <summary>Longest authority, reference or claim reference kept.</summary>
    public const int EvidenceTextMax = 200;

    private static Decision<IncidentEvent> EvidenceStep(IncidentState state, IncidentCommand command) => command switch
    {
        // The same medium twice (an upload retried, a clip named by two signals) is in the chain once.
        AttachMedia c => state.MediaIds.Contains(c.MediaId)
            ? Decision<IncidentEvent>.Nothing
            : Decision<IncidentEvent>.Accept(new MediaAttached(c.MediaId, c.Sha256, c.Kind, c.Camera, c.CapturedAt, c.At)),
        FreezeEvidence c => WhyNotFreeze(state, c.ClaimReference) is { } whyNot
            ? Refused(c, whyNot)
            : Decision<IncidentEvent>.Accept(new EvidenceFrozen(c.ClaimReference.Trim(), c.At)),
        RecordRequisition c => WhyNotRequisition(c) is { } whyNot
            ? Refused(c, whyNot)
            : Decision<IncidentEvent>.Accept(new RequisitionRecorded(state.Requisitions + 1, c.Authority.Trim(), c.Reference.Trim(), c.IssuedOn, c.At)),
        _ => Decision<IncidentEvent>.Refuse(Refusal.Invalid("command", RefusalCodes.CommandUnknown, $"{command.GetType().Name} is not an evidence command", command.GetType().Name)),
    };

    public static Refusal? WhyNotFreeze(IncidentState state, string? claimReference) =>
        string.IsNullOrWhiteSpace(claimReference) || claimReference.Trim().Length > EvidenceTextMax
            ? Refusal.Invalid("claimReference", RefusalCodes.MediaClaimReferenceMissing, $"claimReference: name the claim the subscriber declared (at most {EvidenceTextMax} characters)", EvidenceTextMax)
            : state.FrozenForClaim is { } frozen
                ? Refusal.Conflict(RefusalCodes.MediaAlreadyFrozen, $"the evidence is frozen already, for claim {frozen}", frozen)
                : null;

    public static Refusal? WhyNotRequisition(RecordRequisition c) =>
        string.IsNullOrWhiteSpace(c.Authority) || c.Authority.Trim().Length > EvidenceTextMax
            ? Refusal.Invalid("authority", RefusalCodes.MediaRequisitionAuthorityMissing, $"authority: name the court or officer who issued the requisition (at most {EvidenceTextMax} characters)", EvidenceTextMax)
            : string.IsNullOrWhiteSpace(c.Reference) || c.Reference.Trim().Length > EvidenceTextMax
                ? Refusal.Invalid("reference", RefusalCodes.MediaRequisitionReferenceMissing, $"reference: give the requisition's reference (at most {EvidenceTextMax} characters)", EvidenceTextMax)
                : c.IssuedOn > c.At.InUtc().Date.PlusDays(1)
                    ? Refusal.Invalid("issuedOn", RefusalCodes.MediaRequisitionDateFuture, $"issuedOn: {c.IssuedOn:yyyy-MM-dd} is in the future", c.IssuedOn)
                    : null;
}
