using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Vigie.Web.Tests;

/// <summary>One message as the SMTP sink received it: envelope, decoded subject and body.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Subject, string Body, string Raw);

/// <summary>
/// A real SMTP server on 127.0.0.1 (port chosen by the system) that keeps what it is sent: EHLO/HELO, MAIL FROM,
/// RCPT TO, DATA, RSET, NOOP, QUIT; bodies in quoted-printable or base64 are decoded, as are encoded-word subjects.
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReceivedMail> _inbox = Channel.CreateUnbounded<ReceivedMail>();
    private readonly List<ReceivedMail> _received = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private readonly Task? _answerWhen;

    /// <param name="answerWhen">When given, each message is kept at once but its "250" waits for this task: a slow server.</param>
    public SmtpSink(Task? answerWhen = null)
    {
        _answerWhen = answerWhen;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<ReceivedMail> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The next message received (waits for it).</summary>
    public async Task<ReceivedMail> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        return await _inbox.Reader.ReadAsync(wait.Token);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink.test ESMTP ready");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteAsync("250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 sink.test");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        if (from is null)
                        {
                            await writer.WriteLineAsync("503 MAIL first");
                            break;
                        }
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        if (from is null || to.Count == 0)
                        {
                            await writer.WriteLineAsync("503 RCPT first");
                            break;
                        }
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        var raw = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                            raw.Append(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data).Append("\r\n");
                        }
                        var mail = Parse(from, [.. to], raw.ToString());
                        lock (_gate)
                        {
                            _received.Add(mail);
                        }
                        _inbox.Writer.TryWrite(mail);
                        from = null;
                        to.Clear();
                        if (_answerWhen is not null)
                        {
                            await _answerWhen.WaitAsync(_stop.Token);
                        }
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 command not implemented");
                        break;
                }
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the sink stops.
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line.Split(':', 2)[^1].Trim();
    }

    internal static ReceivedMail Parse(string from, IReadOnlyList<string> to, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        // Unfold continued header lines, then read them by name.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in Regex.Replace(head, "\r\n[ \t]+", " ").Split("\r\n"))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
            }
        }
        var charset = headers.TryGetValue("Content-Type", out var type) && CharsetOf().Match(type) is { Success: true } c
            ? Encoding.GetEncoding(c.Groups[1].Value.Trim('"')) : Encoding.UTF8;
        var encoding = headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").ToLowerInvariant();
        var text = encoding switch
        {
            "base64" => charset.GetString(Convert.FromBase64String(Regex.Replace(body, "\\s", ""))),
            "quoted-printable" => charset.GetString(QuotedPrintable(body, underscoreIsSpace: false)),
            _ => body,
        };
        return new ReceivedMail(from, to, Words(headers.GetValueOrDefault("Subject", "")), text.TrimEnd('\r', '\n'), raw);
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?…?= and =?utf-8?Q?…?=), adjacent ones joined.</summary>
    private static string Words(string value) =>
        EncodedWord().Replace(Regex.Replace(value, "(\\?=)\\s+(=\\?)", "$1$2"), m =>
        {
            var charset = Encoding.GetEncoding(m.Groups[1].Value);
            var bytes = m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value, underscoreIsSpace: true);
            return charset.GetString(bytes);
        });

    private static byte[] QuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '=' && i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n')
            {
                i += 2; // soft line break
            }
            else if (ch == '=' && i + 2 < text.Length + 0 && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (ch == '_' && underscoreIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(ch.ToString()));
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex("charset=([^;\\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetOf();

    [GeneratedRegex("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=")]
    private static partial Regex EncodedWord();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
