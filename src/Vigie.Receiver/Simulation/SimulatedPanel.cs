using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Reception;

namespace Vigie.Receiver.Simulation;

public enum PanelTransport
{
    Tcp,
    Udp,
}

/// <summary>What a simulated panel is: its account, routing, key and clock.</summary>
public sealed record PanelProfile
{
    public required string Account { get; init; }
    public string? Receiver { get; init; }
    public string? Line { get; init; } = "0";
    public Dc09Key? Key { get; init; }
    /// <summary>Stamp plain messages too (encrypted ones always are).</summary>
    public bool StampPlainMessages { get; init; } = true;
    /// <summary>How wrong the panel's clock is; a NAK carrying the receiver's time corrects it, as real panels do.</summary>
    public TimeSpan ClockError { get; init; }
    public Dc09WriteOptions WriteOptions { get; init; } = Dc09WriteOptions.Default;
}

/// <summary>The outcome of one message as the panel saw it.</summary>
public readonly record struct PanelReply(ReplyKind Kind, int Sequence, TimeSpan Latency, int Attempts);

/// <summary>
/// A panel's side of DC-09, for the simulator, the benchmark and tests: numbers its messages 0001…9999 then
/// 0001 again, waits for the answer, resends the same message on timeout, and resynchronises its clock on a NAK.
/// </summary>
public sealed class SimulatedPanel(PanelProfile profile, IPEndPoint station, PanelTransport transport) : IAlarmPanel
{
    private readonly byte[] _receive = new byte[2048];
    private readonly byte[] _frame = new byte[4096];
    private readonly byte[] _content = new byte[1024];
    private readonly byte[] _receiverBytes = System.Text.Encoding.ASCII.GetBytes(profile.Receiver ?? "");
    private readonly byte[] _lineBytes = System.Text.Encoding.ASCII.GetBytes(profile.Line ?? "");
    private readonly byte[] _accountBytes = System.Text.Encoding.ASCII.GetBytes(profile.Account);
    private CancellationTokenSource _timeout = new();
    private TimeSpan _clockOffset = profile.ClockError;
    private Socket? _socket;
    private int _buffered;
    private int _consumed;
    private int _sequence;

    public PanelProfile Profile => profile;
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The sequence number the next message will carry.</summary>
    public int NextSequence => (_sequence % 9999) + 1;

    /// <summary>Sets the counter so the next message carries <paramref name="next"/> (to test the 9999 → 0001 wrap).</summary>
    public void SetNextSequence(int next) => _sequence = next - 1;

    public Task<PanelReply> SendEventAsync(Dc09Token token, string payload, CancellationToken cancellation = default) =>
        SendAsync(token, $"#{profile.Account}|{payload}", [], cancellation);

    public Task<PanelReply> SendLinkTestAsync(CancellationToken cancellation = default) =>
        SendAsync(Dc09Token.Null, "", [], cancellation);

    public async Task<PanelReply> SendAsync(Dc09Token token, string data, IReadOnlyList<string> extendedData, CancellationToken cancellation = default)
    {
        var sequence = NextSequence;
        _sequence = sequence;
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var frame = Encode(token, sequence, data, extendedData);
            ReplyKind reply;
            try
            {
                reply = await Exchange(frame, sequence, cancellation).ConfigureAwait(false);
            }
            catch (Exception error) when (error is SocketException or IOException or TimeoutException or ObjectDisposedException)
            {
                await DropConnectionAsync().ConfigureAwait(false);
                continue;
            }
            if (reply == ReplyKind.Nak && attempt < MaxAttempts)
            {
                continue; // clock corrected from the NAK's timestamp: resend
            }
            return new PanelReply(reply, sequence, Stopwatch.GetElapsedTime(started), attempt);
        }
        return new PanelReply(ReplyKind.None, sequence, Stopwatch.GetElapsedTime(started), MaxAttempts);
    }

    /// <summary>Writes the frame into the panel's own buffer: a load generator must not spend the CPU the station needs.</summary>
    private ReadOnlyMemory<byte> Encode(Dc09Token token, int sequence, string data, IReadOnlyList<string> extendedData)
    {
        var length = System.Text.Encoding.ASCII.GetBytes(data, _content);
        _content[length++] = (byte)']';
        foreach (var x in extendedData)
        {
            _content[length++] = (byte)'[';
            length += System.Text.Encoding.ASCII.GetBytes(x, _content.AsSpan(length));
            _content[length++] = (byte)']';
        }
        if (profile.Key is not null || profile.StampPlainMessages)
        {
            _content[length++] = (byte)'_';
            Dc09Timestamp.Write(_content.AsSpan(length), PanelClock());
            length += Dc09Timestamp.Length;
        }
        var routing = new Dc09Routing(_receiverBytes, profile.Receiver is not null, _lineBytes, profile.Line is not null, _accountBytes, true);
        var written = Dc09Writer.Write(_frame, token, sequence, routing, _content.AsSpan(0, length), profile.Key, profile.WriteOptions);
        return _frame.AsMemory(0, written);
    }

    private DateTime PanelClock()
    {
        var now = DateTime.UtcNow + _clockOffset;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Unspecified);
    }

    /// <summary>Opens the TCP connection (or UDP socket) now, e.g. to hold many idle connections.</summary>
    public async Task ConnectAsync(CancellationToken cancellation = default)
    {
        if (_socket is not null)
        {
            return;
        }
        var socket = transport == PanelTransport.Tcp
            ? new Socket(station.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(station.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(station, cancellation).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _buffered = 0;
        _consumed = 0;
    }

    private async Task<ReplyKind> Exchange(ReadOnlyMemory<byte> frame, int sequence, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        await ConnectAsync(cancellation).ConfigureAwait(false);
        var socket = _socket!;
        // One reusable timer per panel; the caller's token is checked between messages, not mid-wait.
        var timeout = _timeout.Token;
        _timeout.CancelAfter(ReplyTimeout);
        try
        {
            await socket.SendAsync(frame, SocketFlags.None, timeout).ConfigureAwait(false);
            while (true)
            {
                var reply = transport == PanelTransport.Tcp
                    ? await ReadTcpReply(socket, timeout).ConfigureAwait(false)
                    : await ReadUdpReply(socket, timeout).ConfigureAwait(false);
                var kind = Interpret(reply.Span, sequence);
                if (kind is { } known)
                {
                    return known;
                }
                // A late answer to an earlier attempt: keep waiting for ours.
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {ReplyTimeout}");
        }
        finally
        {
            if (!_timeout.TryReset())
            {
                _timeout.Dispose();
                _timeout = new CancellationTokenSource();
            }
        }
    }

    private ReplyKind? Interpret(ReadOnlySpan<byte> reply, int sequence)
    {
        if (Dc09Parser.TryParse(reply, Dc09Dialect.Default, out var frame) != Dc09FrameError.None)
        {
            return null;
        }
        switch (frame.Token)
        {
            case Dc09Token.Nak:
                if (Dc09Content.TryParse(frame.Body, false, out var nak) == Dc09FrameError.None && nak.HasTimestamp)
                {
                    _clockOffset = DateTime.SpecifyKind(nak.Timestamp, DateTimeKind.Utc) - DateTime.UtcNow;
                }
                return ReplyKind.Nak;
            case Dc09Token.Ack when frame.Sequence == sequence:
                return ReplyKind.Ack;
            case Dc09Token.Duh when frame.Sequence == sequence:
                return ReplyKind.Duh;
            default:
                return null;
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadTcpReply(Socket socket, CancellationToken cancellation)
    {
        while (true)
        {
            if (_consumed > 0)
            {
                // The previous reply has been read: drop it now (the caller was handed a view of it).
                Buffer.BlockCopy(_receive, _consumed, _receive, 0, _buffered - _consumed);
                _buffered -= _consumed;
                _consumed = 0;
            }
            var cr = Array.IndexOf(_receive, (byte)0x0D, 0, _buffered);
            if (cr >= 0)
            {
                _consumed = cr + 1;
                return _receive.AsMemory(0, cr + 1);
            }
            if (_buffered == _receive.Length)
            {
                _buffered = 0; // noise without CR: drop it
            }
            var read = await socket.ReceiveAsync(_receive.AsMemory(_buffered), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the station closed the connection");
            }
            _buffered += read;
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadUdpReply(Socket socket, CancellationToken cancellation)
    {
        var read = await socket.ReceiveAsync(_receive, SocketFlags.None, cancellation).ConfigureAwait(false);
        return _receive.AsMemory(0, read);
    }

    private ValueTask DropConnectionAsync()
    {
        _socket?.Dispose();
        _socket = null;
        _buffered = 0;
        _consumed = 0;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => DropConnectionAsync();
}
