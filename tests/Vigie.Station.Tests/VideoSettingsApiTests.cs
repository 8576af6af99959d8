using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigie.Domain.Offers;
using Vigie.Domain.Sites;

namespace Vigie.Station.Tests;

/// <summary>The subscriber's video settings over real HTTP: privacy mode (VID-8) and the detection schedule (VID-11).</summary>
public sealed class VideoSettingsApiTests
{
    [Fact]
    [Trait("Rule", "VID-8")]
    [Trait("Rule", "VID-11")]
    public async Task Privacy_mode_and_the_detection_schedule_are_set_read_back_and_a_bad_window_is_refused_by_name_changing_nothing()
    {
        await using var station = await EngineUnderTest.StartAsync(http: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{station.HttpPort}") };
        var site = Sites.Of("VS-1", "4701", OfferCode.ProVideo) with { Cameras = [new Camera("cam-1", "Jardin", Exterior: true)] };
        await station.ProvisionAsync(site);

        using var privacy = await http.PutAsJsonAsync("/api/v1/sites/VS-1/privacy-mode", new { on = true, by = "subscriber:sub-1" });
        Assert.Equal(HttpStatusCode.OK, privacy.StatusCode);
        Assert.True((await station.SiteAsync("VS-1")).PrivacyMode);

        using var schedule = await http.PutAsJsonAsync("/api/v1/sites/VS-1/detection-schedule",
            new { windows = new[] { new { day = "Monday", from = "08:00", to = "19:00" }, new { day = "Saturday", from = "20:00", to = "00:00" } } });
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        var read = JsonDocument.Parse(await http.GetStringAsync("/api/v1/sites/VS-1")).RootElement;
        Assert.True(read.GetProperty("privacyMode").GetBoolean());
        var windows = read.GetProperty("detectionSchedule").GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(["Monday 08:00-19:00", "Saturday 20:00-00:00"],
            windows.Select(w => $"{w.GetProperty("day").GetString()} {w.GetProperty("from").GetString()}-{w.GetProperty("to").GetString()}"));

        using var badTime = await http.PutAsJsonAsync("/api/v1/sites/VS-1/detection-schedule",
            new { windows = new[] { new { day = "Monday", from = "25:00", to = "19:00" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Equal("windows[0].from", JsonDocument.Parse(await badTime.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        using var backwards = await http.PutAsJsonAsync("/api/v1/sites/VS-1/detection-schedule",
            new { windows = new[] { new { day = "Tuesday", from = "22:00", to = "06:00" } } });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("windows[0].to", JsonDocument.Parse(await backwards.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        Assert.Equal(2, (await station.SiteAsync("VS-1")).DetectionSchedule?.Windows.Count);

        using var removed = await http.PutAsJsonAsync("/api/v1/sites/VS-1/detection-schedule", new { by = "subscriber:sub-1" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Null((await station.SiteAsync("VS-1")).DetectionSchedule);
    }
}
