using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Vigie.Receiver.Simulation;

namespace Vigie.Cli.Tests;

/// <summary>Starts `vigie serve` or `vigie demo` and waits until it listens (or fails, with what it printed).</summary>
internal static class StationProcess
{
    public static string Port(SocketType type = SocketType.Stream, ProtocolType protocol = ProtocolType.Tcp) =>
        Loopback.FreePort(type, protocol).ToString(CultureInfo.InvariantCulture);

    public static string NewFolder(string kind) => Path.Combine(Path.GetTempPath(), kind, Guid.NewGuid().ToString("N"));

    /// <summary>Starts the command and waits for a TCP port on an address to accept; the process is killed by the caller's Dispose.</summary>
    public static async Task<VigieProcess> StartAsync(IPAddress address, string port, params string[] arguments)
    {
        var vigie = VigieProcess.Start(arguments);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90); // start-up on a loaded two-core machine
        while (true)
        {
            if (vigie.Process.HasExited)
            {
                vigie.Process.WaitForExit();
                var output = vigie.Output;
                vigie.Dispose();
                Assert.Fail($"vigie {string.Join(' ', arguments)} stopped: {output}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(address, int.Parse(port, CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
                return vigie;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Waits until the process has printed a line containing the text.</summary>
    public static async Task WaitForOutputAsync(VigieProcess vigie, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!vigie.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(vigie.Process.HasExited, vigie.Output);
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' not printed: {vigie.Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Whether something accepts TCP connections at the address and port now.</summary>
    public static async Task<bool> AcceptsAsync(IPAddress address, string port)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(address, int.Parse(port, CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
