using Microsoft.Extensions.Localization;
using Vigie.Domain.Contacts;
using Vigie.Domain.Sites;

namespace Vigie.Web.Portal;

/// <summary>The insurer form's fields as typed, read into <see cref="InsurerDetails"/> with errors in the subscriber's language.</summary>
public sealed class InsurerForm
{
    public string Name { get; set; } = "";
    public string? PolicyNumber { get; set; }
    public string? ClaimsWeb { get; set; }
    public string? ClaimsEmail { get; set; }
    public string? ClaimsPhone { get; set; }
    public string? ClaimsPost { get; set; }
    public string? AssistancePhone { get; set; }
    public int? TheftDays { get; set; }
    public int? OtherDays { get; set; }
    public int? ComplaintHours { get; set; }
    public int? KeyHours { get; set; }

    public static InsurerForm From(InsurerDetails? details) => details is null ? new() : new()
    {
        Name = details.Name,
        PolicyNumber = details.PolicyNumber,
        ClaimsWeb = details.ClaimsWeb,
        ClaimsEmail = details.ClaimsEmail,
        ClaimsPhone = details.ClaimsPhone?.Display,
        ClaimsPost = details.ClaimsPost,
        AssistancePhone = details.AssistancePhone?.Display,
        TheftDays = details.TheftDeclarationWorkingDays,
        OtherDays = details.OtherClaimDeclarationWorkingDays,
        ComplaintHours = details.PoliceComplaintHours,
        KeyHours = details.KeyReplacementHours,
    };

    /// <summary>The details, or null (to clear them) when every field is empty; the domain checks the rest again.</summary>
    public (InsurerDetails? Details, IReadOnlyList<string> Errors) Read(IStringLocalizer<PortalText> t)
    {
        var errors = new List<string>();
        var fields = new[] { Name, PolicyNumber, ClaimsWeb, ClaimsEmail, ClaimsPhone, ClaimsPost, AssistancePhone };
        if (fields.All(string.IsNullOrWhiteSpace) && TheftDays is null && OtherDays is null && ComplaintHours is null && KeyHours is null)
        {
            return (null, []);
        }
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(t["insurer.error.name"]);
        }
        var claimsPhone = Phone(t, "insurer.phone", ClaimsPhone, errors);
        var assistance = Phone(t, "insurer.assistance", AssistancePhone, errors);
        var details = new InsurerDetails
        {
            Name = Name.Trim(),
            PolicyNumber = Blank(PolicyNumber),
            ClaimsWeb = Blank(ClaimsWeb),
            ClaimsEmail = Blank(ClaimsEmail),
            ClaimsPhone = claimsPhone,
            ClaimsPost = Blank(ClaimsPost),
            AssistancePhone = assistance,
            TheftDeclarationWorkingDays = TheftDays,
            OtherClaimDeclarationWorkingDays = OtherDays,
            PoliceComplaintHours = ComplaintHours,
            KeyReplacementHours = KeyHours,
        };
        foreach (var error in details.Validate())
        {
            // The domain names the field: say it with the form's label when it is one of ours.
            var value = error.Field switch
            {
                "claimsWeb" => t["insurer.error.web", t["insurer.web"], details.ClaimsWeb ?? ""],
                "claimsEmail" => t["insurer.error.email", t["insurer.email"], details.ClaimsEmail ?? ""],
                "name" when errors.Count > 0 && string.IsNullOrWhiteSpace(Name) => null,
                _ => RefusalText.Of(error),
            };
            if (value is not null)
            {
                errors.Add(value);
            }
        }
        return errors.Count > 0 ? (null, errors) : (details, []);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static PhoneNumber? Phone(IStringLocalizer<PortalText> t, string label, string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (PhoneNumber.TryParse(text, out var phone, out _))
        {
            return phone;
        }
        errors.Add(t["insurer.error.phone", t[label], text]);
        return null;
    }
}
