using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Listeners;

/// <summary>
/// DC-09 over UDP: each datagram is one frame. The receive loop never waits for a commit: each stored frame
/// completes on its own and is answered to the datagram's sender once committed.
/// </summary>
public sealed class Dc09UdpListener(
    ReceiverOptions options,
    FrameReception reception,
    ISignalJournal journal,
    ReceiverMetrics metrics,
    TimeProvider time,
    ILogger<Dc09UdpListener> logger) : IAsyncDisposable
{
    private Socket? _socket;
    private Task? _loop;
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;
    private int _disposed;

    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public void Start()
    {
        var address = IPAddress.Parse(options.BindAddress);
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(address, options.UdpPort));
        ReceiverLog.Listening(logger, "UDP", _socket.LocalEndPoint!.ToString()!);
        _loop = Task.Run(ReceiveLoop);
    }

    private async Task ReceiveLoop()
    {
        var socket = _socket!;
        var datagram = new byte[65_536];
        var reply = new byte[FrameReception.MaxReplyLength];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(datagram, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException)
            {
                // ICMP "port unreachable" from an earlier reply surfaces here on some stacks: not our listener's fault.
                continue;
            }
            var sender = received.RemoteEndPoint;
            var remote = sender.ToString() ?? "unknown";
            try
            {
                await Handle(socket, datagram.AsMemory(0, received.ReceivedBytes), sender, remote, reply).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                // Whatever one datagram does, the loop lives on for every other panel.
                metrics.Fault("udp");
                ReceiverLog.FrameFault(logger, "udp", remote, error);
                await TrySend(socket, reply.AsMemory(0, Dc09Writer.WriteNak(reply, time.GetUtcNow().UtcDateTime)), sender, remote).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask Handle(Socket socket, ReadOnlyMemory<byte> datagram, EndPoint sender, string remote, byte[] reply)
    {
        if (!Dc09FrameHeader.IsPresent(datagram.Span, options.Dialect))
        {
            metrics.NoReply("not-a-frame");
            return;
        }
        if (Volatile.Read(ref _inFlight) >= options.MaxUdpInFlight)
        {
            metrics.NoReply("udp-overload");
            ReceiverLog.UdpOverload(logger, _inFlight, remote);
            return;
        }
        var verdict = reception.Decide(datagram.Span, "udp", remote, reply);
        if (verdict.Entry is null)
        {
            if (verdict.Reply != ReplyKind.None)
            {
                Dc09ConnectionHandler.CountReply(metrics, verdict);
                await TrySend(socket, reply.AsMemory(0, verdict.ReplyLength), sender, remote).ConfigureAwait(false);
            }
            return;
        }
        var pending = ArrayPool<byte>.Shared.Rent(verdict.ReplyLength);
        reply.AsSpan(0, verdict.ReplyLength).CopyTo(pending);
        Interlocked.Increment(ref _inFlight);
        _ = AnswerAfterCommit(verdict, pending, sender);
    }

    private async ValueTask TrySend(Socket socket, ReadOnlyMemory<byte> bytes, EndPoint sender, string remote)
    {
        try
        {
            await socket.SendToAsync(bytes, SocketFlags.None, sender).ConfigureAwait(false);
        }
        catch (SocketException error)
        {
            ReceiverLog.FrameHandlingFailed(logger, remote, error);
        }
    }

    private async Task AnswerAfterCommit(Verdict verdict, byte[] reply, EndPoint sender)
    {
        try
        {
            await journal.AppendAsync(verdict.Entry!).ConfigureAwait(false);
            Dc09ConnectionHandler.CountReply(metrics, verdict);
            await _socket!.SendToAsync(reply.AsMemory(0, verdict.ReplyLength), SocketFlags.None, sender).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Not committed or not sent, whatever the cause: no ACK, the panel resends.
            metrics.NoReply("not-committed");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(reply);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stopped by the receiver service, then disposed again by the container.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _socket?.Dispose();
        _stopping.Dispose();
    }
}
