using Vigie.Domain.Sites;

namespace Vigie.Domain.Supervision;

/// <summary>
/// The keys of a site's current faults: one fault per key, so a repeated report changes nothing and a restore
/// clears the right fault.
/// </summary>
public static class FaultKeys
{
    public const string Site = "site";
    public const string CyclicTest = "cyclic-test";
    public const string Mains = "mains";

    public static string Path(TransmissionKind path) => path == TransmissionKind.Ip ? "path:ip" : "path:gsm";

    /// <summary>The panel's battery ("battery") or a detector's ("battery:4").</summary>
    public static string Battery(int? zone) => zone is { } z ? $"battery:{z}" : "battery";

    /// <summary>A self-diagnosed fault of the panel ("fault") or of a zone ("fault:4").</summary>
    public static string Equipment(int? zone) => zone is { } z ? $"fault:{z}" : "fault";

    public static string Camera(string cameraId) => $"camera:{cameraId}";

    public static bool IsBattery(string key) => key == "battery" || key.StartsWith("battery:", StringComparison.Ordinal);
}
