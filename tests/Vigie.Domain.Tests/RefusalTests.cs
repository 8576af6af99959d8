using System.Reflection;
using System.Text.Json;
using NodaTime;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>A refusal is a type: a kind the web maps to HTTP, a code its texts are looked up by, the field, the values.</summary>
public class RefusalTests
{
    private static readonly Actor Alice = Actor.Operator("alice");
    private static readonly Actor Bob = Actor.Operator("bob");

    private static Instant At(int seconds) => Clock.Seconds(60 + seconds);

    [Fact]
    public void Another_operator_on_a_taken_incident_is_a_conflict_naming_the_holder()
    {
        var incident = new Station(TestSites.ToutInclus(), takeIncidents: false).IntrusionIncident();
        incident.Do(new TakeIncident(Alice, At(5)));

        var refusal = incident.Run(new Interpellate(true, Bob, At(6))).Refusal!;

        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Equal(RefusalCodes.IncidentTakenBy, refusal.Code);
        Assert.Equal("alice", Assert.Single(refusal.Values).Text);
        Assert.Equal("taken by alice", refusal.Detail);
    }

    [Fact]
    public void Police_called_twice_names_the_instant_as_an_instant_not_as_text()
    {
        var incident = new Station(TestSites.ToutInclus()).IntrusionIncident();
        incident.Do(new RecordVideoVerification(true, "intruder on camera 2", Actors.Operator, At(1)));
        incident.Do(new CallPolice("", Actors.Operator, At(5)));

        var refusal = incident.Run(new CallPolice("", Actors.Operator, At(10))).Refusal!;

        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Equal(RefusalCodes.IncidentPoliceAlreadyCalled, refusal.Code);
        Assert.Equal(At(5), Assert.Single(refusal.Values).At);
    }

    [Fact]
    public void An_unknown_incident_is_not_found_and_an_unprovisioned_site_too()
    {
        var incident = new IncidentHarness().Run(new TakeIncident(Alice, At(0))).Refusal!;
        var site = new SiteHarness().Run(new RequestArming(ArmingMode.Total, ArmingChannel.RemoteControl, null, Actor.Subscriber("sub-1"), Clock.T0)).Refusal!;

        Assert.Equal((RefusalKind.NotFound, RefusalCodes.IncidentNotFound), (incident.Kind, incident.Code));
        Assert.Equal((RefusalKind.NotFound, RefusalCodes.SiteNotProvisioned), (site.Kind, site.Code));
    }

    [Fact]
    public void A_malformed_code_is_an_invalid_field_naming_the_field()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var code = site.Run(new ChangeIdentificationCode("12a4", TestSites.CodeHash, Actor.Subscriber("sub-1"), Clock.T0)).Refusal!;
        var duress = site.Run(new ChangeDuressCode(TestSites.Code, SecretCode.Create(TestSites.Code, TestSites.Iterations), Actor.Subscriber("sub-1"), Clock.T0)).Refusal!;

        Assert.Equal((RefusalKind.InvalidField, "code", RefusalCodes.CodeMalformed), (code.Kind, code.Field, code.Code));
        Assert.Equal((RefusalKind.InvalidField, "duressCode", RefusalCodes.SiteDuressEqualsCode), (duress.Kind, duress.Field, duress.Code));
    }

    [Fact]
    public void A_revoked_remote_is_forbidden()
    {
        var site = SiteHarness.Active(TestSites.ALaCarte());
        var hash = new string('a', 64);
        site.Run(new CreateVirtualRemote("Mamie", null, hash, Actor.Subscriber("sub-1"), Clock.T0));
        site.Run(new RevokeVirtualRemote("R0001", RevocationReason.Revoked, null, Actor.Subscriber("sub-1"), Clock.Seconds(1)));

        var refusal = site.Run(new RequestArming(ArmingMode.Total, ArmingChannel.VirtualRemote, "R0001", Actor.Subscriber("sub-1"), Clock.Seconds(2))).Refusal!;

        Assert.Equal((RefusalKind.Forbidden, RefusalCodes.SiteRemoteRevoked), (refusal.Kind, refusal.Code));
        Assert.Equal(Clock.Seconds(1), Assert.Single(refusal.Values).At);
    }

    [Fact]
    public void Several_wrong_fields_make_one_refusal_that_keeps_each_code_and_field()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var instructions = site.State.Definition!.Instructions with { Emails = ["nobody"], AccessNotes = new string('x', 2001) };

        var refusal = site.Run(new ChangeInstructions(instructions, Actor.Subscriber("sub-1"), Clock.T0)).Refusal!;

        Assert.Equal(RefusalKind.InvalidField, refusal.Kind);
        Assert.Equal([("emails[0]", RefusalCodes.EmailInvalid), ("accessNotes", RefusalCodes.InstructionsAccessNotesLength)],
            refusal.Each().Select(r => (r.Field, r.Code)));
        Assert.Equal("emails[0]: 'nobody' is not an email address; accessNotes: at most 2000 characters", refusal.Detail);
    }

    [Fact]
    public void A_refusal_crosses_a_grain_call_as_json_with_its_typed_values()
    {
        var refusal = Refusal.Invalid("start", RefusalCodes.SiteProtectPlusOverlap, "start: overlaps", "P001", Clock.T0, Clock.T0 + Duration.FromHours(24));

        var back = JsonSerializer.Deserialize<Refusal>(JsonSerializer.Serialize(refusal, DomainJson.Options), DomainJson.Options);

        Assert.Equal(refusal, back);
        Assert.Equal(Clock.T0, back!.Values[1].At);
    }

    [Fact]
    public void Every_refusal_code_is_unique_and_dotted()
    {
        var codes = typeof(RefusalCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.True(codes.Count > 100, $"{codes.Count} codes");
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+\\.[a-z0-9-]+$", c));
    }
}
