using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Domain.Media;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>An incident's evidence: media by SHA-256 in its log, their freeze for a claim (INS-9), judicial requisitions (GDP-4).</summary>
public class EvidenceTests
{
    private static readonly string Sha = new('c', 64);

    private static IncidentHarness Intrusion() => new Station(TestSites.ToutInclus()).IntrusionIncident();

    private static Instant At(int seconds) => Clock.Seconds(60 + seconds);

    private static AttachMedia Clip(string id, int seconds) => new(id, Sha, MediaKind.Clip, "CAM-1", At(seconds - 5), Actor.System, At(seconds));

    [Fact]
    public void A_medium_is_chained_once_even_when_attached_twice()
    {
        var incident = Intrusion();

        var first = incident.Run(Clip("m1", 0));
        var again = incident.Run(Clip("m1", 1));

        Assert.Equal([new MediaAttached("m1", Sha, MediaKind.Clip, "CAM-1", At(-5), At(0))], first.Events);
        Assert.Empty(again.Events);
        Assert.False(again.IsRefused);
        Assert.Equal(["m1"], incident.State.MediaIds);
    }

    [Fact]
    [Trait("Rule", "INS-9")]
    public void Evidence_is_frozen_for_a_named_claim_once_even_after_closing()
    {
        var incident = Intrusion();
        incident.Do(new CloseIncident(Classification.FalseAlarmUser, "subscriber forgot to disarm", Actors.Operator, At(10)));

        var blank = incident.Run(new FreezeEvidence(" ", Actors.Operator, At(20)));
        incident.Do(new FreezeEvidence("SIN-2026-0042", Actors.Operator, At(30)));
        var twice = incident.Run(new FreezeEvidence("SIN-2026-0043", Actors.Operator, At(40)));
        // Media arriving after the close are still chained.
        incident.Do(Clip("late", 50));

        Assert.Equal((RefusalKind.InvalidField, "claimReference", RefusalCodes.MediaClaimReferenceMissing), (blank.Refusal!.Kind, blank.Refusal.Field, blank.Refusal.Code));
        Assert.Equal(RefusalCodes.MediaAlreadyFrozen, twice.Refusal!.Code);
        Assert.Equal("SIN-2026-0042", incident.State.FrozenForClaim);
        Assert.Equal(new EvidenceFrozen("SIN-2026-0042", At(30)), incident.Single<EvidenceFrozen>());
        // A person's refused request stays in the log.
        Assert.Equal(2, incident.Log.OfType<CommandRefused>().Count(r => r.Command == "freeze-evidence"));
    }

    [Fact]
    [Trait("Rule", "GDP-4")]
    public void A_requisition_names_its_authority_reference_and_date_and_is_numbered()
    {
        var incident = Intrusion();

        var noAuthority = incident.Run(new RecordRequisition("", "PV 1", new LocalDate(2026, 5, 4), Actors.Operator, At(0)));
        var noReference = incident.Run(new RecordRequisition("TJ Lyon", " ", new LocalDate(2026, 5, 4), Actors.Operator, At(0)));
        var future = incident.Run(new RecordRequisition("TJ Lyon", "PV 1", At(0).InUtc().Date.PlusDays(5), Actors.Operator, At(0)));
        incident.Do(new RecordRequisition(" TJ Lyon ", "PV 1", new LocalDate(2026, 5, 4), Actors.Operator, At(10)));
        incident.Do(new RecordRequisition("Gendarmerie de Bron", "PV 2", new LocalDate(2026, 5, 3), Actors.Operator, At(20)));

        Assert.Equal(["authority", "reference", "issuedOn"], new[] { noAuthority, noReference, future }.Select(d => d.Refusal!.Field));
        Assert.Equal(
            [new RequisitionRecorded(1, "TJ Lyon", "PV 1", new LocalDate(2026, 5, 4), At(10)), new RequisitionRecorded(2, "Gendarmerie de Bron", "PV 2", new LocalDate(2026, 5, 3), At(20))],
            incident.Log.OfType<RequisitionRecorded>());
        Assert.Equal(2, incident.State.Requisitions);
    }
}
