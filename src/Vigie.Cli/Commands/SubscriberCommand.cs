using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Receiver;
using Vigie.Station.Ports;
using Vigie.Station.Simulator;
using Vigie.Web.Portal;

namespace Vigie.Cli.Commands;

/// <summary>
/// `vigie subscriber invite|add` (RC-4): the station invites a contract's subscriber to open their personal account,
/// or opens it for them.
/// </summary>
internal static class SubscriberCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var subscriber = new Option<string>("--subscriber") { Description = "The contract's subscriber id (e.g. SUB-001).", Required = true };
        var email = new Option<string>("--email") { Description = "The subscriber's e-mail address: their login.", Required = true };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = "The portal's address as the subscriber reaches it (the link starts with it); default: Console:PublicUrl, else http://127.0.0.1:8080.",
        };
        var invite = new Command("invite", "E-mail the subscriber a link to open their account (valid Console:InvitationDays days, once).") { data, postgres, subscriber, email, baseUrl };
        invite.SetAction(async (parse, ct) => await CommonOptions.WithConsoleServices(parse.GetValue(data)!, parse.GetValue(postgres), async services =>
        {
            var (sent, error) = await services.GetRequiredService<SubscriberInvitations>()
                .InviteAsync(parse.GetValue(subscriber)!, parse.GetValue(email)!,
                    parse.GetValue(baseUrl) ?? CommonOptions.LoadConsoleOptions(parse.GetValue(data)!).PublicUrl ?? "http://127.0.0.1:8080", ct);
            if (sent is null)
            {
                Console.Error.WriteLine($"error: {error}");
                return 1;
            }
            var simulated = services.GetRequiredService<IEmailSender>() is SimulatedMailbox;
            Console.WriteLine($"invited {sent.Email} ({parse.GetValue(subscriber)}), link valid until {sent.ExpiresAt:u}");
            if (simulated)
            {
                // No SMTP server configured (Email:Smtp:Host): the e-mail went nowhere, so the link is given here.
                Console.WriteLine("no SMTP server configured (Email:Smtp:Host): give the subscriber this link yourself");
                Console.WriteLine(sent.Link);
            }
            else
            {
                Console.WriteLine("e-mail sent");
            }
            return 0;
        }));

        var addData = CommonOptions.Data();
        var addPostgres = CommonOptions.Postgres();
        var addSubscriber = new Option<string>("--subscriber") { Description = "The contract's subscriber id (e.g. SUB-001).", Required = true };
        var addEmail = new Option<string>("--email") { Description = "The subscriber's e-mail address: their login.", Required = true };
        var password = new Option<string?>("--password") { Description = "Initial password (default: read from VIGIE_SUBSCRIBER_PASSWORD, so it stays out of the shell history)." };
        var add = new Command("add", "Open a subscriber's account directly (login = e-mail, role subscriber).") { addData, addPostgres, addSubscriber, addEmail, password };
        add.SetAction(async (parse, ct) =>
        {
            var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("VIGIE_SUBSCRIBER_PASSWORD");
            if (string.IsNullOrEmpty(secret))
            {
                Console.Error.WriteLine("error: password: give --password or set VIGIE_SUBSCRIBER_PASSWORD");
                return 1;
            }
            return await CommonOptions.WithConsoleServices(parse.GetValue(addData)!, parse.GetValue(addPostgres), async services =>
            {
                var problem = await services.GetRequiredService<SubscriberAccounts>().CreateAsync(parse.GetValue(addEmail)!, secret, parse.GetValue(addSubscriber)!);
                if (problem is not null)
                {
                    Console.Error.WriteLine($"error: {problem}");
                    return 1;
                }
                Console.WriteLine($"created {parse.GetValue(addEmail)!.Trim()} (subscriber {parse.GetValue(addSubscriber)!.Trim()})");
                return 0;
            });
        });
        return new Command("subscriber", "Subscribers' personal accounts (the subscribers' space).") { invite, add };
    }
}
