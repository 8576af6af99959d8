using QRCoder;

namespace Vigie.Web.Portal;

/// <summary>A virtual remote's link as a QR code for a relative's phone to scan (RC-2).</summary>
public static class RemoteLinks
{
    /// <summary>A PNG data URL: the page shows it inline, nothing is stored or served elsewhere.</summary>
    public static string QrDataUrl(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
