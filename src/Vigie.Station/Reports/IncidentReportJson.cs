using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime.Text;
using Vigie.Domain;
using Vigie.Storage;

namespace Vigie.Station.Reports;

/// <summary>What <see cref="IncidentReportJson.Verify"/> found: the first problem (and the entry's version when it is one), and what the chain re-walk gave.</summary>
public sealed record ReportCheck(bool IsValid, string? Problem, long? Version, bool ChainIntact, long? ChainBrokenAt)
{
    internal static ReportCheck Failed(string problem, long? version = null) => new(false, problem, version, false, null);
}

/// <summary>
/// The report as JSON (camelCase, instants ISO-8601 UTC, indented) and its check.
/// <para>
/// Digests. The canonical form of a JSON object is the object without its <c>digest</c> member, written with no
/// whitespace, members in the order they appear, strings escaped only where JSON requires it (System.Text.Json's
/// <c>UnsafeRelaxedJsonEscaping</c>; for ordinary text this is <c>json.dumps(o, separators=(",", ":"), ensure_ascii=False)</c>).
/// Each timeline entry's <c>digest</c> is the lowercase hex SHA-256 of the UTF-8 of its canonical form; the report's
/// <c>digest</c> is the SHA-256 of the report's canonical form, which includes the entries with their digests.
/// A digest is not a signature: it tells a copy from the original when the original's digest is kept elsewhere.
/// </para>
/// <para>
/// The chain. For entries in version order from 1, with <c>previous</c> starting at 64 zeros: the entry's
/// <c>previousHash</c> must equal <c>previous</c>, and its <c>hash</c> must equal the lowercase hex SHA-256 of the 32
/// bytes of <c>previous</c> followed by the UTF-8 of <c>chain.stream + "\n" + version + "\n" + type + "\n" + actor +
/// "\n" + at-as-unix-milliseconds + "\n" + data</c> (see <see cref="EventChain"/>); then <c>previous</c> becomes that hash.
/// <c>data</c> is the stored event's JSON, byte for byte, which is why the report carries it. The first entry that
/// fails is where the chain breaks; the report must say the same (<c>chain.isIntact</c>, <c>chain.firstBrokenVersion</c>).
/// </para>
/// </summary>
public static class IncidentReportJson
{
    public const string Format = "vigie-incident-report/1";

    private static readonly JsonSerializerOptions Indented = new(DomainJson.Options) { WriteIndented = true };
    private static readonly JsonSerializerOptions Compact = new(DomainJson.Options) { WriteIndented = false };

    public static byte[] Write(IncidentReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Indented);

    public static IncidentReport Read(byte[] json) =>
        JsonSerializer.Deserialize<IncidentReport>(json, DomainJson.Options) ?? throw new JsonException("an empty report");

    /// <summary>The report with each entry's digest and its own digest computed.</summary>
    public static IncidentReport Seal(IncidentReport report)
    {
        var entries = report.Timeline.Select(e => e with { Digest = DigestOf(JsonSerializer.SerializeToNode(e, Compact)!.AsObject()) }).ToList();
        var sealedReport = report with { Timeline = entries };
        return sealedReport with { Digest = DigestOf(JsonSerializer.SerializeToNode(sealedReport, Compact)!.AsObject()) };
    }

    /// <summary>Checks a report's JSON on its own: the entries' digests, the chain re-walked from the entries, then the report's digest.</summary>
    public static ReportCheck Verify(byte[] json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException error)
        {
            return ReportCheck.Failed($"not a report's JSON ({error.Message})");
        }
        try
        {
            return Check(root);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or NullReferenceException or UnparsableValueException or ArgumentException)
        {
            return ReportCheck.Failed($"a member is missing or malformed ({error.Message})");
        }
    }

    private static ReportCheck Check(JsonObject root)
    {
        if ((string?)root["format"] != Format)
        {
            return ReportCheck.Failed($"format: expected {Format}");
        }
        var chain = root["chain"]!.AsObject();
        var stream = (string)chain["stream"]!;
        var previous = EventChain.GenesisHash;
        var expected = 1L;
        long? brokenAt = null;
        string? brokenWhy = null;
        foreach (var node in root["timeline"]!.AsArray())
        {
            var entry = node!.AsObject();
            var version = (long)entry["version"]!;
            if ((string?)entry["digest"] != DigestOf(entry))
            {
                return ReportCheck.Failed($"entry {version}: its digest does not match its content (it was changed after the report was made)", version);
            }
            if (brokenAt is not null)
            {
                continue;
            }
            var hash = EventChain.ComputeHash(previous, stream, version, (string)entry["type"]!, (string)entry["actor"]!,
                InstantPattern.ExtendedIso.Parse((string)entry["at"]!).GetValueOrThrow(), (string)entry["data"]!);
            (brokenAt, brokenWhy) =
                version != expected ? (expected, $"version {expected} is missing")
                : (string?)entry["previousHash"] != previous ? (version, $"version {version}: its previous hash is not the hash of the entry before")
                : (string?)entry["hash"] != hash ? (version, $"version {version}: its hash does not match its content")
                : ((long?)null, (string?)null);
            previous = hash;
            expected++;
        }
        var statedIntact = (bool)chain["isIntact"]!;
        var statedBreak = (long?)chain["firstBrokenVersion"];
        if (statedIntact && brokenAt is not null)
        {
            return ReportCheck.Failed($"entry {brokenAt}: the chain breaks here ({brokenWhy}) but the report says it is intact", brokenAt);
        }
        if (!statedIntact && statedBreak != brokenAt)
        {
            return ReportCheck.Failed(brokenAt is null
                ? $"the report says the chain breaks at version {statedBreak} but its entries chain without a break"
                : $"the report says the chain breaks at version {statedBreak} but its entries break at {brokenAt} ({brokenWhy})", brokenAt ?? statedBreak);
        }
        if (statedIntact && (string?)chain["headHash"] != (brokenAt is null && expected > 1 ? previous : null))
        {
            return ReportCheck.Failed("chain.headHash is not the hash of the last entry");
        }
        if ((string?)root["digest"] != DigestOf(root))
        {
            return ReportCheck.Failed("digest: the report's digest does not match its content");
        }
        return new ReportCheck(true, null, null, brokenAt is null, brokenAt);
    }

    /// <summary>SHA-256 of the object's canonical form (see the class summary), lowercase hex.</summary>
    private static string DigestOf(JsonObject value)
    {
        var canonical = new JsonObject();
        foreach (var (name, member) in value)
        {
            if (name != "digest")
            {
                canonical[name] = member?.DeepClone();
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString(Compact))));
    }
}
