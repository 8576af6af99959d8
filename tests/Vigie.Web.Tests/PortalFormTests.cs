using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Vigie.Domain.Sites;
using Vigie.Web.Portal;

namespace Vigie.Web.Tests;

/// <summary>The portal's forms read what subscribers type, and say what is wrong in French, naming the field.</summary>
public sealed class PortalFormTests
{
    private static IStringLocalizer<PortalText> French()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new StringLocalizer<PortalText>(factory);
    }

    private static InstructionsForm Form(params (string Name, string Phone, string? Email)[] contacts) =>
        new(["06 39 98 10 01"], contacts, "camille@example.fr", "Portail : code 1890");

    [Fact]
    [Trait("Rule", "CON-2")]
    public void A_number_that_is_not_one_is_refused_in_French_naming_the_contact_and_a_relative_abroad_is_accepted()
    {
        var (refused, errors) = Form(("Paul", "0612", null), ("Léa", "+44 20 7946 0958", null)).Read(French(), minimumContacts: 0);
        Assert.Null(refused);
        var error = Assert.Single(errors);
        Assert.StartsWith("Contact 1", error, StringComparison.Ordinal);
        Assert.Contains("« 0612 » n'est pas un numéro de téléphone", error, StringComparison.Ordinal);

        var (instructions, none) = Form(("Paul", "06 39 98 20 01", null), ("Léa", "+44 20 7946 0958", null), ("Jonas", "0049 30 1234567", null)).Read(French(), minimumContacts: 2);
        Assert.Empty(none);
        Assert.Equal(["+33639982001", "+442079460958", "+49301234567"], instructions!.Contacts.Select(c => c.Phone.Value));
    }

    [Fact]
    [Trait("Rule", "SUP-3")]
    [Trait("Rule", "CON-2")]
    public void The_subscribers_own_number_abroad_is_refused_in_French_as_SMS_go_only_to_a_French_mobile()
    {
        var form = new InstructionsForm(["06 39 98 10 01", "+44 7911 123456"], [("Paul", "06 39 98 20 01", null)], "", "");

        var (instructions, errors) = form.Read(French(), minimumContacts: 1);

        Assert.Null(instructions);
        var error = Assert.Single(errors);
        Assert.StartsWith("Mon numéro 2", error, StringComparison.Ordinal);
        Assert.Contains("« +44 7911 123456 »", error, StringComparison.Ordinal);
        Assert.Contains("mobile français", error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "CON-2")]
    [Trait("Rule", "CON-1")]
    public void Numbers_as_people_type_them_are_kept_in_plus_33_form_in_order()
    {
        var (instructions, errors) = Form(("Paul", "06.39.98.20.01", "paul@example.fr"), ("Léa", "0033 6 39 98 30 01", null)).Read(French(), minimumContacts: 2);
        Assert.Empty(errors);
        Assert.Equal(["+33639982001", "+33639983001"], instructions!.Contacts.Select(c => c.Phone.Value));
        Assert.Equal(["Paul", "Léa"], instructions.Contacts.Select(c => c.Name));
        Assert.Equal("+33639981001", instructions.SubscriberPhones[0].Value);
        Assert.Equal(["camille@example.fr"], instructions.Emails);
    }

    [Fact]
    [Trait("Rule", "CON-3")]
    public void A_professional_offer_needs_two_contacts()
    {
        var (instructions, errors) = Form(("Paul", "06 39 98 20 01", null)).Read(French(), minimumContacts: 2);
        Assert.Null(instructions);
        Assert.Contains("Votre offre exige au moins 2 contacts.", errors);
    }

    [Fact]
    [Trait("Rule", "CON-1")]
    public void A_contact_without_a_name_or_with_a_bad_email_is_named()
    {
        var (_, errors) = Form(("", "06 39 98 20 01", null), ("Léa", "06 39 98 30 01", "lea@")).Read(French(), minimumContacts: 0);
        Assert.Contains("Contact 1\u202F: le nom est obligatoire.", errors);
        Assert.Contains("Contact 2\u202F: « lea@ » n'est pas une adresse e-mail.", errors);
    }

    [Fact]
    [Trait("Rule", "ALR-7")]
    public void Days_picked_on_the_calendar_become_bookings_of_consecutive_24_hour_periods()
    {
        var paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var days = new[] { new LocalDate(2026, 12, 5), new LocalDate(2026, 12, 6), new LocalDate(2026, 12, 24), new LocalDate(2026, 12, 25), new LocalDate(2026, 12, 26) };
        var runs = ProtectPlusCalendar.Runs(days.Reverse(), new LocalTime(18, 0), paris);
        Assert.Equal(2, runs.Count);
        Assert.Equal(Instant.FromUtc(2026, 12, 5, 17, 0), runs[0].Start);
        Assert.Equal(2, runs[0].Periods);
        Assert.Equal(Instant.FromUtc(2026, 12, 24, 17, 0), runs[1].Start);
        Assert.Equal(3, runs[1].Periods);
    }

    [Fact]
    public void Insurer_details_with_bad_numbers_and_addresses_are_refused_in_French()
    {
        var form = new InsurerForm { Name = "Assur'Habitat", ClaimsPhone = "0800", ClaimsEmail = "sinistres@", ClaimsWeb = "pas une adresse" };
        var (details, errors) = form.Read(French());
        Assert.Null(details);
        Assert.Contains(errors, e => e.StartsWith("Téléphone de déclaration\u202F: « 0800 »", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("E-mail de déclaration\u202F: « sinistres@ »", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Site de déclaration\u202F: « pas une adresse »", StringComparison.Ordinal));
        var (good, none) = new InsurerForm { Name = "Assur'Habitat", AssistancePhone = "01 99 00 12 34", KeyHours = 24 }.Read(French());
        Assert.Empty(none);
        Assert.Equal("+33199001234", good!.AssistancePhone!.Value);
        Assert.Equal(24, good.KeyReplacementHours);
    }

    [Fact]
    public void The_portal_has_every_text_in_French_and_English()
    {
        var resources = new ResourceManager("Vigie.Web.Resources.PortalText", typeof(PortalText).Assembly);
        HashSet<string> Keys(CultureInfo culture) =>
            [.. resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
        var english = Keys(CultureInfo.InvariantCulture);
        var french = Keys(CultureInfo.GetCultureInfo("fr"));
        Assert.True(english.Count > 200, $"{english.Count} texts");
        Assert.Empty(english.Except(french));
        Assert.Empty(french.Except(english));
        foreach (var key in Enum.GetNames<ArmingMode>().Select(n => "ArmingMode." + n)
            .Concat(Enum.GetNames<Domain.Signals.ArmingChannel>().Select(n => "ArmingChannel." + n))
            .Concat(Enum.GetNames<RevocationReason>().Select(n => "RevocationReason." + n))
            .Concat(Enum.GetNames<LostDeviceKind>().Select(n => "LostDeviceKind." + n))
            .Concat(Enum.GetNames<Domain.Incidents.AlertKind>().Select(n => "AlertKind." + n)))
        {
            Assert.Contains(key, english);
        }
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(12 * 60 + 30, "12 min")]
    [InlineData(2 * 3600 + 5 * 60, "2 h 05")]
    [InlineData(3 * 86400 + 4 * 3600 + 59, "3 j 4 h")]
    public void An_outage_duration_reads_as_people_say_it(int seconds, string expected) =>
        Assert.Equal(expected, French().Lasted(NodaTime.Duration.FromSeconds(seconds)));
}
