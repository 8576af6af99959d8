using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Accounts;
using Vigie.Receiver.Journal;
using Vigie.Receiver.Simulation;

namespace Vigie.Receiver.Tests;

/// <summary>A real receiver on 127.0.0.1 (Kestrel TCP + UDP socket) over a fresh SQLite file.</summary>
public sealed class StationUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StationUnderTest(WebApplication app, ReceiverOptions options)
    {
        _app = app;
        Options = options;
    }

    public ReceiverOptions Options { get; }
    public IPEndPoint Tcp => new(IPAddress.Loopback, Options.TcpPort);
    public IPEndPoint Udp => new(IPAddress.Loopback, Options.UdpPort);
    public AccountStore Accounts => _app.Services.GetRequiredService<AccountStore>();
    public AccountDirectory Directory => _app.Services.GetRequiredService<AccountDirectory>();
    public JournalQuery Journal => new(Options.DatabasePath);
    public ReceiverMetrics Metrics => _app.Services.GetRequiredService<ReceiverMetrics>();

    public static async Task<StationUnderTest> StartAsync(Func<ReceiverOptions, ReceiverOptions>? configure = null, IEnumerable<AccountRecord>? accounts = null, string? dataDirectory = null,
        IPanelContacts? contacts = null, ILoggerProvider? logs = null, TimeProvider? time = null)
    {
        var options = new ReceiverOptions
        {
            DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "vigie-tests", Guid.NewGuid().ToString("N")),
            BindAddress = "127.0.0.1",
            TcpPort = Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp),
            UdpPort = Loopback.FreePort(SocketType.Dgram, ProtocolType.Udp),
            AccountReloadInterval = TimeSpan.FromMilliseconds(100),
            JournalSynchronous = "NORMAL",
            PresenceFlushInterval = TimeSpan.Zero,
        };
        options = configure?.Invoke(options) ?? options;
        if (accounts is not null)
        {
            AccountStore.ForDataFolder(options.DataDirectory, TimeProvider.System).UpsertMany([.. accounts]);
        }
        var builder = ReceiverHost.CreateBuilder(options, new HostSettings { HttpPort = -1, MinimumLogLevel = logs is null ? LogLevel.Error : LogLevel.Information, Time = time });
        if (contacts is not null)
        {
            builder.Services.AddSingleton(contacts);
        }
        if (logs is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        }
        var app = builder.Build();
        ReceiverHost.MapEndpoints(app, options);
        await app.StartAsync();
        return new StationUnderTest(app, options);
    }

    public SimulatedPanel Panel(string account, Dc09Key? key = null, PanelTransport transport = PanelTransport.Tcp, string? receiver = null) =>
        new(new PanelProfile { Account = account, Key = key, Receiver = receiver }, transport == PanelTransport.Tcp ? Tcp : Udp, transport)
        {
            ReplyTimeout = TimeSpan.FromSeconds(10),
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Options.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>A raw TCP client that sends bytes exactly as told and reads replies up to CR.</summary>
public sealed class RawTcpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];

    private RawTcpClient(Socket socket) => _socket = socket;

    /// <param name="from">Local address to connect from (any of 127.0.0.0/8 on loopback): a second "host".</param>
    public static async Task<RawTcpClient> ConnectAsync(IPEndPoint endpoint, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }
        await socket.ConnectAsync(endpoint);
        return new RawTcpClient(socket);
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Sends one byte per write, flushing each, so the receiver sees the frame in as many reads as the stack allows.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            await _socket.SendAsync(new[] { b }, SocketFlags.None);
            await Task.Yield();
        }
    }

    /// <summary>The next reply (LF…CR), or null when none comes within the timeout or the station closed the connection.</summary>
    public async Task<byte[]?> ReadReplyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[1024];
        while (true)
        {
            var cr = _pending.IndexOf(0x0D);
            if (cr >= 0)
            {
                var reply = _pending.Take(cr + 1).ToArray();
                _pending.RemoveRange(0, cr + 1);
                return reply;
            }
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketException)
            {
                return null;
            }
            if (read == 0)
            {
                return null;
            }
            _pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    /// <summary>True when the station has closed the connection (a read returns end of stream).</summary>
    public async Task<bool> IsClosedByPeerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();
}

public static class Replies
{
    public static (Dc09Token Token, int Sequence, bool Encrypted) Read(byte[]? reply)
    {
        Assert.NotNull(reply);
        Assert.Equal(Dc09FrameError.None, Dc09Parser.TryParse(reply, Dc09Dialect.Strict, out var frame));
        return (frame.Token, frame.Sequence, frame.Encrypted);
    }
}
