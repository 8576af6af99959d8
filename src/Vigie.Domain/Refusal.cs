using System.Globalization;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Vigie.Domain;

/// <summary>What kind of "no" a refusal is: the web side maps each kind to one HTTP status, in one place.</summary>
public enum RefusalKind
{
    /// <summary>The site, incident, call, booking or remote named does not exist.</summary>
    NotFound,

    /// <summary>The rules or the current state do not allow it now (taken by someone else, already done, not yet due).</summary>
    Conflict,

    /// <summary>Not this actor's to do.</summary>
    Forbidden,

    /// <summary>A value given is wrong; <see cref="Refusal.Field"/> names it.</summary>
    InvalidField,
}

/// <summary>
/// Why the domain refused a command: a kind, a stable <see cref="Code"/> (one of <see cref="RefusalCodes"/>) that
/// the console's and portal's texts are looked up by, the field at fault, and the values the text names, typed so a
/// reader's text can format them (an instant in Paris time). <see cref="Detail"/> is the English sentence for logs,
/// the audit trail and the API's problem detail; no caller parses it.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Code, string Detail)
{
    /// <summary>The field at fault (as the API names it, e.g. "code", "contacts[0].email"); set for <see cref="RefusalKind.InvalidField"/>.</summary>
    public string? Field { get; init; }

    /// <summary>The values the text names, in the order of its placeholders.</summary>
    public IReadOnlyList<RefusalValue> Values { get; init; } = [];

    /// <summary>Every problem found with the same command when there are several (a form with several wrong fields), each with its own code; empty for one.</summary>
    public IReadOnlyList<Refusal> More { get; init; } = [];

    public static Refusal NotFound(string code, string detail, params IReadOnlyList<RefusalValue> values) =>
        new(RefusalKind.NotFound, code, detail) { Values = values };

    public static Refusal Conflict(string code, string detail, params IReadOnlyList<RefusalValue> values) =>
        new(RefusalKind.Conflict, code, detail) { Values = values };

    public static Refusal Forbidden(string code, string detail, params IReadOnlyList<RefusalValue> values) =>
        new(RefusalKind.Forbidden, code, detail) { Values = values };

    public static Refusal Invalid(string field, string code, string detail, params IReadOnlyList<RefusalValue> values) =>
        new(RefusalKind.InvalidField, code, detail) { Field = field, Values = values };

    /// <summary>Several problems as one refusal: the first leads (its kind, code and field), all are kept in <see cref="More"/>.</summary>
    public static Refusal All(IReadOnlyList<Refusal> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return problems.Count == 1
            ? problems[0]
            : problems[0] with { Detail = string.Join("; ", problems.Select(p => p.Detail)), More = [.. problems] };
    }

    /// <summary>Each problem: this refusal alone, or every one of several.</summary>
    public IReadOnlyList<Refusal> Each() => More.Count == 0 ? [this] : More;

    public bool Equals(Refusal? other) =>
        other is not null && Kind == other.Kind && Code == other.Code && Detail == other.Detail && Field == other.Field
        && Values.SequenceEqual(other.Values) && More.SequenceEqual(other.More);

    public override int GetHashCode() => HashCode.Combine(Kind, Code, Detail, Field);

    public override string ToString() => Detail;
}

/// <summary>
/// One value a refusal names: a text (a name, an id), an instant, a number, a date or a duration. Exactly one is set;
/// the reader's text formats it (an instant in the station's zone, never raw UTC).
/// </summary>
public sealed record RefusalValue
{
    public string? Text { get; init; }
    public Instant? At { get; init; }
    public decimal? Number { get; init; }
    public LocalDate? Date { get; init; }
    public Duration? Span { get; init; }

    /// <summary>A named value's key, "ProcedureKind.OperatorDomesticRisk": the reader's text names it in the reader's language.</summary>
    public string? Name { get; init; }

    /// <summary>An enum value, named in the reader's language through its key <c>{EnumType}.{Value}</c>.</summary>
    public static RefusalValue Named<TEnum>(TEnum value) where TEnum : struct, Enum => new() { Name = $"{typeof(TEnum).Name}.{value}" };

    public static implicit operator RefusalValue(string text) => new() { Text = text };

    public static implicit operator RefusalValue(Instant at) => new() { At = at };

    public static implicit operator RefusalValue(int number) => new() { Number = number };

    public static implicit operator RefusalValue(decimal number) => new() { Number = number };

    public static implicit operator RefusalValue(LocalDate date) => new() { Date = date };

    public static implicit operator RefusalValue(Duration span) => new() { Span = span };

    /// <summary>The value as such (string, <see cref="Instant"/>, decimal, <see cref="LocalDate"/> or <see cref="Duration"/>).</summary>
    [JsonIgnore]
    public object Value => (object?)Text ?? (object?)Name?[(Name.IndexOf('.', StringComparison.Ordinal) + 1)..] ?? (object?)At ?? (object?)Number ?? (object?)Date ?? (object?)Span ?? "";

    /// <summary>Invariant, for logs and the API.</summary>
    public override string ToString() => Value switch
    {
        Instant i => InstantPattern.ExtendedIso.Format(i),
        LocalDate d => LocalDatePattern.Iso.Format(d),
        Duration s => s.ToString("g", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}
