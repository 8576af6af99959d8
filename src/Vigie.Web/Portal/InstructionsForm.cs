using System.Net.Mail;
using Microsoft.Extensions.Localization;
using Vigie.Domain.Contacts;

namespace Vigie.Web.Portal;

/// <summary>
/// The instructions editor's fields as typed, read into <see cref="Instructions"/> with every error in the
/// subscriber's language, naming the field (CON-1 … CON-3). The domain checks again; this is what the subscriber reads.
/// </summary>
public sealed record InstructionsForm(
    IReadOnlyList<string> SubscriberPhones,
    IReadOnlyList<(string Name, string Phone, string? Email)> Contacts,
    string Emails,
    string AccessNotes)
{
    /// <summary>The field ids of the editor (InstructionsPage): an error names the field it is about.</summary>
    public static string PhoneField(int index) => $"phone-{index}";
    public static string ContactNameField(int index) => $"contact-name-{index}";
    public static string ContactPhoneField(int index) => $"contact-phone-{index}";
    public static string ContactEmailField(int index) => $"contact-email-{index}";
    public const string EmailsField = "emails";
    public const string AccessField = "access";

    public (Instructions? Instructions, IReadOnlyList<string> Errors) Read(IStringLocalizer<PortalText> t, int minimumContacts)
    {
        var (instructions, errors) = ReadFields(t, minimumContacts);
        return (instructions, [.. errors.Select(e => e.Text)]);
    }

    /// <summary>Like <see cref="Read"/>, each error with its field, so the page marks and focuses it.</summary>
    public (Instructions? Instructions, IReadOnlyList<FieldError> Errors) ReadFields(IStringLocalizer<PortalText> t, int minimumContacts)
    {
        var errors = new List<FieldError>();
        var phones = new List<PhoneNumber>();
        for (var i = 0; i < SubscriberPhones.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(SubscriberPhones[i]))
            {
                continue;
            }
            // One rule for every way in (this form, the API, stored data): PhoneNumber, then the instructions' own check.
            if (!PhoneNumber.TryParse(SubscriberPhones[i], out var phone, out var refused, $"subscriberPhones[{i}]"))
            {
                errors.Add(new(PhoneField(i), t["error.myPhone", i + 1, RefusalText.Of(refused)]));
            }
            else if (Instructions.WhyNotSubscriberPhone(phone, i) is { } notFrench)
            {
                errors.Add(new(PhoneField(i), t["error.myPhone", i + 1, RefusalText.Of(notFrench)]));
            }
            else
            {
                phones.Add(phone);
            }
        }
        var contacts = new List<Contact>();
        for (var i = 0; i < Contacts.Count; i++)
        {
            var (name, phoneText, email) = Contacts[i];
            if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(phoneText) && string.IsNullOrWhiteSpace(email))
            {
                continue; // an empty row left by "add a contact"
            }
            var ok = true;
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new(ContactNameField(i), t["error.contactName", i + 1]));
                ok = false;
            }
            if (!PhoneNumber.TryParse(phoneText, out var phone, out var refused, $"contacts[{i}].phone"))
            {
                errors.Add(new(ContactPhoneField(i), t["error.contactPhone", i + 1, RefusalText.Of(refused)]));
                ok = false;
            }
            var mail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
            if (mail is not null && !IsEmail(mail))
            {
                errors.Add(new(ContactEmailField(i), t["error.contactEmail", i + 1, mail]));
                ok = false;
            }
            if (ok)
            {
                contacts.Add(new Contact(name.Trim(), phone!, mail));
            }
        }
        if (Contacts.Count(c => !string.IsNullOrWhiteSpace(c.Name) || !string.IsNullOrWhiteSpace(c.Phone)) < minimumContacts)
        {
            errors.Add(new(null, t["error.minimumContacts", minimumContacts]));
        }
        var emails = Emails.Split([',', ';', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var email in emails.Where(e => !IsEmail(e)))
        {
            errors.Add(new(EmailsField, t["error.email", email]));
        }
        if (phones.Count == 0 && contacts.Count == 0 && errors.Count == 0)
        {
            errors.Add(new(null, t["error.noNumber"]));
        }
        foreach (var duplicate in phones.Concat(contacts.Select(c => c.Phone)).GroupBy(p => p.Value).Where(g => g.Count() > 1))
        {
            errors.Add(new(null, t["error.duplicate", duplicate.First().Display]));
        }
        if (AccessNotes.Length > 2000)
        {
            errors.Add(new(AccessField, t["error.access"]));
        }
        return errors.Count > 0
            ? (null, errors)
            : (new Instructions { SubscriberPhones = phones, Contacts = contacts, Emails = emails, AccessNotes = AccessNotes.Trim() }, []);
    }

    private static bool IsEmail(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}

/// <summary>An error a subscriber reads, and the id of the field it is about (null: the form as a whole).</summary>
public sealed record FieldError(string? Field, string Text);
