using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Domain.Incidents;
using Vigie.Domain.Signals;
using Vigie.Domain.Sites;
using Vigie.Station.Texts;

namespace Vigie.Station.Tests;

/// <summary>Every step a timeline can show has its text in French and English, made from the typed event in the reader's language.</summary>
public sealed partial class StepTextTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [GeneratedRegex(@"\{(\d+)(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    private static IEnumerable<Type> EventTypes() =>
        typeof(IncidentEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Concat(typeof(SiteEvent).GetCustomAttributes<JsonDerivedTypeAttribute>())
            .Select(a => a.DerivedType);

    [Fact]
    public void French_and_English_have_the_same_step_texts_naming_the_same_values()
    {
        var english = EnglishSteps.Of(CultureInfo.InvariantCulture);
        var french = EnglishSteps.Of(French);

        Assert.Empty(english.Keys.Except(french.Keys));
        Assert.Empty(french.Keys.Except(english.Keys));
        foreach (var (key, text) in english)
        {
            var inEnglish = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order();
            var inFrench = Placeholder().Matches(french[key]).Select(m => m.Groups[1].Value).Distinct().Order();
            Assert.True(inEnglish.SequenceEqual(inFrench), $"{key}: {text} / {french[key]}");
        }
    }

    [Fact]
    public void Every_event_type_of_an_incident_or_a_site_has_a_text_in_both_languages()
    {
        var english = EnglishSteps.Of(CultureInfo.InvariantCulture).Keys.ToHashSet();
        var french = EnglishSteps.Of(French).Keys.ToHashSet();
        var types = EventTypes().ToList();
        Assert.True(types.Count > 70, $"{types.Count} event types");
        foreach (var type in types)
        {
            bool Has(IEnumerable<string> keys) => keys.Any(k => k == type.Name || k.StartsWith(type.Name + ".", StringComparison.Ordinal));
            Assert.True(Has(english), $"{type.Name} has no English text");
            Assert.True(Has(french), $"{type.Name} has no French text");
        }
    }

    /// <summary>The enum types a step names: the events' own values and those of the records whose values steps name (brief, charge, period).</summary>
    private static HashSet<Type> EnumsOfSteps()
    {
        // Named from a stored name at read time, not a property: a notice's kind.
        var found = new HashSet<Type> { typeof(VerificationKind), typeof(ActorKind), typeof(Domain.Supervision.SubscriberNotice) };
        HashSet<Type> carried = [typeof(IncidentBrief), typeof(Charge), typeof(TestPeriod), typeof(SiteFault), typeof(LostDeviceReport)];
        var seen = new HashSet<Type>();
        void Walk(Type type, int depth)
        {
            if (depth > 1 || !seen.Add(type))
            {
                return;
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (t.IsEnum)
                {
                    found.Add(t);
                }
                else if (carried.Contains(t))
                {
                    Walk(t, depth + 1);
                }
            }
        }
        foreach (var type in EventTypes())
        {
            Walk(type, 0);
        }
        // Not shown by a step: the signal's meaning (its code and label are), the brief's family, a refusal's kind (its text is).
        found.Remove(typeof(SignalKind));
        found.Remove(typeof(RefusalKind));
        found.Remove(typeof(AlertFamily));
        return found;
    }

    [Fact]
    public void Every_value_a_step_names_has_a_name_in_both_languages()
    {
        var enums = EnumsOfSteps();
        Assert.Contains(typeof(CallOutcome), enums);
        Assert.Contains(typeof(AlertKind), enums);
        foreach (var culture in new[] { CultureInfo.InvariantCulture, French })
        {
            var texts = EnglishSteps.Of(culture);
            foreach (var type in enums)
            {
                foreach (var name in Enum.GetNames(type))
                {
                    Assert.True(texts.ContainsKey($"{type.Name}.{name}"), $"{type.Name}.{name} has no name in '{culture.Name}'");
                }
            }
            foreach (var mode in Enum.GetNames<ArmingMode>())
            {
                Assert.True(texts.ContainsKey("Arm." + mode) && texts.ContainsKey("Armed." + mode), $"arming {mode} in '{culture.Name}'");
            }
            foreach (var channel in Enum.GetNames<ArmingChannel>())
            {
                Assert.True(texts.ContainsKey("From." + channel), $"From.{channel} in '{culture.Name}'");
            }
            // A refused command is named: every incident command has its name.
            foreach (var command in typeof(IncidentCommand).GetCustomAttributes<JsonDerivedTypeAttribute>())
            {
                var name = ((IncidentCommand)RuntimeHelpers.GetUninitializedObject(command.DerivedType)).Name;
                Assert.True(texts.ContainsKey("Command." + name), $"Command.{name} in '{culture.Name}'");
            }
        }
    }

    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 4, 6, 6);

    [Fact]
    public void Steps_read_in_French_name_values_by_their_French_names_and_instants_in_Paris_time()
    {
        var neighbour = new Callee("Neighbour", PhoneNumber.Parse("+33639982001"), IsSubscriber: false);
        Assert.Equal("pris en charge par alice", StepText.Of(new IncidentTaken("alice", At), French));
        Assert.Equal("escaladé\u202f: non pris en charge après 1 minute", StepText.Of(new IncidentEscalated(Duration.FromMinutes(1), At), French));
        Assert.Equal("signal 1120 01 000\u202f: Alarme panique",
            StepText.Of(new SignalAdded(new SiteSignal(SignalKind.Sos, null, null, ArmingChannel.Unknown, "1120 01 000", "Panic alarm"), At), French));
        Assert.Equal("appel à Neighbour +33639982001\u202f: Message laissé",
            StepText.Of(new PersonCalled(neighbour, CallOutcome.VoicemailLeft, null, CallPurpose.Alert, At), French));
        Assert.Equal("3 déc. 2026 05:06", StepText.When(At, French));
        Assert.Equal("1 heure et 30 minutes", StepText.Span(Duration.FromMinutes(90), French));
        Assert.Equal("taken by alice", StepText.Of(new IncidentTaken("alice", At), English));
        Assert.Equal("3 Dec 2026 05:06", StepText.When(At, English));
    }

    [Fact]
    public void Why_an_alarm_raised_nothing_reads_in_the_readers_language_not_in_the_English_of_the_log()
    {
        var salon = new Zone(3, "Salon", DetectorKind.Opening);
        var partial = AlarmNotRaised.Because(AlertKind.Intrusion, 3, Site.NotWatched(ArmingMode.Partial, AlertKind.Intrusion, salon)!, At);
        var disarmed = AlarmNotRaised.Because(AlertKind.Intrusion, 3, Site.NotWatched(ArmingMode.Disarmed, AlertKind.Intrusion, salon)!, At);
        var notStarted = AlarmNotRaised.Because(AlertKind.Intrusion, null, NotRaised.NotStarted([ActivationStep.InstructionsValidated]), At);

        Assert.EndsWith("la zone 3 (Salon) n'est pas surveillée en mode partiel", StepText.Of(partial, French), StringComparison.Ordinal);
        Assert.EndsWith("le site est désarmé", StepText.Of(disarmed, French), StringComparison.Ordinal);
        Assert.Contains("la télésurveillance n'a pas commencé", StepText.Of(notStarted, French), StringComparison.Ordinal);
        foreach (var e in new[] { partial, disarmed, notStarted })
        {
            Assert.Empty(EnglishSteps.In(StepText.Of(e, French)));
        }
        Assert.EndsWith("not raised: the site is disarmed", StepText.Of(disarmed, English), StringComparison.Ordinal);
        // The log's English line is kept as it was.
        Assert.Equal("the site is disarmed", disarmed.Reason);
    }

    [Fact]
    public void A_virtual_remote_refused_says_why_in_the_readers_language()
    {
        var refusal = Refusal.Conflict(RefusalCodes.SiteAlreadyDisarmed, "mode: the site is already disarmed");
        var used = new VirtualRemoteUsed("R1", "Clé de Léa", ArmingMode.Disarmed, refusal.Detail, At) { Why = refusal };

        var french = StepText.Of(used, French);

        Assert.Contains(StepText.Refusal(refusal, French), french, StringComparison.Ordinal);
        Assert.DoesNotContain(refusal.Detail, french, StringComparison.Ordinal);
        Assert.Contains(refusal.Detail, new VirtualRemoteUsed("R1", "Clé de Léa", ArmingMode.Disarmed, refusal.Detail, At).Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_English_step_words_catch_a_step_shown_in_English_and_spare_the_same_step_in_French()
    {
        // What the French console and report showed before: the events' English lines.
        Assert.Equal(["taken"], EnglishSteps.In(new IncidentTaken("alice", At).Describe()));
        Assert.NotEmpty(EnglishSteps.In(new IncidentEscalated(Duration.FromMinutes(1), At).Describe()));
        Assert.Empty(EnglishSteps.In(StepText.Of(new IncidentTaken("alice", At), French)));
        Assert.Empty(EnglishSteps.In(StepText.Of(new IncidentEscalated(Duration.FromMinutes(1), At), French)));
    }

    [Fact]
    public void A_refused_command_says_its_refusal_in_the_readers_language_with_its_instant_in_Paris_time()
    {
        var refusal = Refusal.Conflict(RefusalCodes.IncidentPoliceAlreadyCalled, $"police were already called at {At}", At);
        var refused = new CommandRefused("call-police", refusal.Detail, At) { Refusal = refusal };

        Assert.Equal("refusé (appel des forces de l'ordre)\u202f: les forces de l'ordre ont déjà été appelées le 3 déc. 2026 05:06", StepText.Of(refused, French));
    }
}
