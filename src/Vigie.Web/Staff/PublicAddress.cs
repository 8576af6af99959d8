using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Vigie.Web.Staff;

/// <summary>
/// The address links in e-mails start with (password reset, invitations): Console:PublicUrl, never the Host header
/// of the request that asked for the e-mail (anyone can send one: the link would lead to their site). Without
/// PublicUrl (no SMTP server: the e-mails stay in the simulated mailbox), the address the station listens on.
/// </summary>
public sealed class PublicAddress(ConsoleOptions options, IServer server, Vigie.Receiver.ReceiverOptions receiver)
{
    public string Base => options.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : Listening();

    private string Listening()
    {
        // Kestrel also listens for DC-09 (a TCP port of its own): the web's address is the other one.
        var uri = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => Uri.TryCreate(a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var parsed) ? parsed : null)
            .FirstOrDefault(a => a is not null && a.Port != receiver.TcpPort);
        if (uri is null)
        {
            return "http://127.0.0.1";
        }
        // Uri.Host keeps an IPv6 address in brackets.
        var host = uri.Host is "0.0.0.0" or "[::]" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }

    /// <summary>
    /// A station that serves its pages and sends real e-mails must know the address its people reach it at: the
    /// listening address is a private one behind a proxy, and the request's Host header is the sender's choice.
    /// </summary>
    public static string? MissingFor(ConsoleOptions console, bool sendsEmail, bool servesPages) =>
        sendsEmail && servesPages && string.IsNullOrWhiteSpace(console.PublicUrl)
            ? "Console:PublicUrl is required when e-mail is configured (Email:Smtp:Host): set it to the console's address as subscribers reach it, "
              + "e.g. https://espace.station.example (VIGIE_Console__PublicUrl); links in e-mails are never built from a request's Host header"
            : null;
}
