using System.CommandLine;
using Vigie.Station.Media;

namespace Vigie.Cli.Commands;

/// <summary>`vigie camera add`: a camera's or image detector's upload credentials, written to the station's media store directly.</summary>
internal static class CameraCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var site = new Option<string>("--site") { Description = "The site the camera films.", Required = true };
        var camera = new Option<string>("--camera") { Description = "The camera's id on the site (letters, digits, - and _).", Required = true };
        var by = new Option<string>("--by") { Description = "Who creates it, for the record.", DefaultValueFactory = _ => Environment.UserName };
        var add = new Command("add", "Create a camera's upload credentials (device id and secret); the secret is printed this once and only its SHA-256 is kept.")
        {
            data, postgres, site, camera, by,
        };
        add.SetAction(async (parse, ct) =>
        {
            var siteId = parse.GetValue(site)!;
            var cameraId = parse.GetValue(camera)!;
            if (!MediaUpload.IsCamera(cameraId))
            {
                Console.Error.WriteLine($"error: {MediaUpload.CameraRefusal().Detail}");
                return 1;
            }
            if (await IncidentCommand.OpenAsync(parse.GetValue(data)!, parse.GetValue(postgres), ct) is not { } log)
            {
                return 1;
            }
            await using (log)
            {
                // The site's stream in the log (the engine's Streams.Site, internal to it).
                if (await log.StreamVersionAsync("site-" + siteId, ct) == 0)
                {
                    Console.Error.WriteLine($"error: site: no site {siteId} in {log.Location}");
                    return 1;
                }
            }
            var receiver = CommonOptions.LoadReceiverOptions(parse.GetValue(data)!, parse.GetValue(postgres));
            await using var catalogue = receiver.Postgres is { } database
                ? await MediaCatalogue.OpenPostgresAsync(database, ct)
                : MediaCatalogue.OpenSqlite(Path.Combine(receiver.DataDirectory, "media.db"));
            var (deviceId, secret) = DeviceSecrets.Create();
            await catalogue.AddDeviceAsync(new MediaDevice(deviceId, siteId, cameraId, DeviceSecrets.Hash(secret),
                NodaTime.SystemClock.Instance.GetCurrentInstant(), "cli:" + parse.GetValue(by)), ct);
            Console.WriteLine(CliText.Format("camera.created", deviceId, siteId, cameraId));
            Console.WriteLine(secret);
            return 0;
        });
        return new Command("camera", "Cameras and image detectors that push their photos and clips (issue 18).") { add };
    }
}
