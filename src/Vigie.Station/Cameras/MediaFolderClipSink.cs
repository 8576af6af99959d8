using System.Security.Cryptography;
using System.Text.Json;

namespace Vigie.Station.Cameras;

/// <summary>
/// Clips without a media store (the camera pipeline's own tests, a host without the station): each clip moves into the station's media folder as SHA256.mp4 beside SHA256.json
/// (site, camera, instant, pre-roll, length). Content-addressed, so the same clip stored twice is one file.
/// </summary>
internal sealed class MediaFolderClipSink(string folder) : IClipSink
{
    public async Task<string> StoreAsync(CameraClip clip, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        string sha256;
        await using (var content = File.OpenRead(clip.File))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellation));
        }
        var target = Path.Combine(folder, sha256 + ".mp4");
        File.Move(clip.File, target, overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(folder, sha256 + ".json"), JsonSerializer.Serialize(new
        {
            site = clip.Site,
            camera = clip.Camera,
            capturedAt = clip.CapturedAt.ToString(),
            prerollSeconds = clip.PrerollSeconds,
            durationSeconds = clip.DurationSeconds,
            sha256,
        }), cancellation);
        return sha256;
    }
}
