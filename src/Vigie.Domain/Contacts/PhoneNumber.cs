using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using PhoneNumbers;

namespace Vigie.Domain.Contacts;

/// <summary>
/// A phone number kept in international E.164 form ("+33612345678", "+442079460958"). French is the default: a national
/// number as people type it ("06 12 34 56 78", "06.12.34.56.78", "0033 6…", "+33 (0)6…") becomes "+33" and 9 digits, by
/// the station's own rule, so every number stored before international numbers still reads back the same (DOMAIN CON-2).
/// A number with another country code ("+44 20 7946 0958", "0049 30 1234567") must be a valid number of that country's
/// numbering plan, checked with libphonenumber (Google's plans, kept up to date by its maintainers): a relative abroad
/// can be a contact. Which numbers may be the subscriber's own (French) is the instructions' rule, not this type's.
/// </summary>
[JsonConverter(typeof(PhoneNumberJsonConverter))]
public sealed record PhoneNumber
{
    /// <summary>The numbering plans load on the first foreign number only: French numbers (all the stored ones) never wait for them.</summary>
    private static class Plans
    {
        public static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    }

    private PhoneNumber(string e164) => Value = e164;

    /// <summary>"+33612345678".</summary>
    public string Value { get; }

    /// <summary>A French number (+33).</summary>
    public bool IsFrench => Value.StartsWith("+33", StringComparison.Ordinal);

    /// <summary>
    /// A French mobile (06, 07): the only numbers the station's SMS go to (SUP-3 mains cut, RC-5 arming information;
    /// SMS are billed on the French offer), so a foreign mobile never counts as one.
    /// </summary>
    public bool IsMobile => IsFrench && Value[3] is '6' or '7';

    /// <summary>As people read it: "06 12 34 56 78" for a French number, "+44 20 7946 0958" for another country's.</summary>
    public string Display
    {
        get
        {
            if (IsFrench)
            {
                var national = "0" + Value[3..];
                return string.Join(' ', Enumerable.Range(0, 5).Select(i => national.Substring(i * 2, 2)));
            }
            return Plans.Util.Format(Plans.Util.Parse(Value, null), PhoneNumberFormat.INTERNATIONAL);
        }
    }

    /// <summary>
    /// Reads a typed number; a refusal names <paramref name="field"/> and carries what was typed
    /// (<see cref="RefusalCodes.PhoneRequired"/>, <see cref="RefusalCodes.PhoneInvalid"/>).
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PhoneNumber? number, [NotNullWhen(false)] out Refusal? refusal, string field = "phone")
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            refusal = Refusal.Invalid(field, RefusalCodes.PhoneRequired, $"{field}: a phone number is required");
            return false;
        }
        var typed = text.Trim();
        var digits = new System.Text.StringBuilder();
        var plus = false;
        foreach (var c in typed)
        {
            if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '.' or '-' or '(' or ')' or '/'))
            {
                refusal = Invalid(field, typed, $"unexpected '{c}'");
                return false;
            }
        }
        var d = digits.ToString();
        var international = plus ? d : d.StartsWith("00", StringComparison.Ordinal) ? d[2..] : null;
        if (international is null)
        {
            // No country code: a French national number, 10 digits starting with 0.
            return French(d.Length == 10 && d[0] == '0' ? d[1..] : null, field, typed, out number, out refusal);
        }
        if (international.StartsWith("33", StringComparison.Ordinal))
        {
            return French(international[2..], field, typed, out number, out refusal);
        }
        try
        {
            var parsed = Plans.Util.Parse("+" + international, null);
            if (Plans.Util.IsValidNumber(parsed))
            {
                number = new PhoneNumber(Plans.Util.Format(parsed, PhoneNumberFormat.E164));
                refusal = null;
                return true;
            }
        }
        catch (NumberParseException)
        {
            // Not a number in any plan: refused below like an invalid one.
        }
        refusal = Invalid(field, typed, "not a valid number of its country");
        return false;
    }

    /// <summary>+33 and 9 digits, the first from 1 to 9; a "(0)" after the country code is skipped ("+33 (0)6 12 34 56 78").</summary>
    private static bool French(string? national, string field, string typed, [NotNullWhen(true)] out PhoneNumber? number, [NotNullWhen(false)] out Refusal? refusal)
    {
        number = null;
        if (national is { Length: 10 } && national[0] == '0')
        {
            national = national[1..];
        }
        if (national is not { Length: 9 } || national[0] == '0')
        {
            refusal = Invalid(field, typed, "a French number is 10 digits starting with 0, or +33 followed by 9 digits");
            return false;
        }
        number = new PhoneNumber("+33" + national);
        refusal = null;
        return true;
    }

    private static Refusal Invalid(string field, string typed, string why) =>
        Refusal.Invalid(field, RefusalCodes.PhoneInvalid, $"{field}: '{typed}' is not a phone number ({why})", typed);

    public static PhoneNumber Parse(string text) =>
        TryParse(text, out var number, out var refusal) ? number : throw new FormatException(refusal.Detail);

    public override string ToString() => Value;
}

internal sealed class PhoneNumberJsonConverter : JsonConverter<PhoneNumber>
{
    // Stored events and API bodies alike: what was stored in "+33…" form reads back unchanged.
    public override PhoneNumber Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        PhoneNumber.TryParse(reader.GetString(), out var number, out var refusal) ? number : throw new PhoneNumberJsonException(reader.GetString(), refusal.Detail);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, PhoneNumber value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

/// <summary>A number in a JSON body that is not one: the API answers with the typed refusal for the field the reader was at.</summary>
public sealed class PhoneNumberJsonException(string? typed, string message) : System.Text.Json.JsonException(message)
{
    public string? Typed { get; } = typed;

    /// <summary>The typed refusal, naming the body's field (e.g. "contacts[1].phone").</summary>
    public Refusal RefusalFor(string field) =>
        PhoneNumber.TryParse(Typed, out _, out var refusal, field) ? Refusal.Invalid(field, RefusalCodes.PhoneInvalid, Message, Typed ?? "") : refusal;
}
