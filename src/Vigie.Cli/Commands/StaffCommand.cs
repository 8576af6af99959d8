using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Receiver;
using Vigie.Web.Staff;

namespace Vigie.Cli.Commands;

/// <summary>`vigie staff add|list`: the first administrator of a new station is created here, the others from the console.</summary>
internal static class StaffCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var login = new Option<string>("--login") { Description = "The member's login.", Required = true };
        var name = new Option<string?>("--name") { Description = "The member's full name." };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", StaffRoles.All)}.", Required = true };
        var password = new Option<string?>("--password") { Description = "Initial password (default: read from VIGIE_STAFF_PASSWORD, so it stays out of the shell history)." };
        var add = new Command("add", "Create a staff account (operator, supervisor, administrator).") { data, postgres, login, name, role, password };
        add.SetAction(async (parse, ct) =>
        {
            var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("VIGIE_STAFF_PASSWORD");
            if (string.IsNullOrEmpty(secret))
            {
                Console.Error.WriteLine("error: password: give --password or set VIGIE_STAFF_PASSWORD");
                return 1;
            }
            return await CommonOptions.WithConsoleServices(parse.GetValue(data)!, parse.GetValue(postgres), async services =>
            {
                var accounts = services.GetRequiredService<StaffAccounts>();
                var problem = await accounts.CreateAsync(parse.GetValue(login)!, parse.GetValue(name) ?? parse.GetValue(login)!, secret, [parse.GetValue(role)!]);
                if (problem is not null)
                {
                    Console.Error.WriteLine($"error: {problem}");
                    return 1;
                }
                Console.WriteLine($"created {parse.GetValue(login)} ({parse.GetValue(role)})");
                return 0;
            });
        });
        var listData = CommonOptions.Data();
        var listPostgres = CommonOptions.Postgres();
        var list = new Command("list", "List the staff accounts.") { listData, listPostgres };
        list.SetAction(async (parse, ct) => await CommonOptions.WithConsoleServices(parse.GetValue(listData)!, parse.GetValue(listPostgres), async services =>
        {
            var accounts = services.GetRequiredService<StaffAccounts>();
            foreach (var member in await accounts.ListAsync())
            {
                var locked = member.LockedUntil is { } until ? "  " + CliText.Format("staff.lockedUntil", CliText.When(NodaTime.Instant.FromDateTimeOffset(until))) : "";
                Console.WriteLine($"{member.Login,-16} {string.Join(",", member.Roles),-28} {CliText.Get("staff.secondFactor")} {CliText.Get(member.SecondFactor ? "staff.yes" : "staff.no"),-4} {member.DisplayName}{locked}");
            }
            return 0;
        }));
        return new Command("staff", "Staff accounts of the operators' console.") { add, list };
    }
}
