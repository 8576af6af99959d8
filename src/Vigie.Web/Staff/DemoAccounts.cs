using System.Security.Cryptography;

namespace Vigie.Web.Staff;

/// <summary>A demo staff member: login, name, role and the password generated for one demo folder.</summary>
public sealed record DemoStaffMember(string Login, string Name, string Role, string Password);

/// <summary>A demo subscriber's account: e-mail (login), the demo site's subscriber, and its generated password.</summary>
public sealed record DemoSubscriber(string Email, string SubscriberId, string Password);

/// <summary>
/// The demo's accounts, with passwords drawn per demo folder (no password is the same in two demos, none is in the
/// source). Their accounts carry <see cref="Claim"/> so that `vigie serve` can refuse a folder that still has them.
/// </summary>
public sealed record DemoAccounts(IReadOnlyList<DemoStaffMember> Staff, IReadOnlyList<DemoSubscriber> Subscribers)
{
    /// <summary>Claim type set on every account the demo creates.</summary>
    public const string Claim = "vigie:demo";

    private static readonly (string Login, string Name, string Role)[] StaffCast =
    [
        ("alice", "Alice Martin", StaffRoles.Operator),
        ("bruno", "Bruno Petit", StaffRoles.Operator),
        ("claire", "Claire Dubois", StaffRoles.Supervisor),
        ("admin", "Administrateur", StaffRoles.Administrator),
    ];

    /// <summary>
    /// The passwords demos used before they were drawn per folder (published in the source and on every demo's screen):
    /// a station whose accounts still open with one of them is refused like a demo's.
    /// </summary>
    public static IEnumerable<(string Login, string Password)> Retired() =>
        StaffCast.Select(m => (m.Login, $"demo-{m.Login}-2026"))
            .Concat(Station.Simulator.DemoSites.All.Select((_, i) => ($"sub-{i + 1:D3}@demo.vigie.fr", $"demo-sub-{i + 1:D3}-2026")));

    /// <summary>One account per demo staff member and per demo site's subscriber (SUB-001 …), fresh passwords.</summary>
    public static DemoAccounts Generate() => new(
        [.. StaffCast.Select(m => new DemoStaffMember(m.Login, m.Name, m.Role, NewPassword()))],
        [.. Station.Simulator.DemoSites.All.Select((_, i) => new DemoSubscriber($"sub-{i + 1:D3}@demo.vigie.fr", $"SUB-{i + 1:D3}", NewPassword()))]);

    /// <summary>15 characters from 32 unambiguous ones (75 bits), in groups a person can type: "k7mq-x2pd-9hfa".</summary>
    public static string NewPassword()
    {
        const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var letters = RandomNumberGenerator.GetString(Alphabet, 15);
        return $"{letters[..5]}-{letters[5..10]}-{letters[10..]}";
    }
}
