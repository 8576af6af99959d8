using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Vigie.Station.Cameras;

/// <summary>
/// The RTSP face of a simulated camera. Debian's ffmpeg 5.1 cannot serve RTSP to a client that pulls (its
/// <c>-rtsp_flags listen</c> only receives a publisher), so the encoder sends RTP over UDP to this front, which answers
/// OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER and TEARDOWN (RFC 2326) and relays the packets to every playing client
/// interleaved on its TCP connection (RFC 2326 §10.12: '$', channel, length). RTP over UDP to clients is refused (461),
/// as a client falls back to TCP. Several clients may play at once (the ring buffer and a live view).
/// </summary>
internal sealed class RtspFront : IAsyncDisposable
{
    private const int QueuedPacketsPerClient = 2048;
    private readonly TcpListener listener;
    private readonly UdpClient rtp;
    private readonly string path;
    private readonly Func<string?> sdp;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Channel<byte[]>> playing = [];
    private readonly List<Task> tasks = [];

    public RtspFront(IPEndPoint endpoint, string path, Func<string?> sdp)
    {
        this.path = "/" + path.Trim('/');
        this.sdp = sdp;
        rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        listener = new TcpListener(endpoint);
        listener.Start();
    }

    /// <summary>Where the encoder sends RTP (and its RTCP: told apart by payload type, relayed on channel 1).</summary>
    public int RtpPort => ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;

    public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

    public string Url => $"rtsp://{Endpoint.Address}:{Endpoint.Port}{path}";

    public void Start()
    {
        tasks.Add(Task.Run(() => AcceptAsync(stopping.Token)));
        tasks.Add(Task.Run(() => RelayAsync(stopping.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        rtp.Dispose();
        lock (playing)
        {
            foreach (var client in playing)
            {
                client.Writer.TryComplete();
            }
        }
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    private async Task RelayAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            UdpReceiveResult packet;
            try
            {
                packet = await rtp.ReceiveAsync(cancellation);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var data = packet.Buffer;
            if (data.Length < 2)
            {
                continue;
            }
            // RTCP packet types are 200-204 in the second byte; an RTP payload type (with its marker bit) is not.
            var channel = data[1] is >= 200 and <= 204 ? (byte)1 : (byte)0;
            var frame = new byte[data.Length + 4];
            frame[0] = (byte)'$';
            frame[1] = channel;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
            data.CopyTo(frame, 4);
            lock (playing)
            {
                foreach (var client in playing)
                {
                    client.Writer.TryWrite(frame);
                }
            }
        }
    }

    private async Task AcceptAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellation);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (tasks)
            {
                tasks.RemoveAll(t => t.IsCompleted);
                tasks.Add(Task.Run(() => ServeAsync(client, cancellation)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellation)
    {
        using var _ = client;
        var stream = client.GetStream();
        var outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueuedPacketsPerClient) { FullMode = BoundedChannelFullMode.DropOldest });
        var writer = Task.Run(() => WriteAsync(stream, outgoing.Reader, cancellation));
        var session = Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        try
        {
            while (await ReadRequestAsync(stream, cancellation) is { } request)
            {
                var reply = Answer(request, session, out var play, out var close);
                outgoing.Writer.TryWrite(Encoding.ASCII.GetBytes(reply));
                if (play)
                {
                    lock (playing)
                    {
                        playing.Add(outgoing);
                    }
                }
                if (close)
                {
                    break;
                }
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away or the camera stops.
        }
        finally
        {
            lock (playing)
            {
                playing.Remove(outgoing);
            }
            outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task WriteAsync(NetworkStream stream, ChannelReader<byte[]> frames, CancellationToken cancellation)
    {
        await foreach (var frame in frames.ReadAllAsync(cancellation))
        {
            await stream.WriteAsync(frame, cancellation);
        }
    }

    private string Answer(RtspRequest request, string session, out bool play, out bool close)
    {
        play = false;
        close = false;
        var head = new StringBuilder();
        void Status(string status) => head.Append("RTSP/1.0 ").Append(status).Append("\r\nCSeq: ").Append(request.Header("CSeq") ?? "0").Append("\r\n");
        var uriPath = Uri.TryCreate(request.Uri, UriKind.Absolute, out var uri) ? uri.AbsolutePath.TrimEnd('/') : request.Uri;
        var ours = uriPath == path || uriPath.StartsWith(path + "/", StringComparison.Ordinal) || request.Uri == "*";
        string body = "";
        switch (request.Method)
        {
            case "OPTIONS":
                Status("200 OK");
                head.Append("Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER\r\n");
                break;
            case "DESCRIBE" when !ours:
                Status("404 Not Found");
                break;
            case "DESCRIBE":
                if (sdp() is not { } description)
                {
                    Status("503 Service Unavailable");
                    break;
                }
                Status("200 OK");
                head.Append("Content-Base: ").Append(Url).Append("/\r\nContent-Type: application/sdp\r\n");
                body = Describe(description);
                break;
            case "SETUP" when !ours:
                Status("404 Not Found");
                break;
            case "SETUP" when request.Header("Transport")?.Contains("RTP/AVP/TCP", StringComparison.OrdinalIgnoreCase) != true:
                Status("461 Unsupported Transport");
                break;
            case "SETUP":
                Status("200 OK");
                head.Append("Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: ").Append(session).Append(";timeout=60\r\n");
                break;
            case "PLAY":
                Status("200 OK");
                head.Append("Session: ").Append(session).Append("\r\nRange: npt=0.000-\r\n");
                play = true;
                break;
            case "GET_PARAMETER" or "SET_PARAMETER":
                Status("200 OK");
                head.Append("Session: ").Append(session).Append("\r\n");
                break;
            case "TEARDOWN":
                Status("200 OK");
                close = true;
                break;
            default:
                Status("405 Method Not Allowed");
                break;
        }
        head.Append("Content-Length: ").Append(Encoding.ASCII.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return head.ToString();
    }

    /// <summary>ffmpeg's SDP for its RTP output, made an RTSP description: no address or port, one control track.</summary>
    internal static string Describe(string encoderSdp)
    {
        var lines = new List<string>();
        foreach (var line in encoderSdp.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("c=", StringComparison.Ordinal))
            {
                lines.Add("c=IN IP4 0.0.0.0");
            }
            else if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                parts[1] = "0";
                lines.Add("a=control:*");
                lines.Add(string.Join(' ', parts));
                lines.Add("a=control:track0");
            }
            else
            {
                lines.Add(line);
            }
        }
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>One request; interleaved frames a client sends (its RTCP reports) are read and dropped. Null at the end of the stream.</summary>
    private static async Task<RtspRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellation) == 0)
            {
                return null;
            }
            if (one[0] != (byte)'$')
            {
                break;
            }
            var header = new byte[3];
            await stream.ReadExactlyAsync(header, cancellation);
            var skip = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1))];
            await stream.ReadExactlyAsync(skip, cancellation);
        }
        var text = new StringBuilder();
        text.Append((char)one[0]);
        // Requests are a few hundred bytes of ASCII: byte by byte until the blank line is fine here.
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellation) == 0)
            {
                return null;
            }
            text.Append((char)one[0]);
            if (text.Length > 16_384)
            {
                return null;
            }
        }
        var request = RtspRequest.Parse(text.ToString());
        if (int.TryParse(request.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length is > 0 and < 65_536)
        {
            await stream.ReadExactlyAsync(new byte[length], cancellation);
        }
        return request;
    }

    private sealed record RtspRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public static RtspRequest Parse(string text)
        {
            var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var first = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }
            return new RtspRequest(first[0], first.Length > 1 ? first[1] : "", headers);
        }
    }
}
