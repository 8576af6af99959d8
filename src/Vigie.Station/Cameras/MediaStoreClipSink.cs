using System.Globalization;
using Vigie.Station.Media;

namespace Vigie.Station.Cameras;

/// <summary>
/// The station's clips into the media store: content-addressed like an upload, with site, camera, capture instant and
/// the whole seconds of pre-roll present, and linked to the site's open alarm incident (MediaAttached) by the same path.
/// </summary>
internal sealed class MediaStoreClipSink(MediaIntake intake) : IClipSink
{
    public async Task<string> StoreAsync(CameraClip clip, CancellationToken cancellation)
    {
        var medium = await intake.KeepClipAsync(clip.Site, clip.Camera.ToString(CultureInfo.InvariantCulture), clip.CapturedAt,
            (int)Math.Floor(clip.PrerollSeconds), clip.File, cancellation);
        return medium.Sha256;
    }
}
