using System.Text;
using Vigie.Protocols.Dc09;

namespace Vigie.Station.Media;

/// <summary>The clip a DC-09 message names in its extended field V (issue 18 point 2a), as uploads name it (<see cref="MediaUpload"/>).</summary>
public static class ClipField
{
    /// <summary>The V field's value when it is a valid clip name; null when the message has none (or an unusable one).</summary>
    public static string? Of(string? extendedData)
    {
        if (string.IsNullOrEmpty(extendedData))
        {
            return null;
        }
        foreach (var field in new Dc09ExtendedDataEnumerator(Encoding.ASCII.GetBytes(extendedData)))
        {
            if (field.Id == 'V')
            {
                var name = Encoding.ASCII.GetString(field.Value);
                return MediaUpload.IsName(name) ? name : null;
            }
        }
        return null;
    }
}
