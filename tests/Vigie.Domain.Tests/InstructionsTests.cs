using Vigie.Domain.Contacts;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;
using Vigie.Domain.Tests.Support;

namespace Vigie.Domain.Tests;

/// <summary>CON-1, CON-3, CON-4: what the instructions hold, how they are checked and how changes are historised.</summary>
public class InstructionsTests
{
    [Fact]
    [Trait("Rule", "CON-1")]
    public void CON_1_call_order_is_the_subscriber_numbers_then_the_contacts_in_order()
    {
        var landlineAtWork = PhoneNumber.Parse("04 78 00 00 01");
        var instructions = TestSites.Instructions() with { SubscriberPhones = [TestSites.SubscriberMobile, landlineAtWork] };

        Assert.Equal(
            [
                new Callee("subscriber", TestSites.SubscriberMobile, IsSubscriber: true),
                new Callee("subscriber", landlineAtWork, IsSubscriber: true),
                new Callee("Alice Martin", TestSites.AlicePhone, IsSubscriber: false),
                new Callee("Bruno Petit", TestSites.BrunoPhone, IsSubscriber: false),
            ],
            instructions.CallOrder);
    }

    [Fact]
    [Trait("Rule", "CON-1")]
    public void CON_1_complete_instructions_are_valid()
    {
        Assert.Empty(TestSites.Instructions().Validate(minimumContacts: 1));
    }

    [Fact]
    [Trait("Rule", "CON-1")]
    public void CON_1_instructions_without_any_number_are_refused()
    {
        var errors = new Instructions { Emails = [TestSites.Email] }.Validate(minimumContacts: 0).Select(e => e.Detail);

        Assert.Equal(["instructions: at least one number to call is required"], errors);
    }

    [Fact]
    [Trait("Rule", "CON-1")]
    public void CON_1_each_validation_message_names_its_field()
    {
        var instructions = TestSites.Instructions() with
        {
            Contacts = [TestSites.Alice, new Contact(" ", TestSites.BrunoPhone, "bruno-at-example")],
            Emails = [TestSites.Email, "not an email"],
            AccessNotes = new string('x', 2001),
        };

        var errors = instructions.Validate(minimumContacts: 1).Select(e => e.Detail);

        Assert.Equal(
            [
                "contacts[1].name: a name is required",
                "contacts[1].email: 'bruno-at-example' is not an email address",
                "emails[1]: 'not an email' is not an email address",
                "accessNotes: at most 2000 characters",
            ],
            errors);
    }

    [Fact]
    [Trait("Rule", "CON-1")]
    public void CON_1_a_number_listed_twice_is_refused()
    {
        var instructions = TestSites.Instructions() with { Contacts = [TestSites.Alice, new Contact("Alice again", TestSites.AlicePhone)] };

        Assert.Equal(["instructions: +33622334455 is listed 2 times"], instructions.Validate(minimumContacts: 1).Select(e => e.Detail));
    }

    [Fact]
    [Trait("Rule", "CON-1")]
    public void CON_1_provisioning_refuses_bad_instructions_with_the_field_in_the_reason()
    {
        var site = TestSites.ToutInclus() with { Instructions = TestSites.Instructions() with { Emails = ["nobody"] } };

        var decision = new SiteHarness().Run(new ProvisionSite(site, Actor.System, Clock.T0));

        Assert.Equal("emails[0]: 'nobody' is not an email address", decision.Refusal?.Detail);
    }

    [Fact]
    [Trait("Rule", "CON-3")]
    public void CON_3_professional_video_offer_requires_two_contacts()
    {
        var offer = TestSites.Catalogue[OfferCode.ProVideo];
        var oneContact = TestSites.Site(OfferCode.ProVideo, "pro-1", speaker: false) with
        {
            Instructions = TestSites.Instructions() with { Contacts = [TestSites.Alice] },
        };

        Assert.Equal(2, offer.MinimumContacts);
        Assert.Equal(["contacts: this offer requires at least 2 contacts, 1 given"], oneContact.Validate(offer).Select(e => e.Detail));
        Assert.Empty(TestSites.Site(OfferCode.ProVideo, "pro-1", speaker: false).Validate(offer));
    }

    [Fact]
    [Trait("Rule", "CON-3")]
    public void CON_3_a_professional_site_cannot_drop_to_one_contact()
    {
        var site = SiteHarness.Provisioned(TestSites.Site(OfferCode.ProVideo, "pro-1", speaker: false));

        var decision = site.Run(new ChangeInstructions(TestSites.Instructions() with { Contacts = [TestSites.Bruno] }, Actor.Subscriber("sub-1"), Clock.T0));

        Assert.Equal("contacts: this offer requires at least 2 contacts, 1 given", decision.Refusal?.Detail);
        Assert.Equal(2, site.State.Definition!.Instructions.Contacts.Count);
    }

    [Fact]
    [Trait("Rule", "CON-3")]
    public void CON_3_a_private_offer_needs_one_contact_only()
    {
        var site = TestSites.ToutInclus() with { Instructions = TestSites.Instructions() with { Contacts = [TestSites.Alice] } };

        Assert.Empty(site.Validate(TestSites.Catalogue[OfferCode.ToutInclus]));
    }

    [Fact]
    [Trait("Rule", "CON-4")]
    public void CON_4_changed_instructions_apply_at_once_with_the_changes_described()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());
        var carla = new Contact("Carla Roux", PhoneNumber.Parse("06 98 76 54 32"));
        var next = TestSites.Instructions(codes: false) with
        {
            Contacts = [TestSites.Bruno, carla],
            Emails = [TestSites.Email, "jeanne@example.fr"],
            AccessNotes = "Key box by the garage",
        };

        var decision = site.Run(new ChangeInstructions(next, Actor.Subscriber("sub-1"), Clock.T0));

        var changed = Assert.IsType<InstructionsChanged>(Assert.Single(decision.Events));
        Assert.Equal(Clock.T0, changed.At);
        Assert.Equal(
            [
                "contacts: Alice Martin +33622334455, Bruno Petit +33711223344 → Bruno Petit +33711223344, Carla Roux +33698765432",
                "emails: martin@example.fr → martin@example.fr, jeanne@example.fr",
                "access notes changed",
            ],
            changed.Changes);
        Assert.Equal("instructions changed: " + string.Join("; ", changed.Changes), changed.Describe());
        Assert.Equal([TestSites.Bruno, carla], site.State.Definition!.Instructions.Contacts);
        Assert.Equal("Key box by the garage", site.State.Definition.Instructions.AccessNotes);
    }

    [Fact]
    [Trait("Rule", "CON-4")]
    public void CON_4_codes_are_kept_when_the_instructions_change()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        // The portal sends instructions without codes: they change only through their own commands.
        site.Run(new ChangeInstructions(TestSites.Instructions(codes: false) with { Emails = [] }, Actor.Subscriber("sub-1"), Clock.T0));

        var instructions = site.State.Definition!.Instructions;
        Assert.Empty(instructions.Emails);
        Assert.Same(TestSites.CodeHash, instructions.IdentificationCode);
        Assert.Same(TestSites.DuressHash, instructions.DuressCode);
        Assert.Equal(CodeCheck.Right, instructions.Check(TestSites.Code));
        Assert.Equal(CodeCheck.Duress, instructions.Check(TestSites.Duress));
        var changed = Assert.IsType<InstructionsChanged>(Assert.Single(site.Log));
        Assert.DoesNotContain(changed.Changes, c => c.Contains("code", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Rule", "CON-4")]
    public void CON_4_the_same_instructions_again_change_nothing()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new ChangeInstructions(TestSites.Instructions(codes: false), Actor.Subscriber("sub-1"), Clock.T0));

        Assert.False(decision.IsRefused);
        Assert.Empty(decision.Events);
    }

    [Fact]
    [Trait("Rule", "CON-4")]
    public void CON_4_invalid_new_instructions_are_refused_and_the_old_ones_stay()
    {
        var site = SiteHarness.Active(TestSites.ToutInclus());

        var decision = site.Run(new ChangeInstructions(new Instructions(), Actor.Subscriber("sub-1"), Clock.T0));

        Assert.True(decision.IsRefused);
        Assert.Contains("instructions: at least one number to call is required", decision.Refusal?.Detail);
        Assert.Empty(decision.Events);
        Assert.Equal(TestSites.Instructions().CallOrder, site.State.Definition!.Instructions.CallOrder);
    }
}
