using System.Globalization;
using System.Resources;
using NodaTime;
using Vigie.Domain;
using Vigie.Domain.Incidents;
using Vigie.Domain.Sites;
using Vigie.Protocols.Events;

namespace Vigie.Station.Texts;

/// <summary>
/// The texts people read about what happened — timeline steps, names of values, refusals — in the reader's language:
/// Texts/StepText.resx (English) and StepText.fr.resx (French), Texts/RefusalText(.fr).resx for refusals. A step's text
/// is looked up by its key (<see cref="Step"/>), never taken from an event's English line; its values are formatted for
/// the reader: instants in Paris time French-style ("3 déc. 2026 05:06"), durations in words, enum values by their
/// names, a panel's code by the catalogue's label in the reader's language. The console, the portal, the PDF report
/// and the CLI all read them here.
/// </summary>
public static class StepText
{
    private static readonly ResourceManager Texts = new("Vigie.Station.Texts.StepText", typeof(StepText).Assembly);
    private static readonly ResourceManager Refusals = new("Vigie.Station.Texts.RefusalText", typeof(StepText).Assembly);
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    /// <summary>The reader's language when none is given: the request's or the circuit's UI culture.</summary>
    private static CultureInfo Reader(CultureInfo? culture) => culture ?? CultureInfo.CurrentUICulture;

    // By name: the engine's processes may run without ICU, where a culture keeps its name but not its data.
    private static bool IsFrench(CultureInfo culture) => culture.Name.StartsWith("fr", StringComparison.OrdinalIgnoreCase);

    public static string Of(IncidentEvent e, CultureInfo? culture = null) => Of(IncidentSteps.Of(e), culture);

    public static string Of(SiteEvent e, CultureInfo? culture = null) => Of(SiteSteps.Of(e), culture);

    public static string Of(Step step, CultureInfo? culture = null)
    {
        var reader = Reader(culture);
        var values = step.Values.Select(v => Format(v, reader)).ToArray();
        string text;
        if (step.Key == SiteSteps.ListKey)
        {
            text = string.Join(", ", values.Select(v => Convert.ToString(v, reader)).Where(v => v is { Length: > 0 }));
        }
        else if (step.Key == Step.ClausesKey)
        {
            text = string.Join(IsFrench(reader) ? "\u202f; " : "; ", values.Select(v => Convert.ToString(v, reader)).Where(v => v is { Length: > 0 }));
        }
        else if (Template(step.Key, reader) is { } template)
        {
            text = string.Format(reader, template, values);
        }
        else
        {
            // A key without its text is a gap the resources test catches; the key and values are better than nothing.
            text = string.Join(" ", values.Prepend(step.Key));
        }
        return step.Note is { } note ? $"{text} — {note}" : text;
    }

    /// <summary>What a charge is for ("SMS d'information …", "gardiennage avancé (R-1)"): its typed description, else its fee's name.</summary>
    public static string Charge(Charge charge, CultureInfo? culture = null) =>
        charge.What is { } what ? Of(what, culture) : Name(charge.Fee, culture);

    /// <summary>The template of a key in the reader's language, or null when the resources lack it.</summary>
    public static string? Template(string key, CultureInfo? culture = null) => Texts.GetString(key, Reader(culture));

    /// <summary>An enum value's name in the reader's language (key <c>{EnumType}.{Value}</c>).</summary>
    public static string Name<TEnum>(TEnum value, CultureInfo? culture = null) where TEnum : struct, Enum =>
        Name($"{typeof(TEnum).Name}.{value}", culture);

    /// <summary>A named value by its key; the value's own name when the resources lack it.</summary>
    public static string Name(string key, CultureInfo? culture = null) =>
        Texts.GetString(key, Reader(culture)) ?? key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>"3 déc. 2026 05:06": an instant in Paris time, as the reader writes dates.</summary>
    public static string When(Instant at, CultureInfo? culture = null) => When(at.InZone(Paris).LocalDateTime, culture);

    /// <summary>"3 déc. 2026 05:06" (with the seconds when asked: "3 déc. 2026 05:06:06"): a local time as the reader writes it.</summary>
    public static string When(LocalDateTime local, CultureInfo? culture = null, bool seconds = false)
    {
        var reader = Reader(culture);
        var text = string.Format(CultureInfo.InvariantCulture, Template("When", reader) ?? "{0} {1} {2} {3:00}:{4:00}",
            local.Day, Month(local.Month, reader), local.Year, local.Hour, local.Minute);
        return seconds ? string.Create(CultureInfo.InvariantCulture, $"{text}:{local.Second:00}") : text;
    }

    /// <summary>"6 déc. 2026": a day as the reader writes it.</summary>
    public static string Day(LocalDate date, CultureInfo? culture = null)
    {
        var reader = Reader(culture);
        return string.Format(CultureInfo.InvariantCulture, Template("Day", reader) ?? "{0} {1} {2}", date.Day, Month(date.Month, reader), date.Year);
    }

    /// <summary>The month's short name from the texts ("déc."), the same with or without the platform's culture data.</summary>
    private static string Month(int month, CultureInfo reader) =>
        (Template("Months", reader) ?? "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec").Split(',')[month - 1];

    /// <summary>"1 heure et 30 minutes", "45 secondes": a duration in the reader's words (two largest units).</summary>
    public static string Span(Duration duration, CultureInfo? culture = null)
    {
        var reader = Reader(culture);
        var total = Math.Max(0, (long)Math.Round(duration.TotalSeconds));
        (long Count, string Unit)[] units = [(total / 86400, "Day"), (total % 86400 / 3600, "Hour"), (total % 3600 / 60, "Minute"), (total % 60, "Second")];
        var parts = units.SkipWhile(u => u.Count == 0).Take(2).Where(u => u.Count > 0)
            .Select(u => string.Format(reader, Template(u.Count == 1 ? $"Span.{u.Unit}" : $"Span.{u.Unit}s", reader) ?? "{0}", u.Count)).ToList();
        return parts.Count switch
        {
            0 => string.Format(reader, Template("Span.Seconds", reader) ?? "{0}", 0),
            1 => parts[0],
            _ => string.Format(reader, Template("Span.And", reader) ?? "{0} {1}", parts[0], parts[1]),
        };
    }

    /// <summary>"1120 01 000 : Alarme panique": a panel's code and its label in the reader's language (the catalogue's, else the one received).</summary>
    public static string Signal(string code, string label, CultureInfo? culture = null)
    {
        var reader = Reader(culture);
        return string.Format(reader, Template("Signal.Coded", reader) ?? "{0}: {1}", code, SignalLabel(code, label, reader));
    }

    private static string SignalLabel(string code, string label, CultureInfo reader)
    {
        if (EventCatalogue.Identify(code) is not { } found)
        {
            return label;
        }
        var name = IsFrench(reader) ? found.Info.LabelFr : found.Info.Label;
        var openClose = found.Info.Kind is AlarmEventKind.Closing or AlarmEventKind.PartialClosing;
        var key = code.Length == 11 && openClose
            ? (found.Qualifier == EventQualifier.New ? "Signal.Opening" : found.Info.Kind == AlarmEventKind.Closing ? "Signal.Closing" : "Signal.PartialClosing")
            : code.Length == 11 && found.Qualifier == EventQualifier.Restore ? "Signal.Restore"
            : code.Length == 11 && found.Qualifier == EventQualifier.Status ? "Signal.Status"
            : null;
        return key is null ? name : string.Format(reader, Template(key, reader) ?? "{0}", name);
    }

    /// <summary>"alice", "serveur vocal", "centrale 1234": who did a step, from the form the log keeps ("operator:alice").</summary>
    public static string Actor(string actor, CultureInfo? culture = null)
    {
        var reader = Reader(culture);
        var colon = actor.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<ActorKind>(actor[..colon], ignoreCase: true, out var kind) && Template($"ActorKind.{kind}", reader) is { } template
            ? string.Format(reader, template, actor[(colon + 1)..])
            : actor;
    }

    /// <summary>A refusal's text (each problem of a several-field refusal, joined), looked up by its code; empty for none.</summary>
    public static string Refusal(Refusal? refusal, CultureInfo? culture = null)
    {
        var reader = Reader(culture);
        return refusal is null ? "" : string.Join(IsFrench(reader) ? "\u202f; " : "; ", refusal.Each().Select(r => OneRefusal(r, reader)));
    }

    /// <summary>The refusal text template for a code in the reader's language, or null when the resources lack it.</summary>
    public static string? RefusalTemplate(string code, CultureInfo? culture = null) => Refusals.GetString(code, Reader(culture));

    private static string OneRefusal(Refusal refusal, CultureInfo reader)
    {
        // A code without its text is a gap the resources test catches; the English detail is better than nothing.
        if (RefusalTemplate(refusal.Code, reader) is not { } template)
        {
            return refusal.Detail;
        }
        var values = refusal.Values.Select(v => v.Name is { } name ? Name(name, reader) : v.Value is Duration span ? Short(span, reader) : FormatValue(v.Value, reader)).ToArray();
        return string.Format(reader, template, values);
    }

    /// <summary>"24 h", "90 min", "7 j": a limit as rules state it.</summary>
    private static string Short(Duration span, CultureInfo reader) =>
        span.TotalHours >= 48 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{(int)span.TotalDays} {(IsFrench(reader) ? "j" : "d")}"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{(int)span.TotalHours} h"
        : $"{(int)Math.Ceiling(span.TotalMinutes)} min";

    private static object Format(StepValue value, CultureInfo reader) =>
        value.Name is { } name ? Name(name, reader)
        : value.Signal is { } code ? Signal(code, value.Text ?? "", reader)
        : value.Part is { } part ? Of(part, reader)
        : value.Refusal is { } refusal ? Refusal(refusal, reader)
        : FormatValue((object?)value.Text ?? (object?)value.At ?? (object?)value.Number ?? (object?)value.Date ?? (object?)value.Span ?? "", reader);

    /// <summary>A value ready for its template: instants, days and durations in words; numbers left to the template's format ("{0:0.00} €").</summary>
    private static object FormatValue(object value, CultureInfo reader) => value switch
    {
        Instant at => When(at, reader),
        LocalDate date => Day(date, reader),
        Duration span => Span(span, reader),
        var other => other,
    };
}
