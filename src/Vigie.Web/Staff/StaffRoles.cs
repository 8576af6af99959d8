using System.Security.Claims;
using Vigie.Domain;

namespace Vigie.Web.Staff;

/// <summary>The station's staff roles and the console's policies over them.</summary>
public static class StaffRoles
{
    public const string Operator = "operator";
    public const string Supervisor = "supervisor";
    public const string Administrator = "administrator";

    public static readonly string[] All = [Operator, Supervisor, Administrator];

    /// <summary>Roles whose accounts must sign in with a second factor.</summary>
    public static readonly string[] NeedSecondFactor = [Supervisor, Administrator];

    /// <summary>Policy names.</summary>
    public const string Handles = "handles-incidents";
    public const string Supervises = "supervises";
    public const string Administers = "administers";

    /// <summary>The claim Identity adds when the second factor was given ("amr" = "mfa").</summary>
    public static bool SignedInWithSecondFactor(ClaimsPrincipal user) =>
        user.HasClaim("amr", "mfa");

    /// <summary>The actor written in the event log for this staff member.</summary>
    public static Actor ActorOf(ClaimsPrincipal user)
    {
        var login = user.Identity?.Name ?? throw new InvalidOperationException("no signed-in staff member");
        return user.IsInRole(Supervisor) ? new Actor(ActorKind.Supervisor, login) : Actor.Operator(login);
    }
}
