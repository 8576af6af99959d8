using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Vigie.Domain.Incidents;
using Vigie.Web.Portal;

namespace Vigie.Web.Tests;

/// <summary>An incident's outcome in the subscriber's French: sentences by typed kind, people by the names they were given.</summary>
public sealed class PortalOutcomeTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 4, 6, 0);

    private static IStringLocalizer<PortalText> French()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new StringLocalizer<PortalText>(factory);
    }

    /// <summary>French typography puts a (narrow) no-break space before ":" and ";": compared as plain spaces.</summary>
    private static string Plain(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static SubscriberOutcome Outcome(OutcomeVerdict verdict, params OutcomeStep[] steps) =>
        new("WEB-P1-0001", "WEB-P1", AlertKind.Intrusion, 2, "Salon", At, verdict == OutcomeVerdict.InProgress ? null : At + Duration.FromHours(1), verdict,
            steps.Any(s => s.Fact == OutcomeFact.PoliceCalled), steps.FirstOrDefault(s => s.Reference is not null)?.Reference, steps);

    [Fact]
    [Trait("Rule", "INS-3")]
    public void A_real_intrusion_reads_in_French_with_the_agent_the_people_called_and_the_police_reference()
    {
        var words = French().Words(Outcome(OutcomeVerdict.RealIntrusion,
            new OutcomeStep(At, OutcomeFact.VoicemailLeft) { IsSubscriber = true },
            new OutcomeStep(At, OutcomeFact.NotReached) { Name = "Voisine Mme Roux" },
            new OutcomeStep(At, OutcomeFact.AgentDispatched),
            new OutcomeStep(At, OutcomeFact.AgentFoundBreakIn),
            new OutcomeStep(At, OutcomeFact.PoliceCalled) { Reference = "PV-2026-0412" },
            new OutcomeStep(At, OutcomeFact.Reached) { IsSubscriber = true, AboutBreakIn = true, Decision = PersonDecision.TakesCharge }));

        Assert.StartsWith("Intrusion zone 2 (Salon) — ", words.Title, StringComparison.Ordinal);
        Assert.Equal("Intrusion réelle confirmée.", words.Verdict);
        Assert.Equal(
            [
                "Nous vous avons appelé, sans réponse : un message vous a été laissé.",
                "Nous avons appelé Voisine Mme Roux, sans réponse.",
                "Un agent de sécurité a été envoyé sur place.",
                "L'agent de sécurité a constaté des traces d'effraction.",
                "Nous avons appelé la police ; référence de l'appel : PV-2026-0412. Indiquez-la lors de votre dépôt de plainte.",
                "Pour vous informer de l'effraction : nous vous avons appelé et vous avez répondu. Vous avez pris le relais.",
            ],
            words.Steps.Select(s => Plain(s.Text)));
        Assert.False(words.Open);
    }

    [Fact]
    [Trait("Rule", "ALR-15")]
    public void False_alarm_user_error_and_nobody_reached_read_in_French()
    {
        var t = French();

        Assert.Equal("Fausse alarme : aucune intrusion constatée.", Plain(t.Words(Outcome(OutcomeVerdict.FalseAlarm,
            new OutcomeStep(At, OutcomeFact.Reached) { Name = "Alice", Decision = PersonDecision.FalseAlarm })).Verdict));
        Assert.Equal("Alice a indiqué une fausse alarme.", Plain(t.Sentence(new OutcomeStep(At, OutcomeFact.Reached) { Name = "Alice", Decision = PersonDecision.FalseAlarm }))
            .Split(". ", 2)[1]);
        Assert.StartsWith("Fausse alarme due à une erreur d'utilisation", t.Words(Outcome(OutcomeVerdict.UserError)).Verdict, StringComparison.Ordinal);
        var nobody = t.Words(Outcome(OutcomeVerdict.InProgress, new OutcomeStep(At, OutcomeFact.InterpellationUnanswered), new OutcomeStep(At, OutcomeFact.NotReached) { IsSubscriber = true }));
        Assert.True(nobody.Open);
        Assert.Equal("En cours de traitement par la station.", nobody.Verdict);
        Assert.Equal(["Interpellation par le haut-parleur du site : personne n'a répondu.", "Nous vous avons appelé, sans réponse."], nobody.Steps.Select(s => Plain(s.Text)));
    }

    /// <summary>A new kind without its sentence would show its key: every kind has one, in both languages.</summary>
    [Fact]
    public void Every_outcome_kind_has_its_sentence_in_French_and_English()
    {
        var resources = new ResourceManager("Vigie.Web.Resources.PortalText", typeof(PortalText).Assembly);
        var keys = Enum.GetNames<OutcomeVerdict>().Select(v => $"verdict.{v}")
            .Concat(Enum.GetNames<OutcomeFact>().Select(f => $"outcome.{f}"))
            .Concat(new[] { OutcomeFact.Reached, OutcomeFact.VoicemailLeft, OutcomeFact.NotReached, OutcomeFact.AcknowledgedWithCode }.Select(f => $"outcome.{f}.you"))
            .Concat(Enum.GetNames<PersonDecision>().SelectMany(d => new[] { $"decision.{d}", $"decision.{d}.you" }))
            .Concat(Enum.GetNames<AlertKind>().Select(k => $"AlertKind.{k}"))
            .ToList();
        foreach (var culture in new[] { CultureInfo.GetCultureInfo("fr"), CultureInfo.InvariantCulture })
        {
            var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();
            var missing = keys.Where(k => !set.Contains(k)).ToList();
            Assert.True(missing.Count == 0, $"{culture.Name}: no text for {string.Join(", ", missing)}");
        }
    }
}
