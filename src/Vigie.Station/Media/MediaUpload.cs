using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using Vigie.Domain;
using Vigie.Domain.Media;

namespace Vigie.Station.Media;

/// <summary>What a camera declares with an upload (query string): kind, content type, capture time, pre-roll and the clip's name.</summary>
public sealed record UploadHeader(MediaKind Kind, string ContentType, Instant? CapturedAt, int? PreRollSeconds, string? Name);

/// <summary>
/// The checks an upload passes before anything is kept: each refusal names its field. The declared type must be one
/// the kind allows, and the bytes must start as that type does (a camera's mislabelled or hostile file is refused).
/// </summary>
public static partial class MediaUpload
{
    public const int NameMax = 100;
    public const int CameraMax = 40;

    private static readonly Dictionary<MediaKind, string[]> Types = new()
    {
        [MediaKind.Photo] = ["image/jpeg", "image/png"],
        [MediaKind.Clip] = ["video/mp4"],
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex CameraPattern();

    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static bool IsCamera(string? camera) => camera is not null && CameraPattern().IsMatch(camera);

    public static Refusal CameraRefusal() =>
        Refusal.Invalid("camera", RefusalCodes.MediaCameraInvalid, $"camera: 1 to {CameraMax} letters, digits, dashes or underscores", CameraMax);

    /// <summary>The header from the request's values, or the first thing wrong with them.</summary>
    public static (UploadHeader? Header, Refusal? Refusal) Read(string? kind, string? contentType, string? capturedAt, string? preRoll, string? name, int maxPreRoll)
    {
        MediaKind parsed;
        switch (kind)
        {
            case "photo":
                parsed = MediaKind.Photo;
                break;
            case "clip":
                parsed = MediaKind.Clip;
                break;
            default:
                return (null, Refusal.Invalid("kind", RefusalCodes.MediaKindInvalid, "kind: photo or clip"));
        }
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        if (!Types[parsed].Contains(type))
        {
            var allowed = string.Join(", ", Types[parsed]);
            return (null, Refusal.Invalid("contentType", RefusalCodes.MediaContentTypeRefused, $"contentType: {(type.Length == 0 ? "none" : type)} is not accepted for a {kind} ({allowed})",
                type.Length == 0 ? "—" : type, allowed));
        }
        Instant? at = null;
        if (!string.IsNullOrEmpty(capturedAt))
        {
            var result = InstantPattern.ExtendedIso.Parse(capturedAt);
            if (!result.Success)
            {
                return (null, Refusal.Invalid("capturedAt", RefusalCodes.MediaCapturedAtInvalid, "capturedAt: an ISO instant such as 2026-12-03T04:05:06Z"));
            }
            at = result.Value;
        }
        int? seconds = null;
        if (!string.IsNullOrEmpty(preRoll))
        {
            if (parsed != MediaKind.Clip || !int.TryParse(preRoll, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > maxPreRoll)
            {
                return (null, Refusal.Invalid("preRoll", RefusalCodes.MediaPreRollInvalid, $"preRoll: whole seconds from 0 to {maxPreRoll}, for a clip only", maxPreRoll));
            }
            seconds = value;
        }
        if (name is not null && !NamePattern().IsMatch(name))
        {
            return (null, Refusal.Invalid("name", RefusalCodes.MediaNameInvalid, $"name: 1 to {NameMax} letters, digits, dots, dashes or underscores", NameMax));
        }
        return (new UploadHeader(parsed, type, at, seconds, name), null);
    }

    /// <summary>The body's first bytes against its declared type: JPEG, PNG and the ISO base media file (MP4) each start their own way.</summary>
    public static Refusal? CheckContent(string contentType, ReadOnlySpan<byte> head)
    {
        var matches = contentType switch
        {
            "image/jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
            "image/png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            "video/mp4" => head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8),
            _ => false,
        };
        return matches ? null : Refusal.Invalid("body", RefusalCodes.MediaContentMismatch, $"body: not a {contentType} file", contentType);
    }
}
