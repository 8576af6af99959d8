using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigie.Protocols.Dc09;

namespace Vigie.Receiver.Simulation;

/// <summary>What a fuzz run sent and got back.</summary>
public sealed record FuzzFigures(long Frames, long OverTcp, long OverUdp, IReadOnlyDictionary<string, long> Replies, int Batches, int Stops,
    long ConnectionsClosedByStation, TimeSpan Duration);

/// <summary>
/// Sends <see cref="FrameFuzzer"/> frames to a running receiver's real listeners, in batches split between TCP and
/// UDP. After every batch a valid probe must be answered ACK on each transport (retried a few times); a batch where
/// one is not is a stop. The receiver must hold <see cref="FrameFuzzer.Accounts"/> for the same seed.
/// </summary>
public sealed class ReceiverFuzz(IPEndPoint tcp, IPEndPoint udp, int seed)
{
    // Ends whatever unfinished frame a batch left on a TCP connection, so the probe starts clean (10 bytes: the
    // framer decides on the first ten bytes where to look for the CR).
    private static readonly byte[] Terminator = "\r\r\r\r\r\r\r\r\r\r\r\r"u8.ToArray();

    public int BatchSize { get; init; } = 1000;
    public int TcpConnections { get; init; } = 4;
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int ProbeAttempts { get; init; } = 3;

    private readonly ConcurrentDictionary<string, long> _replies = new(StringComparer.Ordinal);
    private long _closedByStation;
    private int _probeSequence;

    public async Task<FuzzFigures> RunAsync(long frames, Action<FuzzFigures>? progress = null, CancellationToken cancellation = default)
    {
        var fuzzer = new FrameFuzzer(seed);
        var random = new Random(seed);
        var started = Stopwatch.GetTimestamp();
        var connections = new Socket?[TcpConnections];
        using var udpSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        udpSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var udpProbe = new UdpReplies(udpSocket, _replies);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var receiving = udpProbe.RunAsync(stopping.Token);
        long sent = 0, overTcp = 0, overUdp = 0;
        int batches = 0, stops = 0;
        var perConnection = Enumerable.Range(0, TcpConnections).Select(_ => new List<byte>()).ToArray();
        try
        {
            while (sent < frames)
            {
                var count = (int)Math.Min(BatchSize, frames - sent);
                foreach (var buffer in perConnection)
                {
                    buffer.Clear();
                }
                for (var i = 0; i < count; i++)
                {
                    var frame = fuzzer.Next(DateTime.UtcNow);
                    if (random.Next(2) == 0)
                    {
                        perConnection[random.Next(TcpConnections)].AddRange(frame);
                        overTcp++;
                    }
                    else
                    {
                        await udpSocket.SendToAsync(frame, SocketFlags.None, udp, cancellation).ConfigureAwait(false);
                        overUdp++;
                    }
                }
                sent += count;
                batches++;
                var tcpAnswers = await Task.WhenAll(perConnection.Select((buffer, c) => SendTcpBatch(connections, c, buffer, cancellation))).ConfigureAwait(false);
                var udpAnswers = await udpProbe.ProbeAsync(udp, NextProbe(), ProbeTimeout, ProbeAttempts, cancellation).ConfigureAwait(false);
                if (tcpAnswers.Any(answered => !answered) || !udpAnswers)
                {
                    stops++;
                }
                progress?.Invoke(Figures(sent, overTcp, overUdp, batches, stops, started));
            }
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await receiving.ConfigureAwait(false);
            foreach (var socket in connections)
            {
                socket?.Dispose();
            }
        }
        return Figures(sent, overTcp, overUdp, batches, stops, started);
    }

    private FuzzFigures Figures(long sent, long overTcp, long overUdp, int batches, int stops, long started) =>
        new(sent, overTcp, overUdp, new Dictionary<string, long>(_replies), batches, stops, Interlocked.Read(ref _closedByStation), Stopwatch.GetElapsedTime(started));

    private int NextProbe() => (Interlocked.Increment(ref _probeSequence) % 9999) + 1;

    /// <summary>Writes the batch on its connection, then a probe; true once the probe's ACK came back (reconnecting if the station closed it).</summary>
    private async Task<bool> SendTcpBatch(Socket?[] connections, int index, List<byte> batch, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < ProbeAttempts; attempt++)
        {
            var probe = NextProbe();
            try
            {
                var socket = connections[index] ??= await Connect(cancellation).ConfigureAwait(false);
                if (attempt == 0 && batch.Count > 0)
                {
                    await socket.SendAsync(batch.ToArray(), SocketFlags.None, cancellation).ConfigureAwait(false);
                }
                await socket.SendAsync(Terminator, SocketFlags.None, cancellation).ConfigureAwait(false);
                await socket.SendAsync(FrameFuzzer.Probe(probe), SocketFlags.None, cancellation).ConfigureAwait(false);
                if (await ReadUntilProbe(socket, probe, cancellation).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Closed by the station (a frame past the length cap is a protocol violation): a new connection.
            }
            Interlocked.Increment(ref _closedByStation);
            connections[index]?.Dispose();
            connections[index] = null;
        }
        return false;
    }

    private async Task<Socket> Connect(CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(tcp, cancellation).ConfigureAwait(false);
        return socket;
    }

    /// <summary>Counts replies up to the probe's ACK; false when the connection ended or the probe timed out.</summary>
    private async Task<bool> ReadUntilProbe(Socket socket, int probe, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(ProbeTimeout);
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }
                pending.AddRange(buffer.AsSpan(0, read));
                int cr;
                while ((cr = pending.IndexOf(0x0D)) >= 0)
                {
                    var reply = pending.GetRange(0, cr + 1).ToArray();
                    pending.RemoveRange(0, cr + 1);
                    if (Count(_replies, reply, probe))
                    {
                        return true;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Counts one reply by kind; true when it is the ACK of the given probe.</summary>
    internal static bool Count(ConcurrentDictionary<string, long> replies, ReadOnlySpan<byte> reply, int probe)
    {
        var start = reply.IndexOf((byte)0x0A);
        var frameBytes = start >= 0 ? reply[start..] : reply;
        if (Dc09Parser.TryParse(frameBytes, Dc09Dialect.Default, out var frame) != Dc09FrameError.None)
        {
            replies.AddOrUpdate("unreadable", 1, (_, n) => n + 1);
            return false;
        }
        var isProbe = frame.Token == Dc09Token.Ack && frame.Sequence == probe && frame.Account.SequenceEqual("FEED01"u8);
        if (!isProbe)
        {
            var kind = (frame.Encrypted ? "*" : "") + frame.Token.ToString().ToUpperInvariant();
            replies.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }
        return isProbe;
    }

    /// <summary>The UDP side: one socket, a receive loop counting replies, probes waiting for their ACK.</summary>
    private sealed class UdpReplies(Socket socket, ConcurrentDictionary<string, long> replies)
    {
        private volatile TaskCompletionSource? _probe;
        private int _probeSequence;

        public async Task RunAsync(CancellationToken stopping)
        {
            var buffer = new byte[2048];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping).ConfigureAwait(false);
                    if (Count(replies, buffer.AsSpan(0, received.ReceivedBytes), Volatile.Read(ref _probeSequence)))
                    {
                        _probe?.TrySetResult();
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException)
                {
                    // ICMP noise from an earlier send: keep listening.
                }
            }
        }

        public async Task<bool> ProbeAsync(IPEndPoint udp, int sequence, TimeSpan timeout, int attempts, CancellationToken cancellation)
        {
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _probe = answered;
                Volatile.Write(ref _probeSequence, sequence);
                await socket.SendToAsync(FrameFuzzer.Probe(sequence), SocketFlags.None, udp, cancellation).ConfigureAwait(false);
                try
                {
                    await answered.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
                    return true;
                }
                catch (TimeoutException)
                {
                    // Lost on a full buffer, or the listener is deaf: try again, then count a stop.
                }
            }
            return false;
        }
    }
}
