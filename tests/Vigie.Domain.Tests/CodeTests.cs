using System.Text.Json;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>CON-5, CON-6: the confidential code is stored hashed, checked right or wrong, tried a limited number of times.</summary>
public class CodeTests
{
    // Eight digits that appear nowhere else in the site's JSON (dates, numbers, account).
    private const string NewCode = "90817263";

    [Fact]
    [Trait("Rule", "CON-5")]
    public void CON_5_a_new_identification_code_is_stored_hashed_and_never_in_the_event()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var hash = SecretCode.Create(NewCode, TestSites.Iterations);

        var decision = site.Run(new ChangeIdentificationCode(NewCode, hash, Actor.Subscriber("sub-1"), Clock.T0));

        var changed = Assert.IsType<IdentificationCodeChanged>(Assert.Single(decision.Events));
        var json = JsonSerializer.Serialize<SiteEvent>(changed, DomainJson.Options);
        Assert.DoesNotContain(NewCode, json, StringComparison.Ordinal);
        Assert.Contains("\"hash\":\"pbkdf2-sha256$1000$", json, StringComparison.Ordinal);
        Assert.Equal("(code hash)", hash.ToString());
        Assert.DoesNotContain(NewCode, changed.ToString(), StringComparison.Ordinal);
        var provisioned = JsonSerializer.Serialize<SiteEvent>(new SiteProvisioned(site.State.Definition!, Clock.T0), DomainJson.Options);
        Assert.DoesNotContain(NewCode, provisioned, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    public void CON_5_after_the_change_the_new_code_is_right_and_the_old_one_wrong()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        site.Run(new ChangeIdentificationCode(NewCode, SecretCode.Create(NewCode, TestSites.Iterations), Actor.Subscriber("sub-1"), Clock.T0));

        var instructions = site.State.Definition!.Instructions;
        Assert.Equal(CodeCheck.Right, instructions.Check(NewCode));
        Assert.Equal(CodeCheck.Wrong, instructions.Check(TestSites.Code));
        Assert.Equal(CodeCheck.Wrong, instructions.Check("0000"));
        Assert.Equal(CodeCheck.Duress, instructions.Check(TestSites.Duress));
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    public void CON_5_a_code_read_back_from_the_log_still_checks()
    {
        var json = JsonSerializer.Serialize(TestSites.CodeHash, DomainJson.Options);
        var read = JsonSerializer.Deserialize<SecretCode>(json, DomainJson.Options)!;

        Assert.True(read.Matches(TestSites.Code));
        Assert.False(read.Matches("4321"));
        Assert.Equal(TestSites.Iterations, read.Iterations);
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    public void CON_5_the_identification_code_must_differ_from_the_duress_code()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new ChangeIdentificationCode(TestSites.Duress, SecretCode.Create(TestSites.Duress, TestSites.Iterations), Actor.Subscriber("sub-1"), Clock.T0));

        Assert.Equal("code: it must differ from the duress code", decision.Refusal?.Detail);
        Assert.Empty(decision.Events);
        Assert.Equal(CodeCheck.Right, site.State.Definition!.Instructions.Check(TestSites.Code));
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    [Trait("Rule", "ALR-13")]
    public void CON_5_the_duress_code_must_differ_from_the_identification_code()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new ChangeDuressCode(TestSites.Code, SecretCode.Create(TestSites.Code, TestSites.Iterations), Actor.Subscriber("sub-1"), Clock.T0));

        Assert.Equal("duressCode: it must differ from the identification code", decision.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    public void CON_5_a_malformed_code_or_a_hash_of_another_code_is_refused()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var letters = site.Run(new ChangeIdentificationCode("12a4", TestSites.CodeHash, Actor.Subscriber("sub-1"), Clock.T0));
        var mismatch = site.Run(new ChangeIdentificationCode("5678", TestSites.CodeHash, Actor.Subscriber("sub-1"), Clock.T0));

        Assert.Equal("code: a code is 4 to 8 digits", letters.Refusal?.Detail);
        Assert.Equal("code: the hash given is not this code's", mismatch.Refusal?.Detail);
        Assert.Throws<ArgumentException>(() => SecretCode.Create("123", TestSites.Iterations));
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    [Trait("Rule", "ALR-13")]
    public void CON_5_the_duress_code_can_be_changed_and_removed()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var changed = site.Run(new ChangeDuressCode("5555", SecretCode.Create("5555", TestSites.Iterations), Actor.Subscriber("sub-1"), Clock.T0));
        Assert.Equal("duress code changed", Assert.Single(changed.Events).Describe());
        Assert.Equal(CodeCheck.Duress, site.State.Definition!.Instructions.Check("5555"));
        Assert.Equal(CodeCheck.Wrong, site.State.Definition.Instructions.Check(TestSites.Duress));

        var removed = site.Run(new ChangeDuressCode(null, null, Actor.Subscriber("sub-1"), Clock.Seconds(1)));
        Assert.Equal(new DuressCodeChanged(null, Clock.Seconds(1)), Assert.Single(removed.Events));
        Assert.Equal(CodeCheck.Wrong, site.State.Definition!.Instructions.Check("5555"));
    }

    [Fact]
    [Trait("Rule", "CON-5")]
    public void CON_5_without_any_code_the_check_says_so()
    {
        Assert.Equal(CodeCheck.NoCodeDefined, TestSites.Instructions(codes: false).Check(TestSites.Code));
    }

    [Fact]
    [Trait("Rule", "CON-6")]
    public void CON_6_wrong_codes_are_limited_per_incident()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = station.IntrusionIncident();
        incident.Run(new Interpellate(Answered: true, Actors.Operator, Clock.Seconds(60)));

        for (var i = 1; i <= 3; i++)
        {
            var wrong = incident.Run(new CheckCode(CodeCheck.Wrong, Actors.Operator, Clock.Seconds(60 + i)));
            Assert.Equal(new CodeChecked(CodeCheck.Wrong, i, Clock.Seconds(60 + i)), Assert.Single(wrong.Events));
        }
        var fourth = incident.Run(new CheckCode(CodeCheck.Right, Actors.Operator, Clock.Seconds(70)));

        Assert.Equal("3 wrong codes: no more tries for this incident (CON-6)", fourth.Refusal?.Detail);
        Assert.Equal(new CommandRefused("check-code", fourth.Refusal!.Detail, Clock.Seconds(70)), Assert.Single(fourth.Events));
        Assert.True(incident.State.IsOpen);
    }

    [Fact]
    [Trait("Rule", "CON-6")]
    public void CON_6_a_code_is_checked_only_once_someone_answered()
    {
        var station = new Station(TestSites.ToutInclus());
        var incident = station.IntrusionIncident();
        incident.Run(new Interpellate(Answered: false, Actors.Operator, Clock.Seconds(60)));

        var check = incident.Run(new CheckCode(CodeCheck.Right, Actors.Operator, Clock.Seconds(61)));

        Assert.Equal("nobody has answered yet: there is no code to check", check.Refusal?.Detail);
    }
}
