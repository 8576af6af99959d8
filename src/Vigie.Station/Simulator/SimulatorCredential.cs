using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace Vigie.Station.Simulator;

/// <summary>
/// SIMULATOR — the credential of one run's simulators (Engine:SimulatorApi): a random bearer token written, readable by
/// the station's user only, to DATA/simulator.token when the station starts and deleted when it stops. `vigie phone`
/// reads it from the data folder, so the simulated phones answer whoever runs the station, and no one else without a
/// staff sign-in. Only its digest stays in memory.
/// </summary>
public sealed class SimulatorCredential : IHostedService
{
    public const string Prefix = "sim1.";
    public const string FileName = "simulator.token";

    private readonly string _path;
    private readonly string _token;
    private readonly byte[] _digest;

    public SimulatorCredential(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, FileName);
        _token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _digest = Digest(_token);
    }

    /// <summary>True when <paramref name="presented"/> is this run's credential (compared in constant time).</summary>
    public bool Matches(string? presented) =>
        presented is { Length: > 0 } && presented.StartsWith(Prefix, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Digest(presented), _digest);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        // A file left by a run that crashed keeps its old mode: a new one is created, owner-only from the start.
        File.Delete(_path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var file = new StreamWriter(_path, Encoding.ASCII, options);
        file.Write(_token);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }

    /// <summary>The credential a client finds in <paramref name="dataDirectory"/>, or null when no station with simulators runs there.</summary>
    public static string? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
