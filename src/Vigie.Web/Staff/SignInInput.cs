using Microsoft.AspNetCore.Identity;

namespace Vigie.Web.Staff;

/// <summary>
/// What a sign-in form or the token route may be sent: bounded lengths (a megabyte "login" is not hashed, looked up or
/// audited) and return addresses that stay on this site.
/// </summary>
public static class SignInInput
{
    /// <summary>Longest login (a subscriber's login is an e-mail address: 254 characters at most).</summary>
    public const int MaxLoginLength = 256;

    /// <summary>Longest password: far past any pass phrase, short enough that hashing it costs nothing.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>Longest second-factor or recovery code as typed (spaces and dashes included).</summary>
    public const int MaxCodeLength = 64;

    /// <summary>Longest return address kept after a sign-in.</summary>
    public const int MaxReturnUrlLength = 2048;

    /// <summary>Why a login or password is refused before anything is looked up.</summary>
    public static SignInInputRefusal? Check(string? login, string? password) =>
        string.IsNullOrWhiteSpace(login) ? new(SignInInputProblem.Missing, "login")
        : login.Length > MaxLoginLength ? new(SignInInputProblem.TooLong, "login")
        : string.IsNullOrEmpty(password) ? new(SignInInputProblem.Missing, "password")
        : password.Length > MaxPasswordLength ? new(SignInInputProblem.TooLong, "password")
        : null;

    /// <summary>
    /// Only a path of this site: "/" then printable ASCII, no second "/" or "\" at the start (another host), no
    /// backslash, no control character (browsers drop a tab or a line break: "/\t/evil.example" becomes "//evil.example").
    /// Anything else returns "/".
    /// </summary>
    public static string LocalPath(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxReturnUrlLength || url[0] != '/')
        {
            return "/";
        }
        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return "/";
        }
        foreach (var c in url)
        {
            if (c is < '!' or > '~' or '\\')
            {
                return "/";
            }
        }
        return url;
    }

    /// <summary>The digits of a typed code ("123 456" → "123456"); empty when it is far too long to be one.</summary>
    public static string Digits(string? code) =>
        code is null || code.Length > MaxCodeLength ? "" : new(code.Where(char.IsAsciiDigit).ToArray());
}

/// <summary>What is wrong with a sign-in's input.</summary>
public enum SignInInputProblem
{
    Missing,
    TooLong,
}

/// <summary>A refused sign-in input: what is wrong, and with which field ("login" or "password").</summary>
public sealed record SignInInputRefusal(SignInInputProblem Problem, string Field)
{
    /// <summary>The API's sentence for it.</summary>
    public string Detail => Problem == SignInInputProblem.Missing ? $"{Field}: required"
        : $"{Field}: at most {(Field == "login" ? SignInInput.MaxLoginLength : SignInInput.MaxPasswordLength)} characters";
}

/// <summary>Refuses a new password longer than <see cref="SignInInput.MaxPasswordLength"/> (registration, reset, change, creation).</summary>
internal sealed class PasswordLengthLimit : IPasswordValidator<StaffMember>
{
    public Task<IdentityResult> ValidateAsync(UserManager<StaffMember> manager, StaffMember user, string? password) =>
        Task.FromResult(password is { Length: > SignInInput.MaxPasswordLength }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords must be at most {SignInInput.MaxPasswordLength} characters." })
            : IdentityResult.Success);
}
