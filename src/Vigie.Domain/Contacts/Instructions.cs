using System.Net.Mail;

namespace Vigie.Domain.Contacts;

/// <summary>A person the station calls, in the instructions' order (DOMAIN CON-1).</summary>
public sealed record Contact(string Name, PhoneNumber Phone, string? Email = null);

/// <summary>
/// The instructions (<i>consignes</i>, DOMAIN CON-1): who to call and in which order, where to send the
/// information email, how to reach the site, and the codes, kept hashed.
/// </summary>
public sealed record Instructions
{
    /// <summary>The subscriber's own numbers, called first (ALR-8).</summary>
    public IReadOnlyList<PhoneNumber> SubscriberPhones { get; init; } = [];

    /// <summary>Contacts in priority order, called after the subscriber.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Addresses of the information email (ALR-5) and of the immediate-stop confirmation (ALR-3).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>How to reach the site and its particulars (gate, dog, key box...).</summary>
    public string AccessNotes { get; init; } = "";

    /// <summary>The confidential identification code (CON-5), hashed; null until defined with the station.</summary>
    public SecretCode? IdentificationCode { get; init; }

    /// <summary>The duress code (ALR-13), hashed; optional.</summary>
    public SecretCode? DuressCode { get; init; }

    /// <summary>The numbers an automatic cascade goes through, in order: the subscriber's, then the contacts' (ALR-5).</summary>
    public IReadOnlyList<Callee> CallOrder =>
        [.. SubscriberPhones.Select(p => new Callee("subscriber", p, IsSubscriber: true)),
         .. Contacts.Select(c => new Callee(c.Name, c.Phone, IsSubscriber: false))];

    /// <summary>Checks the instructions for a site on the given offer; each message names the field (CON-1, CON-3).</summary>
    public IReadOnlyList<Refusal> Validate(int minimumContacts)
    {
        var errors = new List<Refusal>();
        if (SubscriberPhones.Count == 0 && Contacts.Count == 0)
        {
            errors.Add(Refusal.Invalid("instructions", RefusalCodes.InstructionsNoNumber, "instructions: at least one number to call is required"));
        }
        if (Contacts.Count < minimumContacts)
        {
            errors.Add(Refusal.Invalid("contacts", RefusalCodes.InstructionsTooFewContacts, $"contacts: this offer requires at least {minimumContacts} contacts, {Contacts.Count} given", minimumContacts, Contacts.Count));
        }
        for (var i = 0; i < SubscriberPhones.Count; i++)
        {
            if (WhyNotSubscriberPhone(SubscriberPhones[i], i) is { } refused)
            {
                errors.Add(refused);
            }
        }
        for (var i = 0; i < Contacts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Contacts[i].Name))
            {
                errors.Add(Refusal.Invalid($"contacts[{i}].name", RefusalCodes.InstructionsContactNameMissing, $"contacts[{i}].name: a name is required", i + 1));
            }
            if (Contacts[i].Email is { } email && !IsEmail(email))
            {
                errors.Add(Refusal.Invalid($"contacts[{i}].email", RefusalCodes.EmailInvalid, $"contacts[{i}].email: '{email}' is not an email address", email));
            }
        }
        var numbers = CallOrder.Select(c => c.Phone.Value).ToList();
        foreach (var duplicate in numbers.GroupBy(n => n).Where(g => g.Count() > 1))
        {
            errors.Add(Refusal.Invalid("instructions", RefusalCodes.InstructionsDuplicateNumber, $"instructions: {duplicate.Key} is listed {duplicate.Count()} times", duplicate.Key, duplicate.Count()));
        }
        for (var i = 0; i < Emails.Count; i++)
        {
            if (!IsEmail(Emails[i]))
            {
                errors.Add(Refusal.Invalid($"emails[{i}]", RefusalCodes.EmailInvalid, $"emails[{i}]: '{Emails[i]}' is not an email address", Emails[i]));
            }
        }
        if (AccessNotes.Length > 2000)
        {
            errors.Add(Refusal.Invalid("accessNotes", RefusalCodes.InstructionsAccessNotesLength, "accessNotes: at most 2000 characters", 2000));
        }
        return errors;
    }

    /// <summary>
    /// The subscriber's own numbers stay French (CON-2): the SMS of SUP-3 (mains cut) and RC-5 (arming information) go
    /// only to the subscriber's French mobile. Contacts may be abroad (a relative in London): any valid number.
    /// </summary>
    public static Refusal? WhyNotSubscriberPhone(PhoneNumber phone, int index) =>
        phone.IsFrench ? null
        : Refusal.Invalid($"subscriberPhones[{index}]", RefusalCodes.PhoneNotFrench,
            $"subscriberPhones[{index}]: {phone} is not French: the subscriber's own numbers are +33 (SMS go only to a French mobile)", phone.Display);

    /// <summary>What changed, in words for the history (CON-4); codes are named, never shown.</summary>
    public IReadOnlyList<string> DescribeChangesFrom(Instructions before)
    {
        var changes = new List<string>();
        if (!before.SubscriberPhones.Select(p => p.Value).SequenceEqual(SubscriberPhones.Select(p => p.Value)))
        {
            changes.Add($"subscriber numbers: {string.Join(", ", before.SubscriberPhones)} → {string.Join(", ", SubscriberPhones)}");
        }
        if (!before.Contacts.SequenceEqual(Contacts))
        {
            changes.Add($"contacts: {Describe(before.Contacts)} → {Describe(Contacts)}");
        }
        if (!before.Emails.SequenceEqual(Emails))
        {
            changes.Add($"emails: {string.Join(", ", before.Emails)} → {string.Join(", ", Emails)}");
        }
        if (before.AccessNotes != AccessNotes)
        {
            changes.Add("access notes changed");
        }
        if (!ReferenceEquals(before.IdentificationCode, IdentificationCode))
        {
            changes.Add("identification code changed");
        }
        if (!ReferenceEquals(before.DuressCode, DuressCode))
        {
            changes.Add("duress code changed");
        }
        return changes;

        static string Describe(IReadOnlyList<Contact> contacts) =>
            contacts.Count == 0 ? "(none)" : string.Join(", ", contacts.Select(c => $"{c.Name} {c.Phone}"));
    }

    /// <summary>
    /// What changed, typed for a reader's text (CON-4): the field (key <c>InstructionsChange.{Field}</c>) and, for lists,
    /// the values before and after; codes are named, never shown. The same changes as <see cref="DescribeChangesFrom"/>.
    /// </summary>
    public IReadOnlyList<Step> ChangesFrom(Instructions before)
    {
        var changes = new List<Step>();
        if (!before.SubscriberPhones.Select(p => p.Value).SequenceEqual(SubscriberPhones.Select(p => p.Value)))
        {
            changes.Add(Step.Of("InstructionsChange.SubscriberPhones", Listed(before.SubscriberPhones), Listed(SubscriberPhones)));
        }
        if (!before.Contacts.SequenceEqual(Contacts))
        {
            changes.Add(Step.Of("InstructionsChange.Contacts", Listed(before.Contacts.Select(c => $"{c.Name} {c.Phone}")), Listed(Contacts.Select(c => $"{c.Name} {c.Phone}"))));
        }
        if (!before.Emails.SequenceEqual(Emails))
        {
            changes.Add(Step.Of("InstructionsChange.Emails", Listed(before.Emails), Listed(Emails)));
        }
        if (before.AccessNotes != AccessNotes)
        {
            changes.Add(Step.Of("InstructionsChange.AccessNotes"));
        }
        if (!ReferenceEquals(before.IdentificationCode, IdentificationCode))
        {
            changes.Add(Step.Of("InstructionsChange.IdentificationCode"));
        }
        if (!ReferenceEquals(before.DuressCode, DuressCode))
        {
            changes.Add(Step.Of("InstructionsChange.DuressCode"));
        }
        return changes;

        static StepValue Listed<T>(IEnumerable<T> values)
        {
            var texts = values.Select(v => v?.ToString() ?? "").ToList();
            return texts.Count == 0 ? Step.Of("InstructionsChange.None") : string.Join(", ", texts);
        }
    }

    /// <summary>Right, wrong or duress for a code heard or typed (CON-6, ALR-13).</summary>
    public CodeCheck Check(string code)
    {
        if (IdentificationCode is null && DuressCode is null)
        {
            return CodeCheck.NoCodeDefined;
        }
        if (IdentificationCode?.Matches(code) == true)
        {
            return CodeCheck.Right;
        }
        return DuressCode?.Matches(code) == true ? CodeCheck.Duress : CodeCheck.Wrong;
    }

    private static bool IsEmail(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}

/// <summary>One number of a call order.</summary>
public sealed record Callee(string Name, PhoneNumber Phone, bool IsSubscriber);

/// <summary>The station's answer to a code, without ever showing the code (CON-6).</summary>
public enum CodeCheck
{
    Right,
    Wrong,
    /// <summary>The duress code: looks right to whoever typed it, raises a silent SOS (ALR-13).</summary>
    Duress,
    NoCodeDefined,
}
