using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vigie.Domain.Offers;
using Vigie.Station.Tests;

namespace Vigie.Web.Tests;

/// <summary>The camera's upload through the whole web host: the gate lets a device's own credentials reach the route, and nothing else.</summary>
public sealed class MediaUploadGateTests
{
    [Fact]
    public async Task A_camera_uploads_with_the_credentials_an_administrator_created_and_a_staff_token_is_no_camera()
    {
        await using var console = await ConsoleUnderTest.StartAsync();
        await console.Station.ProvisionAsync(Sites.Of("WEB-M", "4301", OfferCode.ToutInclus, speaker: true));
        using var admin = await console.BearerAsync("admin", Totp.Code(ConsoleUnderTest.SupervisorKey, DateTimeOffset.UtcNow));
        using var created = await admin.PostAsync("/api/v1/sites/WEB-M/cameras/CAM-2/devices", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var device = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8 };

        async Task<HttpResponseMessage> Upload(HttpClient client, AuthenticationHeaderValue? credentials)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/media?kind=photo") { Content = new ByteArrayContent(photo) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            request.Headers.Authorization = credentials;
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using var anonymous = await console.ClientAsync(null);
        using var uploaded = await Upload(anonymous, new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{device.GetProperty("deviceId").GetString()}:{device.GetProperty("secret").GetString()}"))));
        using var asStaff = await Upload(admin, admin.DefaultRequestHeaders.Authorization);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var stored = await uploaded.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("WEB-M", "CAM-2"), (stored.GetProperty("siteId").GetString(), stored.GetProperty("camera").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, asStaff.StatusCode);
        Assert.Empty(await asStaff.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
