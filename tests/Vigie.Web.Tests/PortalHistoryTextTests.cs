using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Sites;
using Vigie.Domain.Supervision;
using Vigie.Station.Engine;
using Vigie.Web.Portal;

namespace Vigie.Web.Tests;

/// <summary>The portal's history in the subscriber's language: a notice by its kind and facts, instruction changes by their typed fields.</summary>
public sealed class PortalHistoryTextTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 4, 6, 0);

    private static IStringLocalizer<PortalText> Portal(string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new StringLocalizer<PortalText>(factory);
    }

    private static string What(IStringLocalizer<PortalText> t, SiteEvent e) =>
        Assert.Single(t.History([new SiteHistoryEntry(1, e.At, "system:station", e)], "SUB-1")).What;

    private static SubscriberNotified Armed(IReadOnlyList<RefusalValue> facts) =>
        new(SubscriberNotices.ArmingInformation, [], ["camille@example.org"], App: true, "Vigie: alarm armed partial", "Vigie: the alarm at 1 rue X was armed partial", At)
        {
            Facts = facts,
        };

    [Fact]
    [Trait("Rule", "RC-5")]
    public void A_notice_in_the_history_reads_in_the_subscriber_s_language_from_its_facts()
    {
        var notice = Armed(["1 rue X", nameof(ArmingMode.Partial), At, nameof(Domain.Signals.ArmingChannel.Keypad), new RefusalValue(), 3]);

        var french = What(Portal("fr-FR"), notice);
        Assert.Contains("Vigie\u202f: alarme en service partiel", french, StringComparison.Ordinal);
        Assert.DoesNotContain("alarm armed", french, StringComparison.Ordinal);
        Assert.Contains("Vigie: alarm armed partial", What(Portal("en-GB"), notice), StringComparison.Ordinal);
        // A notice stored before its facts keeps its stored subject.
        Assert.Contains("Vigie: alarm armed partial", What(Portal("fr-FR"), Armed([])), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "CON-4")]
    public void Changed_instructions_in_the_history_name_each_field_in_the_subscriber_s_language()
    {
        var before = new Instructions { SubscriberPhones = [PhoneNumber.Parse("+33639981001")], Emails = ["camille@example.org"], AccessNotes = "Boîte à clés" };
        var after = before with { Contacts = [new Contact("Voisine", PhoneNumber.Parse("+442079460958"))], Emails = [], AccessNotes = "Portail vert" };
        var changed = new InstructionsChanged(after, after.DescribeChangesFrom(before), At) { Changed = after.ChangesFrom(before) };

        var french = What(Portal("fr-FR"), changed);
        Assert.Contains("contacts\u202f: (aucun) → Voisine +442079460958\u202f; e-mails\u202f: camille@example.org → (aucun)\u202f; consignes d'accès modifiées", french, StringComparison.Ordinal);
        Assert.DoesNotContain("access notes", french, StringComparison.Ordinal);
        Assert.Contains("contacts: (none) → Voisine +442079460958; emails: camille@example.org → (none); access notes changed", What(Portal("en-GB"), changed), StringComparison.Ordinal);
        // Changes stored before their typed form read as they were written.
        Assert.Contains("access notes changed", What(Portal("fr-FR"), new InstructionsChanged(after, ["access notes changed"], At)), StringComparison.Ordinal);
    }
}
