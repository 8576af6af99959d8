using System.Text.Json;
using Vigie.Domain.Contacts;

namespace Vigie.Domain.Tests;

/// <summary>CON-2: phone numbers in E.164, French (+33) by default; a contact may be abroad, the subscriber's own numbers stay French.</summary>
public class PhoneNumberTests
{
    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("06-12-34-56-78", "+33612345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+33612345678", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "+33612345678")]
    [InlineData("0033 6 12 34 56 78", "+33612345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData("  01 23 45 67 89 ", "+33123456789")]
    [InlineData("09 70 12 34 56", "+33970123456")]
    public void CON_2_french_numbers_as_people_type_them_become_plus_33(string typed, string expected)
    {
        Assert.True(PhoneNumber.TryParse(typed, out var number, out var refusal), refusal?.Detail);
        Assert.Equal(expected, number.Value);
        Assert.Equal(expected, number.ToString());
    }

    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958")]
    [InlineData("0044 20 7946 0958", "+442079460958", "+44 20 7946 0958")]
    [InlineData("+49 30 1234567", "+49301234567", "+49 30 1234567")]
    [InlineData("+49 151 23456789", "+4915123456789", "+49 1512 3456789")]
    [InlineData("+1 (212) 555-0123", "+12125550123", "+1 212-555-0123")]
    public void CON_2_a_relative_abroad_keeps_their_country_code_in_E164_and_shows_formatted(string typed, string e164, string shown)
    {
        Assert.True(PhoneNumber.TryParse(typed, out var number, out var refusal), refusal?.Detail);
        Assert.Equal(e164, number.Value);
        Assert.Equal(shown, number.Display);
        Assert.False(number.IsFrench);
    }

    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("612345678")]
    [InlineData("06 12 34 56 7")]
    [InlineData("06 12 34 56 789")]
    [InlineData("06 12 AB 56 78")]
    [InlineData("+33 0 12 34 56 78")]
    [InlineData("+33 6 12 34 56")]
    [InlineData("06 12 34 + 56 78")]
    [InlineData("+44 12")]
    [InlineData("+999 123 456 789")]
    [InlineData("call me")]
    public void CON_2_garbage_is_refused_naming_the_field_and_what_was_typed(string typed)
    {
        Assert.False(PhoneNumber.TryParse(typed, out var number, out var refusal, "contacts[1].phone"));
        Assert.Null(number);
        Assert.Equal(RefusalCodes.PhoneInvalid, refusal.Code);
        Assert.Equal(RefusalKind.InvalidField, refusal.Kind);
        Assert.Equal("contacts[1].phone", refusal.Field);
        Assert.Equal(typed.Trim(), Assert.Single(refusal.Values).Text);
    }

    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void CON_2_an_empty_number_is_refused(string? typed)
    {
        Assert.False(PhoneNumber.TryParse(typed, out _, out var refusal));
        Assert.Equal(RefusalCodes.PhoneRequired, refusal.Code);
        Assert.Equal("phone", refusal.Field);
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    public void CON_2_parse_throws_with_the_reason()
    {
        var e = Assert.Throws<FormatException>(() => PhoneNumber.Parse("06 12"));
        Assert.Contains("is not a phone number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "SUP-3")]
    [Trait("Rule", "RC-5")]
    [InlineData("06 12 34 56 78", true)]
    [InlineData("07 12 34 56 78", true)]
    [InlineData("01 23 45 67 89", false)]
    [InlineData("09 70 12 34 56", false)]
    [InlineData("+44 7911 123456", false)]
    [InlineData("+49 151 23456789", false)]
    public void The_station_SMS_go_to_French_mobiles_only_06_and_07(string typed, bool mobile)
    {
        Assert.Equal(mobile, PhoneNumber.Parse(typed).IsMobile);
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    public void CON_2_numbers_are_equal_whatever_the_typing_and_serialise_in_E164()
    {
        Assert.Equal(PhoneNumber.Parse("06 12 34 56 78"), PhoneNumber.Parse("+33 (0)6 12 34 56 78"));

        var json = JsonSerializer.Serialize(PhoneNumber.Parse("0033 6 12 34 56 78"), DomainJson.Options);

        Assert.Equal("+33612345678", JsonDocument.Parse(json).RootElement.GetString());
        Assert.Equal(PhoneNumber.Parse("0612345678"), JsonSerializer.Deserialize<PhoneNumber>(json, DomainJson.Options));
        Assert.Equal("06 12 34 56 78", PhoneNumber.Parse("0612345678").Display);
        Assert.Equal(PhoneNumber.Parse("+44 20 7946 0958"), JsonSerializer.Deserialize<PhoneNumber>("\"+442079460958\"", DomainJson.Options));
        Assert.Throws<PhoneNumberJsonException>(() => JsonSerializer.Deserialize<PhoneNumber>("\"+44 12\"", DomainJson.Options));
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    public void CON_2_numbers_stored_before_international_numbers_read_back_unchanged()
    {
        // Demo and stored instructions hold "+33" numbers of ranges a strict numbering plan would not know (0639…).
        foreach (var stored in new[] { "+33639981001", "+33199000001", "+33612345678", "+33970123456" })
        {
            Assert.Equal(stored, JsonSerializer.Deserialize<PhoneNumber>($"\"{stored}\"", DomainJson.Options)!.Value);
        }
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    [Trait("Rule", "SUP-3")]
    public void A_contact_abroad_is_accepted_but_the_subscribers_own_numbers_stay_French()
    {
        var instructions = new Instructions
        {
            SubscriberPhones = [PhoneNumber.Parse("06 12 34 56 78"), PhoneNumber.Parse("+44 7911 123456")],
            Contacts = [new Contact("Emma (Londres)", PhoneNumber.Parse("+44 20 7946 0958")), new Contact("Jonas", PhoneNumber.Parse("+49 30 1234567"))],
        };

        var refusal = Assert.Single(instructions.Validate(minimumContacts: 2));

        Assert.Equal(RefusalCodes.PhoneNotFrench, refusal.Code);
        Assert.Equal("subscriberPhones[1]", refusal.Field);
        Assert.Equal("+44 7911 123456", Assert.Single(refusal.Values).Text);
        Assert.Empty((instructions with { SubscriberPhones = [PhoneNumber.Parse("06 12 34 56 78")] }).Validate(minimumContacts: 2));
    }
}
