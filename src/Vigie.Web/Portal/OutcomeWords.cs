using System.Globalization;
using Microsoft.Extensions.Localization;
using Vigie.Domain.Incidents;

namespace Vigie.Web.Portal;

/// <summary>An incident's outcome in the subscriber's words: a title, what the station concluded, and each step as a sentence.</summary>
public sealed record OutcomeText(string IncidentId, string Title, string Verdict, IReadOnlyList<OutcomeLine> Steps, bool Open);

/// <summary>One step: when, and what happened, in a sentence.</summary>
public sealed record OutcomeLine(NodaTime.Instant At, string Text);

/// <summary>
/// The portal's sentences for <see cref="SubscriberOutcome"/>, from PortalText by typed kind (<c>outcome.{Fact}</c>,
/// <c>verdict.{Verdict}</c>, <c>decision.{Decision}</c>), never an enum's name. A step about the subscriber uses the
/// key's ".you" form ("we called you"); a contact is named as the subscriber registered them.
/// </summary>
public static class OutcomeWords
{
    public static OutcomeText Words(this IStringLocalizer<PortalText> t, SubscriberOutcome outcome)
    {
        var kind = t[$"AlertKind.{outcome.Kind}"].Value;
        var where = outcome.Zone is { } zone
            ? " " + (outcome.ZoneName is { Length: > 0 } name ? t["outcome.zoneNamed", zone.ToString(CultureInfo.CurrentCulture), name] : t["outcome.zone", zone.ToString(CultureInfo.CurrentCulture)])
            : "";
        var title = t["outcome.title", char.ToUpper(kind[0], CultureInfo.CurrentCulture) + kind[1..], where, PortalWords.When(outcome.AlertAt)];
        return new OutcomeText(outcome.IncidentId, title, t[$"verdict.{outcome.Verdict}"], [.. outcome.Steps.Select(s => new OutcomeLine(s.At, t.Sentence(s)))],
            outcome.Verdict == OutcomeVerdict.InProgress);
    }

    public static string Sentence(this IStringLocalizer<PortalText> t, OutcomeStep step)
    {
        var you = step.IsSubscriber ? ".you" : "";
        var sentence = step.Fact switch
        {
            OutcomeFact.Reached or OutcomeFact.VoicemailLeft or OutcomeFact.NotReached or OutcomeFact.AcknowledgedWithCode =>
                t[$"outcome.{step.Fact}{you}", step.Name ?? ""].Value,
            OutcomeFact.PoliceCalled when step.Reference is { } reference => t["outcome.PoliceCalled.reference", reference].Value,
            OutcomeFact.GuardingOrganised => t["outcome.GuardingOrganised", step.Name ?? ""].Value,
            _ => t[$"outcome.{step.Fact}"].Value,
        };
        if (step.AboutBreakIn)
        {
            // The call sentences start with "Nous"/"We": lowered after the colon, as the sentence goes on.
            sentence = t["outcome.aboutBreakIn"] + " " + char.ToLower(sentence[0], CultureInfo.CurrentCulture) + sentence[1..];
        }
        if (step.Decision is { } decision)
        {
            sentence += " " + t[$"decision.{decision}{you}", step.Name ?? ""];
        }
        return sentence;
    }
}
