using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Listeners;

/// <summary>
/// One panel's TCP connection on Kestrel: any number of frames, split across reads or several per read.
/// Read loop after MQTTnet's MqttConnectionContext: decode what the buffer holds, AdvanceTo(consumed, examined)
/// in finally, close both pipes on a protocol violation. Each stored frame is acknowledged after its commit.
/// </summary>
public sealed class Dc09ConnectionHandler(
    ReceiverOptions options,
    FrameReception reception,
    ISignalJournal journal,
    ReceiverMetrics metrics,
    TimeProvider time,
    ReceiverReadiness readiness,
    ConnectionLimits limits,
    ILogger<Dc09ConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "unknown";
        var address = RefusalLedger.AddressOf(remote);
        if (limits.TryEnter(address) is { } refusal)
        {
            metrics.ConnectionRefused(refusal);
            ReceiverLog.ConnectionRefused(logger, remote, refusal);
            connection.Abort();
            return;
        }
        try
        {
            await Serve(connection, remote).ConfigureAwait(false);
        }
        finally
        {
            limits.Leave(address);
        }
    }

    private async Task Serve(ConnectionContext connection, string remote)
    {
        await readiness.Ready.ConfigureAwait(false);
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var reply = new byte[FrameReception.MaxReplyLength];
        // Only a frame split across two buffer segments needs a copy: most idle panels never allocate one.
        byte[]? copy = null;
        var reason = "closed-by-panel";
        var midFrame = false;
        var frameStarted = 0L;
        // Idle time runs from the last readable frame: noise and garbage frames do not reset it.
        var lastFrame = Stopwatch.GetTimestamp();
        metrics.ConnectionOpened();
        using var timeout = new CancellationTokenSource();
        try
        {
            while (true)
            {
                // A frame must be finished within FrameTimeout of its first byte: trickling one byte at a time
                // (slow-loris) does not buy more time. Between frames the longer IdleTimeout applies.
                var idleLeft = options.IdleTimeout - Stopwatch.GetElapsedTime(lastFrame);
                var wait = midFrame ? TimeSpan.FromTicks(Math.Min((options.FrameTimeout - Stopwatch.GetElapsedTime(frameStarted)).Ticks, idleLeft.Ticks)) : idleLeft;
                if (wait <= TimeSpan.Zero)
                {
                    reason = idleLeft <= TimeSpan.Zero ? "idle-timeout" : "frame-timeout";
                    break;
                }
                timeout.CancelAfter(wait);
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    reason = Stopwatch.GetElapsedTime(lastFrame) >= options.IdleTimeout ? "idle-timeout" : "frame-timeout";
                    break;
                }
                var buffer = read.Buffer;
                var violation = false;
                var framesInRead = 0;
                try
                {
                    while (true)
                    {
                        var scan = Dc09StreamFramer.TryRead(ref buffer, options.Dialect.MaxFrameLength, out var frame, out var noise);
                        if (noise > 0)
                        {
                            metrics.Rejected("noise");
                        }
                        if (scan == FrameScan.TooLong)
                        {
                            metrics.Rejected("too-long");
                            var length = Dc09Writer.WriteNak(reply, time.GetUtcNow().UtcDateTime);
                            await output.WriteAsync(reply.AsMemory(0, length)).ConfigureAwait(false);
                            metrics.Nak("too-long");
                            reason = "frame-too-long";
                            violation = true;
                            break;
                        }
                        if (scan == FrameScan.NeedMore)
                        {
                            var partial = !buffer.IsEmpty;
                            if (partial && (!midFrame || framesInRead > 0))
                            {
                                frameStarted = Stopwatch.GetTimestamp();
                            }
                            midFrame = partial;
                            break;
                        }
                        framesInRead++;
                        Verdict verdict;
                        if (frame.IsSingleSegment)
                        {
                            verdict = Decide(frame.FirstSpan, remote, reply);
                        }
                        else
                        {
                            copy ??= new byte[options.Dialect.MaxFrameLength];
                            frame.CopyTo(copy);
                            verdict = Decide(copy.AsSpan(0, (int)frame.Length), remote, reply);
                        }
                        if (verdict.Readable)
                        {
                            lastFrame = Stopwatch.GetTimestamp();
                        }
                        if (!await Answer(verdict, output, reply).ConfigureAwait(false))
                        {
                            reason = "journal-unavailable";
                            violation = true;
                            break;
                        }
                    }
                }
                finally
                {
                    // Everything before `buffer` is handled; what remains is an incomplete frame.
                    input.AdvanceTo(buffer.Start, read.Buffer.End);
                }
                if (violation || read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (ConnectionResetException)
        {
            reason = "reset-by-panel";
        }
        catch (ConnectionAbortedException)
        {
            // The station is stopping (or Kestrel gave up on the connection): a normal end, not an error.
            reason = "aborted";
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
            reason = "error";
            ReceiverLog.FrameHandlingFailed(logger, remote, error);
        }
        finally
        {
            metrics.ConnectionClosed(reason);
            ReceiverLog.ConnectionClosed(logger, remote, reason);
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One frame's fault stays with that frame: it is answered NAK and counted, the connection carries on.</summary>
    private Verdict Decide(ReadOnlySpan<byte> frame, string remote, byte[] reply)
    {
        try
        {
            return reception.Decide(frame, "tcp", remote, reply);
        }
        catch (Exception error)
        {
            metrics.Fault("tcp");
            ReceiverLog.FrameFault(logger, "tcp", remote, error);
            return new Verdict(ReplyKind.Nak, Dc09Writer.WriteNak(reply, time.GetUtcNow().UtcDateTime), null, "fault") { Readable = false };
        }
    }

    /// <summary>Commits the verdict's entry, then sends its reply. False when the journal failed: no reply, close.</summary>
    private async ValueTask<bool> Answer(Verdict verdict, PipeWriter output, byte[] reply)
    {
        if (verdict.Entry is { } entry)
        {
            try
            {
                await journal.AppendAsync(entry).ConfigureAwait(false);
            }
            catch (Exception error) when (error is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
            {
                return false;
            }
        }
        if (verdict.Reply != ReplyKind.None)
        {
            CountReply(metrics, verdict);
            await output.WriteAsync(reply.AsMemory(0, verdict.ReplyLength)).ConfigureAwait(false);
        }
        return true;
    }

    internal static void CountReply(ReceiverMetrics metrics, Verdict verdict)
    {
        switch (verdict.Reply)
        {
            case ReplyKind.Ack: metrics.Ack(); break;
            case ReplyKind.Nak: metrics.Nak(verdict.Reason); break;
            case ReplyKind.Duh: metrics.Duh(); break;
            case ReplyKind.None: break;
        }
    }
}
