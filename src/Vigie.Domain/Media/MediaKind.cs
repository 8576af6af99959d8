namespace Vigie.Domain.Media;

/// <summary>What a camera or image detector sent: a still photo, or a clip (with the seconds before the detection, VID-3).</summary>
public enum MediaKind
{
    Photo,
    Clip,
}
