using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
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
    SignalJournal journal,
    ReceiverMetrics metrics,
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
                if (Volatile.Read(ref _inFlight) >= options.MaxUdpInFlight)
                {
                    metrics.NoReply("udp-overload");
                    ReceiverLog.UdpOverload(logger, _inFlight, remote);
                    continue;
                }
                var verdict = reception.Decide(datagram.AsSpan(0, received.ReceivedBytes), "udp", remote, reply);
                if (verdict.Entry is null)
                {
                    if (verdict.Reply != ReplyKind.None)
                    {
                        Dc09ConnectionHandler.CountReply(metrics, verdict);
                        await socket.SendToAsync(reply.AsMemory(0, verdict.ReplyLength), SocketFlags.None, sender).ConfigureAwait(false);
                    }
                    continue;
                }
                var pending = ArrayPool<byte>.Shared.Rent(verdict.ReplyLength);
                reply.AsSpan(0, verdict.ReplyLength).CopyTo(pending);
                Interlocked.Increment(ref _inFlight);
                _ = AnswerAfterCommit(verdict, pending, sender);
            }
            catch (SocketException error)
            {
                ReceiverLog.FrameHandlingFailed(logger, remote, error);
            }
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
        catch (Exception error) when (error is SocketException or ObjectDisposedException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // Not committed or not sent: no ACK, the panel resends.
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
