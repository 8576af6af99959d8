using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vigie.Station.Cameras;

/// <summary>
/// One ffmpeg (or ffprobe) process, the thin wrapper the cameras use: ffmpeg's command line is the contract.
/// Its progress goes to our stdout pipe (<c>-progress pipe:1</c>): if this program dies without stopping it, ffmpeg's next
/// progress write breaks the pipe and it ends too, so a crash leaves no orphan. Stop and Dispose kill it and wait.
/// </summary>
internal sealed partial class FfmpegProcess : IAsyncDisposable
{
    private const int TailLines = 20;
    private readonly Process process;
    private readonly Queue<string> tail = new();
    private readonly Task stdout;
    private readonly Task stderr;
    private long progressLines;
    private bool disposed;

    private FfmpegProcess(Process process)
    {
        this.process = process;
        Id = process.Id;
        stdout = DrainAsync(process.StandardOutput, _ => Interlocked.Increment(ref progressLines));
        stderr = DrainAsync(process.StandardError, Remember);
    }

    /// <summary>The process id, still known once it is disposed.</summary>
    public int Id { get; }

    public bool HasExited => Volatile.Read(ref disposed) || process.HasExited;

    /// <summary>Lines read from ffmpeg's progress output so far: it grows while frames flow.</summary>
    public long ProgressLines => Interlocked.Read(ref progressLines);

    /// <summary>CPU time used by the process so far (user + system).</summary>
    public TimeSpan CpuTime => HasExited ? TimeSpan.Zero : process.TotalProcessorTime;

    /// <summary>ffmpeg's last error lines, with any user:password of a URL removed (they may carry a camera's credentials).</summary>
    public string LastErrors
    {
        get
        {
            lock (tail)
            {
                return string.Join(" | ", tail);
            }
        }
    }

    public static FfmpegProcess Start(string executable, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Our stdin, not the terminal's: ffmpeg would otherwise read keys from the console (and 'q' from a user).
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        return new FfmpegProcess(process);
    }

    /// <summary>Runs a short ffmpeg/ffprobe to its end; its stdout, exit code and last errors.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var errors = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            return (process.ExitCode, await output, Redact((await errors).Trim()));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellation) => process.WaitForExitAsync(cancellation);

    /// <summary>Ends the process (kill: the segment list and HLS playlist are written segment by segment, nothing is lost) and waits for it.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
        await process.WaitForExitAsync(CancellationToken.None);
        await Task.WhenAll(stdout, stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Volatile.Write(ref disposed, true);
        process.Dispose();
    }

    /// <summary>rtsp://user:secret@host/… → rtsp://***@host/…: a camera's credentials never reach a log.</summary>
    public static string Redact(string text) => Credentials().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex Credentials();

    private void Remember(string line)
    {
        lock (tail)
        {
            tail.Enqueue(Redact(line));
            while (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }
    }

    private static async Task DrainAsync(StreamReader reader, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(line);
            }
        }
        catch (IOException)
        {
            // The process was killed while we read its output.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
