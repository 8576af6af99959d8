using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Vigie.Domain.Contacts;

/// <summary>
/// A French phone number kept in international form "+33" followed by 9 digits (DOMAIN CON-2). Accepts what
/// people type: "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678".
/// </summary>
[JsonConverter(typeof(PhoneNumberJsonConverter))]
public sealed record PhoneNumber
{
    private PhoneNumber(string e164) => Value = e164;

    /// <summary>"+33612345678".</summary>
    public string Value { get; }

    /// <summary>True for 06 and 07 numbers, the ones that receive SMS.</summary>
    public bool IsMobile => Value[3] is '6' or '7';

    public static bool TryParse(string? text, [NotNullWhen(true)] out PhoneNumber? number, [NotNullWhen(false)] out string? error)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a phone number is required";
            return false;
        }
        var digits = new System.Text.StringBuilder();
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '.' or '-' or '(' or ')'))
            {
                error = $"'{text}' is not a phone number (unexpected '{c}')";
                return false;
            }
        }
        var d = digits.ToString();
        string national;
        if (plus)
        {
            if (!d.StartsWith("33", StringComparison.Ordinal))
            {
                error = $"'{text}' is not a French number: use +33 followed by 9 digits";
                return false;
            }
            national = d[2..];
        }
        else if (d.StartsWith("0033", StringComparison.Ordinal))
        {
            national = d[4..];
        }
        else if (d.Length == 10 && d[0] == '0')
        {
            national = d[1..];
        }
        else
        {
            error = $"'{text}' is not a French number: use +33 followed by 9 digits, or 10 digits starting with 0";
            return false;
        }
        // Skip a "(0)" written after the country code: "+33 (0)6 12 34 56 78".
        if (national.Length == 10 && national[0] == '0')
        {
            national = national[1..];
        }
        if (national.Length != 9 || national[0] == '0')
        {
            error = $"'{text}' is not a French number: +33 must be followed by 9 digits, the first from 1 to 9";
            return false;
        }
        number = new PhoneNumber("+33" + national);
        error = null;
        return true;
    }

    public static PhoneNumber Parse(string text) =>
        TryParse(text, out var number, out var error) ? number : throw new FormatException(error);

    public override string ToString() => Value;
}

internal sealed class PhoneNumberJsonConverter : JsonConverter<PhoneNumber>
{
    public override PhoneNumber Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        PhoneNumber.TryParse(reader.GetString(), out var number, out var error) ? number : throw new System.Text.Json.JsonException(error);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, PhoneNumber value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
