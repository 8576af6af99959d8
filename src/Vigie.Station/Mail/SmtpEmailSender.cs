using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Vigie.Station.Ports;

namespace Vigie.Station.Mail;

/// <summary>
/// Where the station's e-mails go: section "Email" of vigie.json (VIGIE_Email__Smtp__Host…). With no SMTP host,
/// the simulated mailbox keeps them (the demo, the tests of the engine).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>True when e-mails leave through a real SMTP server.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!UsesSmtp)
        {
            return errors;
        }
        if (Smtp.Port is < 1 or > 65535)
        {
            errors.Add("Email:Smtp:Port: 1 to 65535");
        }
        if (string.IsNullOrWhiteSpace(Smtp.From) || !MailAddress.TryCreate(Smtp.From, out _))
        {
            errors.Add($"Email:Smtp:From '{Smtp.From}': the sender's address is required when Email:Smtp:Host is set");
        }
        if (string.IsNullOrEmpty(Smtp.User) != string.IsNullOrEmpty(Smtp.Password))
        {
            errors.Add("Email:Smtp:User and Email:Smtp:Password: both or neither");
        }
        return errors;
    }
}

/// <summary>One SMTP server (section Email:Smtp).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's name or address; empty keeps the simulated mailbox.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>The sender's address (e.g. "Vigie &lt;noreply@station.example&gt;").</summary>
    public string From { get; set; } = "";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>STARTTLS before sending (and before the password).</summary>
    public bool EnableSsl { get; set; }
}

/// <summary>Sends the station's e-mails through an SMTP server (plain text, UTF-8).</summary>
public sealed class SmtpEmailSender(SmtpOptions options) : IEmailSender
{
    public async Task SendEmailAsync(EmailMessage message, CancellationToken ct)
    {
        if (message.To.Count == 0)
        {
            return;
        }
        using var mail = new MailMessage
        {
            From = new MailAddress(options.From),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.QuotedPrintable,
            IsBodyHtml = false,
        };
        foreach (var to in message.To)
        {
            mail.To.Add(new MailAddress(to));
        }
        // SmtpClient is not safe for concurrent sends: one per message (the station sends few).
        using var client = new SmtpClient(options.Host, options.Port)
        {
            EnableSsl = options.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = 30_000,
        };
        if (!string.IsNullOrEmpty(options.User))
        {
            client.UseDefaultCredentials = false;
            client.Credentials = new NetworkCredential(options.User, options.Password);
        }
        await client.SendMailAsync(mail, ct);
    }
}
