using NodaTime;
using Vigie.Storage;

namespace Vigie.Cli.Tests;

/// <summary>`vigie camera add`: a camera's upload credentials from the command line, on a station's data folder.</summary>
public sealed class CameraAddCommandTests
{
    [Fact]
    public async Task A_camera_of_a_known_site_gets_its_credentials_once_and_only_the_secret_hash_is_kept()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigie-cli", Guid.NewGuid().ToString("N"));
        // A station's log with one site in it (what `vigie serve` writes when the site is provisioned).
        await using (var log = EventLog.Open(new EventLogOptions { DatabasePath = Path.Combine(data, "events.db") }))
        {
            await log.AppendAsync("site-CAM-SITE", 0, [new NewEvent("SiteProvisioned", "{}", "system", SystemClock.Instance.GetCurrentInstant())],
                ct: TestContext.Current.CancellationToken);
        }

        var unknown = await VigieProcess.RunAsync("camera", "add", "--data", data, "--site", "NO-SITE", "--camera", "CAM-1");
        var badCamera = await VigieProcess.RunAsync("camera", "add", "--data", data, "--site", "CAM-SITE", "--camera", "../x");
        var added = await VigieProcess.RunAsync("camera", "add", "--data", data, "--site", "CAM-SITE", "--camera", "CAM-1");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no site NO-SITE", unknown.Output);
        Assert.Equal(1, badCamera.ExitCode);
        Assert.Contains("camera", badCamera.Output);
        Assert.True(added.ExitCode == 0, added.Output);
        var secret = added.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("vmd1.", StringComparison.Ordinal));
        var deviceId = System.Text.RegularExpressions.Regex.Match(added.Output, "cam-[0-9a-f]{12}").Value;
        await using var catalogue = Station.Media.MediaCatalogue.OpenSqlite(Path.Combine(data, "media.db"));
        var device = await catalogue.DeviceAsync(deviceId, TestContext.Current.CancellationToken);
        Assert.NotNull(device);
        Assert.Equal(("CAM-SITE", "CAM-1"), (device.SiteId, device.Camera));
        Assert.True(Station.Media.DeviceSecrets.Matches(device, secret));
        Assert.DoesNotContain(secret, device.ToString(), StringComparison.Ordinal);
    }
}
