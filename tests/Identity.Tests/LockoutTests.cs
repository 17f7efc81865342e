using System.Net;
using Identity.Api.Domain;

namespace Identity.Tests;

/// <summary>Five failed sign-ins lock an account for 15 minutes, through the password grant and the sign-in page alike.</summary>
public sealed class LockoutTests(IdentityServiceFactory identity) : IClassFixture<IdentityServiceFactory>
{
    private const string Password = "the-right-password";

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused()
    {
        var userName = await NewUserAsync();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(PasswordCheckMessages.Wrong, (await GrantAsync(userName, "wrong-password-123")).ErrorDescription);
        }

        var fifth = await GrantAsync(userName, "wrong-password-123");
        var afterwards = await GrantAsync(userName, Password);

        Assert.Contains("locked", fifth.ErrorDescription);
        Assert.Equal("invalid_grant", afterwards.Error);
        Assert.Contains("locked", afterwards.ErrorDescription);
        Assert.Null(afterwards.AccessToken);
        var lockedFor = await identity.ScalarAsync<double>(
            "SELECT extract(epoch FROM lockout_end - now()) FROM users WHERE user_name = $1", userName);
        Assert.InRange(lockedFor, 14 * 60, 15 * 60 + 5);
    }

    [Fact]
    public async Task Four_failures_then_a_success_start_the_count_again()
    {
        var userName = await NewUserAsync();
        for (var i = 0; i < 4; i++) await GrantAsync(userName, "wrong-password-123");

        Assert.NotNull((await GrantAsync(userName, Password)).AccessToken);
        Assert.Equal(0, await identity.ScalarAsync<int>("SELECT access_failed_count FROM users WHERE user_name = $1", userName));
        Assert.NotNull((await GrantAsync(userName, "wrong-password-123")).Error);
        Assert.NotNull((await GrantAsync(userName, Password)).AccessToken);
    }

    [Fact]
    public async Task Failures_on_the_sign_in_page_and_the_password_grant_count_toward_the_same_lockout()
    {
        var userName = await NewUserAsync();
        var browser = new Browser(identity.CreateDefaultClient(new CookieHandler()));
        for (var i = 0; i < 3; i++)
        {
            using var page = await browser.SignInAsync(userName, "wrong-password-123");
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        }

        await GrantAsync(userName, "wrong-password-123");
        await GrantAsync(userName, "wrong-password-123");
        using var locked = await browser.SignInAsync(userName, Password);

        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task When_the_lockout_ends_the_right_password_works_again()
    {
        var userName = await NewUserAsync();
        for (var i = 0; i < 5; i++) await GrantAsync(userName, "wrong-password-123");
        Assert.Null((await GrantAsync(userName, Password)).AccessToken);

        // Fifteen minutes later.
        await identity.ExecuteAsync("UPDATE users SET lockout_end = now() - interval '1 second' WHERE user_name = $1", userName);

        Assert.NotNull((await GrantAsync(userName, Password)).AccessToken);
    }

    private async Task<string> NewUserAsync()
    {
        var userName = $"lockout-{Guid.NewGuid():N}";
        await UserSeeding.CreateAsync(identity, userName, Password, PlatformRoles.FrontDesk, locations: [Guid.CreateVersion7()]);
        return userName;
    }

    private async Task<TokenResponse> GrantAsync(string userName, string password)
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, IdentityServiceFactory.PasswordGrant(userName, password));
        return await TokenResponse.ReadAsync(response);
    }

    private static class PasswordCheckMessages
    {
        public const string Wrong = Identity.Api.Infrastructure.PasswordCheck.WrongCredentials;
    }
}
