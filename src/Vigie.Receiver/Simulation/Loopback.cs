using System.Net;
using System.Net.Sockets;

namespace Vigie.Receiver.Simulation;

/// <summary>Loopback helpers shared by the benchmark and the tests, which run stations on 127.0.0.1 only.</summary>
public static class Loopback
{
    /// <summary>A port free right now on 127.0.0.1 (the OS picks it; a race with another process is possible but rare).</summary>
    public static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Waits until something accepts TCP connections on the port, e.g. a station process starting.</summary>
    public static async Task WaitForTcpPort(int port, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellation).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellation).ConfigureAwait(false);
            }
        }
    }
}
