using System.Security.Cryptography;
using System.Text.Json;
using Vigie.Protocols.Dc09;
using Vigie.Receiver.Security;
using Vigie.Web.Staff;

namespace Vigie.Cli.Commands;

/// <summary>A demo panel's account and the AES key drawn for it in one demo folder.</summary>
internal sealed record DemoPanelKey(string Account, string Key, Dc09KeyFormat Format);

/// <summary>What one demo folder's demo signs in and encrypts with, drawn at its first run (demo-secrets.json, 0600).</summary>
internal sealed record DemoSecrets(DemoAccounts Accounts, IReadOnlyList<DemoPanelKey> PanelKeys)
{
    public string? KeyOf(string account) => PanelKeys.FirstOrDefault(k => k.Account == account)?.Key;
}

/// <summary>
/// `vigie demo` has a folder of its own (demo-data by default), marked by demo.marker: its passwords and keys were
/// printed on screen, so `vigie serve` refuses it, and the demo refuses a station's folder that is not a demo's.
/// </summary>
internal static class DemoFolder
{
    public const string DefaultFolder = "demo-data";
    public const string MarkerFile = "demo.marker";
    public const string SecretsFile = "demo-secrets.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static readonly string[] StationFiles = ["vigie.db", "events.db", "staff.db"];

    /// <summary>Whether a demo has used this folder (its marker or its secrets are there).</summary>
    public static bool IsDemo(string data) =>
        File.Exists(Path.Combine(data, MarkerFile)) || File.Exists(Path.Combine(data, SecretsFile));

    /// <summary>The refusal `vigie serve` prints for a demo's folder (one line).</summary>
    public static string ServeRefusal(string data) =>
        $"{Path.GetFullPath(data)} is a `vigie demo` folder ({MarkerFile}): its passwords and panel keys were printed on screen; serve a folder of its own (--data)";

    /// <summary>Marks the folder and returns its secrets, drawn at the first run and kept for the next ones.</summary>
    public static DemoSecrets Prepare(string data, IReadOnlyList<(string Account, Dc09KeyFormat Format)> keyedPanels)
    {
        if (!IsDemo(data) && StationFiles.Any(f => File.Exists(Path.Combine(data, f))))
        {
            throw new InvalidOperationException($"{Path.GetFullPath(data)} holds a station that is not a demo's: the demo would add accounts with printed passwords to it; give the demo its own --data");
        }
        StationDataFolder.Secure(data);
        StationDataFolder.WriteSecret(Path.Combine(data, MarkerFile),
            "This folder was made by `vigie demo`: its passwords and panel keys were printed on screen. `vigie serve` refuses it.\n");
        if (Read(data) is { } existing)
        {
            return existing;
        }
        var secrets = new DemoSecrets(DemoAccounts.Generate(), [.. keyedPanels.Select(p => new DemoPanelKey(p.Account, NewKey(p.Format), p.Format))]);
        StationDataFolder.WriteSecret(Path.Combine(data, SecretsFile), JsonSerializer.Serialize(secrets, Json));
        return secrets;
    }

    /// <summary>The folder's demo secrets, or null when no demo has run there.</summary>
    public static DemoSecrets? Read(string data)
    {
        var path = Path.Combine(data, SecretsFile);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<DemoSecrets>(File.ReadAllText(path), Json)
                ?? throw new FormatException($"{path}: empty");
        }
        catch (JsonException error)
        {
            throw new FormatException($"{path} is damaged ({error.Message}): delete the demo folder and run the demo again");
        }
    }

    /// <summary>An AES-256 key (64 hex digits), or an AES-128 one as 16 ASCII characters for panels that take text keys.</summary>
    private static string NewKey(Dc09KeyFormat format) => format == Dc09KeyFormat.Hex
        ? Convert.ToHexString(RandomNumberGenerator.GetBytes(32))
        : RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789", 16);
}
