using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigie.Receiver.Simulation;

/// <summary>Loopback helpers shared by the benchmark and the tests, which run stations on 127.0.0.1 only.</summary>
public static class Loopback
{
    // Held open until this process ends: the lock on each file is what keeps a port ours.
    private static readonly ConcurrentBag<FileStream> Reservations = [];

    /// <summary>
    /// A port free on 127.0.0.1 and kept for this process until it ends. It is taken below the kernel's ephemeral
    /// range, where outgoing connections never land, and reserved with a file lock so that two test processes
    /// running side by side never hand out the same port (an OS-picked port 0 could be reused by either).
    /// </summary>
    public static int FreePort(SocketType type, ProtocolType protocol)
    {
        var (low, high) = ReservableRange();
        var span = high - low;
        var start = Random.Shared.Next(span);
        for (var i = 0; i < span; i++)
        {
            var port = low + ((start + i) % span);
            if (Reserve(port) && CanBind(port, type, protocol))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"no free port on 127.0.0.1 between {low} and {high}");
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

    /// <summary>The 10,000 ports just below the ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range).</summary>
    private static (int Low, int High) ReservableRange()
    {
        var ephemeralLow = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (range.Length > 0 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low) && low > 11024)
            {
                ephemeralLow = low;
            }
        }
        catch (IOException)
        {
            // Not Linux: keep the IANA default's neighbourhood.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return (ephemeralLow - 10_000, ephemeralLow);
    }

    private static bool Reserve(int port)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigie-ports");
        try
        {
            Directory.CreateDirectory(folder);
            var file = new FileStream(Path.Combine(folder, port.ToString(CultureInfo.InvariantCulture)),
                FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            Reservations.Add(file);
            return true;
        }
        catch (IOException)
        {
            return false; // another process holds it
        }
        catch (UnauthorizedAccessException)
        {
            return false; // a file left by another user
        }
    }

    private static bool CanBind(int port, SocketType type, ProtocolType protocol)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
