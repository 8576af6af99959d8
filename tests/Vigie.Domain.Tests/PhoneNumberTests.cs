using System.Text.Json;
using Vigie.Domain.Contacts;

namespace Vigie.Domain.Tests;

/// <summary>CON-2: phone numbers are French, kept in +33 form.</summary>
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
        Assert.True(PhoneNumber.TryParse(typed, out var number, out var error), error);
        Assert.Equal(expected, number.Value);
        Assert.Equal(expected, number.ToString());
    }

    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("+44 20 7946 0958", "is not a French number: use +33 followed by 9 digits")]
    [InlineData("612345678", "is not a French number")]
    [InlineData("06 12 34 56 7", "is not a French number")]
    [InlineData("06 12 34 56 789", "is not a French number")]
    [InlineData("06 12 AB 56 78", "unexpected 'A'")]
    [InlineData("+33 0 12 34 56 78", "the first from 1 to 9")]
    [InlineData("+33 6 12 34 56", "+33 must be followed by 9 digits")]
    [InlineData("06 12 34 + 56 78", "unexpected '+'")]
    public void CON_2_foreign_short_long_and_lettered_numbers_are_refused(string typed, string reason)
    {
        Assert.False(PhoneNumber.TryParse(typed, out var number, out var error));
        Assert.Null(number);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(typed.Trim(), error, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void CON_2_an_empty_number_is_refused(string? typed)
    {
        Assert.False(PhoneNumber.TryParse(typed, out _, out var error));
        Assert.Equal("a phone number is required", error);
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    public void CON_2_parse_throws_with_the_reason()
    {
        var e = Assert.Throws<FormatException>(() => PhoneNumber.Parse("+44 20 7946 0958"));
        Assert.Contains("not a French number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "CON-2")]
    [InlineData("06 12 34 56 78", true)]
    [InlineData("07 12 34 56 78", true)]
    [InlineData("01 23 45 67 89", false)]
    [InlineData("09 70 12 34 56", false)]
    public void CON_2_mobiles_are_06_and_07(string typed, bool mobile)
    {
        Assert.Equal(mobile, PhoneNumber.Parse(typed).IsMobile);
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    public void CON_2_numbers_are_equal_whatever_the_typing_and_serialise_in_plus_33_form()
    {
        Assert.Equal(PhoneNumber.Parse("06 12 34 56 78"), PhoneNumber.Parse("+33 (0)6 12 34 56 78"));

        var json = JsonSerializer.Serialize(PhoneNumber.Parse("0033 6 12 34 56 78"), DomainJson.Options);

        Assert.Equal("+33612345678", JsonDocument.Parse(json).RootElement.GetString());
        Assert.Equal(PhoneNumber.Parse("0612345678"), JsonSerializer.Deserialize<PhoneNumber>(json, DomainJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PhoneNumber>("\"+44 20 7946 0958\"", DomainJson.Options));
    }
}
