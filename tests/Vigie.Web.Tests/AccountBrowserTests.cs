using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigie.Web.Staff;

namespace Vigie.Web.Tests;

/// <summary>Issue 15's sign-in holes in a real browser (Debian's headless Chromium): second factor, recovery codes, open pages.</summary>
[Collection(HeavyTests.Name)]
public sealed class AccountBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static async Task PasswordAsync(IPage page, string login)
    {
        await page.GotoAsync("/account/login?returnUrl=%2Fconsole");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", ConsoleUnderTest.Password);
        await page.ClickAsync("button[type=submit]");
    }

    [Fact]
    public async Task A_supervisor_with_an_authenticator_cannot_see_or_reset_it_with_a_password_alone_and_a_recovery_code_works_once()
    {
        await using var console = await ConsoleUnderTest.StartAsync(o => o.SessionCheckSeconds = 1);

        // dora enrols her authenticator: the recovery codes are shown once, right after.
        var owner = await chromium.PageAsync(console.BaseUrl);
        await PasswordAsync(owner, "dora");
        await owner.WaitForURLAsync("**/account/enroll**");
        var key = (await owner.TextContentAsync("#authenticator-key"))!.Trim();
        await owner.FillAsync("#code", Totp.Code(key, DateTimeOffset.UtcNow));
        await owner.ClickAsync("button[type=submit]");
        await owner.WaitForURLAsync("**/account/recovery-codes**");
        var codes = (await owner.Locator("#recovery-codes code").AllTextContentsAsync()).Select(c => c.Trim()).ToList();
        Assert.Equal(RecoveryCodesToShow.Count, codes.Count);
        await owner.ReloadAsync();
        await owner.Locator("#recovery-gone").WaitForAsync();
        Assert.DoesNotContain(codes[0], await owner.ContentAsync());

        // Someone with her password only: the enrolment page neither shows nor replaces the authenticator.
        var intruder = await chromium.PageAsync(console.BaseUrl);
        await PasswordAsync(intruder, "dora");
        await intruder.WaitForURLAsync("**/account/second-factor**");
        await intruder.GotoAsync("/account/enroll?returnUrl=%2Fconsole");
        await intruder.Locator("#enroll-exists").WaitForAsync();
        Assert.Equal(0, await intruder.Locator("#authenticator-key").CountAsync());
        Assert.DoesNotContain(key, await intruder.ContentAsync());
        using (var scope = console.Station.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
            Assert.Equal(key, await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync("dora"))!));
        }

        // dora, without her phone, signs in with a recovery code...
        var recovering = await chromium.PageAsync(console.BaseUrl);
        await PasswordAsync(recovering, "dora");
        await recovering.WaitForURLAsync("**/account/second-factor**");
        await recovering.ClickAsync("#recovery summary");
        await recovering.FillAsync("#recovery-code", codes[0]);
        await recovering.ClickAsync("#recovery-submit");
        await recovering.WaitForURLAsync("**/console", new PageWaitForURLOptions { Timeout = Chromium.FirstPageTimeout });
        await recovering.WaitForSelectorAsync("main[data-live=on]", new PageWaitForSelectorOptions { Timeout = Chromium.FirstPageTimeout });

        // ...which does not serve twice.
        var replay = await chromium.PageAsync(console.BaseUrl);
        await PasswordAsync(replay, "dora");
        await replay.WaitForURLAsync("**/account/second-factor**");
        await replay.ClickAsync("#recovery summary");
        await replay.FillAsync("#recovery-code", codes[0]);
        await replay.ClickAsync("#recovery-submit");
        await replay.WaitForURLAsync("**/account/second-factor?error=recovery**");
        await replay.Locator("#second-factor-error").WaitForAsync();

        // The open console ends when the account is locked: the circuit checks the account (Console:SessionCheckSeconds).
        using (var scope = console.Station.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("dora"))!, DateTimeOffset.UtcNow.AddHours(1));
        }
        console.Station.Time.Advance(TimeSpan.FromSeconds(2));
        await recovering.WaitForURLAsync("**/account/login**");
    }
}
