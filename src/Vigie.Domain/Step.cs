using NodaTime;

namespace Vigie.Domain;

/// <summary>
/// A step of a timeline as a reader's text is made from it: <see cref="Key"/> names the text (the event's type and
/// its variant, e.g. "IncidentTaken", "PersonCalled.Decision") and <see cref="Values"/> are what the text names, typed
/// so the reader's text formats them in the reader's language (an instant in Paris time, an enum value by its name).
/// <see cref="Note"/> is free text a person typed (an operator's notes), shown as written. The texts themselves live
/// with the console and the reports, never in the domain.
/// </summary>
public sealed record Step(string Key, IReadOnlyList<StepValue> Values)
{
    /// <summary>Words a person typed, appended as they are.</summary>
    public string? Note { get; init; }

    /// <summary>Clauses named one after the other ("contacts: … → …; emails: … → …"), joined in the reader's language.</summary>
    public const string ClausesKey = "Clauses";

    public static Step Of(string key, params IReadOnlyList<StepValue> values) => new(key, values);

    /// <summary>The step with a person's note, when there is one.</summary>
    public Step Noted(string? note) => note is { Length: > 0 } n ? this with { Note = n } : this;

    public bool Equals(Step? other) => other is not null && Key == other.Key && Note == other.Note && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Note, Values.Count);
}

/// <summary>
/// One value a step names. Exactly one is set: a text (a name, an id), an instant, a number, a date, a duration, the
/// key of a named value (<c>{EnumType}.{Value}</c>), a signal's code, a refusal, or a part of the text that is itself a
/// step (an optional clause, the reason of a closing).
/// </summary>
public sealed record StepValue
{
    public string? Text { get; init; }
    public Instant? At { get; init; }
    public decimal? Number { get; init; }
    public LocalDate? Date { get; init; }
    public Duration? Span { get; init; }

    /// <summary>A named value's key, "CallOutcome.NoAnswer": the reader's text names it in the reader's language.</summary>
    public string? Name { get; init; }

    /// <summary>A panel's code as received ("BA012", "1120 01 000"); <see cref="Text"/> holds the label received with it.</summary>
    public string? Signal { get; init; }

    public Refusal? Refusal { get; init; }

    public Step? Part { get; init; }

    public static implicit operator StepValue(string text) => new() { Text = text };

    public static implicit operator StepValue(Instant at) => new() { At = at };

    public static implicit operator StepValue(int number) => new() { Number = number };

    public static implicit operator StepValue(decimal number) => new() { Number = number };

    public static implicit operator StepValue(LocalDate date) => new() { Date = date };

    public static implicit operator StepValue(Duration span) => new() { Span = span };

    public static implicit operator StepValue(Step part) => new() { Part = part };

    public static implicit operator StepValue(Refusal refusal) => new() { Refusal = refusal };

    /// <summary>An enum value, named in the reader's language through its key <c>{EnumType}.{Value}</c>.</summary>
    public static StepValue Named<TEnum>(TEnum value) where TEnum : struct, Enum => new() { Name = $"{typeof(TEnum).Name}.{value}" };

    /// <summary>A panel's signal: its code, and the label it came with for a code the catalogue does not know.</summary>
    public static StepValue OfSignal(string code, string label) => new() { Signal = code, Text = label };

    /// <summary>Nothing: an optional clause left out.</summary>
    public static StepValue None => new() { Text = "" };
}
