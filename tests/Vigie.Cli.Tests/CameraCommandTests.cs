using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigie.Cli.Tests;

/// <summary>`vigie camera simulate`: a camera any RTSP client reads, that Ctrl+C stops cleanly with its ffmpeg.</summary>
public sealed class CameraCommandTests
{
    [Fact]
    public async Task A_simulated_camera_serves_h264_over_rtsp_on_loopback_and_ctrl_c_stops_it_and_its_ffmpeg_without_an_error()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var port = Vigie.Receiver.Simulation.Loopback.FreePort(SocketType.Stream, ProtocolType.Tcp);
        using var vigie = VigieProcess.StartWithLanguage("en", "camera", "simulate", "--site", "S1", "--camera", "3", "--rtsp-port", port.ToString(CultureInfo.InvariantCulture));
        var url = $"rtsp://127.0.0.1:{port}/S1/3";
        using (var started = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            started.CancelAfter(TimeSpan.FromSeconds(60));
            while (!vigie.Output.Contains(url, StringComparison.Ordinal))
            {
                Assert.False(vigie.Process.HasExited, vigie.Output);
                await Task.Delay(100, started.Token);
            }
        }
        var encoders = ChildrenOf(vigie.Process.Id);
        Assert.NotEmpty(encoders);

        var probe = Process.Start(new ProcessStartInfo("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v",
            "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url])
        { RedirectStandardOutput = true })!;
        var described = await probe.StandardOutput.ReadToEndAsync(cancellation);
        await probe.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(60), cancellation);
        Assert.Equal("h264,320,240", described.Trim());

        using (var interrupt = Process.Start("kill", ["-INT", vigie.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(cancellation);
        }
        await vigie.Process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(60), cancellation);

        Assert.True(vigie.Process.ExitCode == 0, vigie.Output);
        Assert.Contains("simulated camera stopped", vigie.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error", vigie.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", vigie.Output, StringComparison.Ordinal);
        Assert.All(encoders, id => Assert.False(Directory.Exists($"/proc/{id}"), $"ffmpeg {id} outlived the simulated camera"));
    }

    [Fact]
    public async Task A_simulated_camera_with_a_bad_number_is_refused_naming_the_option()
    {
        var (exit, output) = await VigieProcess.RunWithLanguageAsync(TimeSpan.FromMinutes(1), "en", "camera", "simulate", "--site", "S1", "--camera", "0");
        Assert.Equal(1, exit);
        Assert.Contains("--camera", output, StringComparison.Ordinal);
    }

    /// <summary>The ffmpeg processes started by a process (Linux: /proc/PID/stat's fourth field is the parent).</summary>
    private static List<int> ChildrenOf(int parent) =>
        [.. Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0 && ParentOf(id) == parent && CommandOf(id).StartsWith("ffmpeg", StringComparison.Ordinal))];

    private static int ParentOf(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string CommandOf(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
