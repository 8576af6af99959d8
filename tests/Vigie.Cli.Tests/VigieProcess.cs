using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigie.Cli.Tests;

/// <summary>Runs the real `vigie` program (built beside the tests) as a child process.</summary>
public sealed class VigieProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private VigieProcess(Process process) => Process = process;

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static VigieProcess Start(params string[] arguments) => StartIn(null, new Dictionary<string, string?>(), arguments);

    public static VigieProcess StartWithLanguage(string? language, params string[] arguments) =>
        StartIn(null, new Dictionary<string, string?> { ["VIGIE_LANG"] = language }, arguments);

    /// <summary>
    /// Starts vigie in <paramref name="folder"/> (relative paths such as the default `demo-data` resolve there) with extra
    /// environment variables. VIGIE_LANG is the tests' choice only: null or absent means none, whatever the tests' own
    /// environment says.
    /// </summary>
    public static VigieProcess StartIn(string? folder, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Remove("VIGIE_LANG");
        if (folder is not null)
        {
            info.WorkingDirectory = folder;
        }
        foreach (var (name, value) in environment.Where(e => e.Value is not null))
        {
            info.Environment[name] = value;
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vigie.dll"));
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("vigie did not start");
        var result = new VigieProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs a command to its end: exit code and everything it printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(2), arguments);

    /// <summary>Runs a command to its end within <paramref name="limit"/> (a bench on a paused CI machine needs more).</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(TimeSpan limit, params string[] arguments) =>
        RunInAsync(null, new Dictionary<string, string?>(), limit, arguments);

    /// <summary>Runs a command to its end with VIGIE_LANG set to <paramref name="language"/>.</summary>
    public static Task<(int ExitCode, string Output)> RunWithLanguageAsync(TimeSpan limit, string? language, params string[] arguments) =>
        RunInAsync(null, new Dictionary<string, string?> { ["VIGIE_LANG"] = language }, limit, arguments);

    /// <summary>Runs a command to its end in <paramref name="folder"/> with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Output)> RunInAsync(string? folder, IReadOnlyDictionary<string, string?> environment, TimeSpan limit, params string[] arguments)
    {
        using var vigie = StartIn(folder, environment, arguments);
        using var timeout = new CancellationTokenSource(limit);
        await vigie.Process.WaitForExitAsync(timeout.Token);
        vigie.Process.WaitForExit(); // flushes the redirected output
        return (vigie.Process.ExitCode, vigie.Output);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}
