using System.Net;
using Identity.Api.Domain;
using Platform.ServiceDefaults.Security;

namespace Identity.Tests;

/// <summary>People's tokens through the password grant (Development): the claims each role carries, refresh.</summary>
public sealed class PeopleTokenTests(IdentityServiceFactory identity) : IClassFixture<IdentityServiceFactory>
{
    [Fact]
    public async Task There_is_one_demo_user_per_role()
    {
        Assert.Equal(PlatformRoles.People.Order(), identity.DemoUsers.Select(u => u.Role!).Order());
        Assert.Equal(PlatformRoles.People.Count, await identity.ScalarAsync<long>("SELECT count(*) FROM users WHERE user_name LIKE 'demo-%'"));
    }

    [Theory]
    [InlineData(PlatformRoles.FrontDesk)]
    [InlineData(PlatformRoles.Therapist)]
    [InlineData(PlatformRoles.Manager)]
    [InlineData(PlatformRoles.Physician)]
    [InlineData(PlatformRoles.HqAuditor)]
    [InlineData(PlatformRoles.Admin)]
    public async Task Each_role_gets_exactly_the_claims_the_services_read(string role)
    {
        var demo = identity.DemoUser(role);
        var userId = await identity.ScalarAsync<Guid>("SELECT id FROM users WHERE user_name = $1", demo.UserName!);

        var token = Tokens.Read((await identity.TokenForAsync(role)).AccessToken);

        Assert.Equal(userId.ToString(), token.Subject);
        Assert.Equal(demo.DisplayName, token.Value(CurrentUser.ClaimNames.Name));
        Assert.Equal([role], token.Values(CurrentUser.ClaimNames.Role));
        Assert.Equal(demo.LocationIds.Select(l => l.ToString()).Order(), token.Values(CurrentUser.ClaimNames.Location).Order());
        Assert.Equal(demo.PractitionerId?.ToString(), token.Value(CurrentUser.ClaimNames.PractitionerId));
        Assert.Equal(demo.PhysicianId?.ToString(), token.Value(CurrentUser.ClaimNames.PhysicianId));
        Assert.Equal("platform-cli", token.Value(CurrentUser.ClaimNames.ClientId));
        Assert.Equal(["platform-api"], token.Audiences);
    }

    [Fact]
    public async Task Staff_carry_their_locations_a_therapist_their_practitioner_and_a_physician_no_location()
    {
        var manager = Tokens.Read((await identity.TokenForAsync(PlatformRoles.Manager)).AccessToken);
        var therapist = Tokens.Read((await identity.TokenForAsync(PlatformRoles.Therapist)).AccessToken);
        var physician = Tokens.Read((await identity.TokenForAsync(PlatformRoles.Physician)).AccessToken);

        Assert.Equal(2, manager.Values(CurrentUser.ClaimNames.Location).Count);
        Assert.NotNull(therapist.Value(CurrentUser.ClaimNames.PractitionerId));
        Assert.Single(therapist.Values(CurrentUser.ClaimNames.Location));
        Assert.Empty(physician.Values(CurrentUser.ClaimNames.Location));
        Assert.NotNull(physician.Value(CurrentUser.ClaimNames.PhysicianId));
    }

    [Fact]
    public async Task The_identity_token_names_the_person_but_not_their_records()
    {
        var idToken = Tokens.Read((await identity.TokenForAsync(PlatformRoles.Therapist)).IdToken);

        Assert.Equal("platform-cli", idToken.Audiences.Single());
        Assert.Equal(identity.DemoUser(PlatformRoles.Therapist).DisplayName, idToken.Value("name"));
        Assert.Empty(idToken.Values(CurrentUser.ClaimNames.PractitionerId));
        Assert.Empty(idToken.Values(CurrentUser.ClaimNames.Location));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_access_token_with_the_claims_as_they_are_now()
    {
        var demo = identity.DemoUser(PlatformRoles.FrontDesk);
        var first = await identity.TokenForAsync(PlatformRoles.FrontDesk);
        Assert.NotNull(first.RefreshToken);
        var newLocation = Guid.CreateVersion7();
        await identity.ExecuteAsync("UPDATE users SET location_ids = location_ids || $1 WHERE user_name = $2", newLocation, demo.UserName!);
        try
        {
            using var client = identity.CreateApiClient();
            using var response = await identity.RequestTokenAsync(client, new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = "platform-cli",
                ["refresh_token"] = first.RefreshToken!,
            });
            var refreshed = await TokenResponse.ReadAsync(response);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
            Assert.Contains(newLocation.ToString(), Tokens.Read(refreshed.AccessToken).Values(CurrentUser.ClaimNames.Location));
        }
        finally
        {
            await identity.ExecuteAsync("UPDATE users SET location_ids = array_remove(location_ids, $1) WHERE user_name = $2", newLocation, demo.UserName!);
        }
    }

    [Fact]
    public async Task A_disabled_account_cannot_refresh()
    {
        var userName = $"disabled-{Guid.NewGuid():N}";
        await UserSeeding.CreateAsync(identity, userName, "a-long-enough-password", PlatformRoles.HqAuditor);
        var tokens = await PasswordGrantAsync(userName, "a-long-enough-password");
        Assert.NotNull(tokens.RefreshToken);
        await identity.ExecuteAsync("UPDATE users SET lockout_end = 'infinity' WHERE user_name = $1", userName);

        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "platform-cli",
            ["refresh_token"] = tokens.RefreshToken!,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await TokenResponse.ReadAsync(response)).Error);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer()
    {
        var wrong = await PasswordGrantAsync(identity.DemoUser(PlatformRoles.Admin).UserName!, "certainly-not-the-password");
        var unknown = await PasswordGrantAsync($"nobody-{Guid.NewGuid():N}", "certainly-not-the-password");

        Assert.Equal("invalid_grant", wrong.Error);
        Assert.Null(wrong.AccessToken);
        Assert.Equal(wrong.ErrorDescription, unknown.ErrorDescription);
    }

    [Fact]
    public async Task A_password_grant_for_a_confidential_service_client_is_refused()
    {
        using var client = identity.CreateApiClient();
        var demo = identity.DemoUser(PlatformRoles.Admin);
        var form = IdentityServiceFactory.PasswordGrant(demo.UserName!, demo.Password!);
        form["client_id"] = "scheduling";
        form["client_secret"] = IdentityServiceFactory.ServiceSecret;

        using var response = await identity.RequestTokenAsync(client, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await TokenResponse.ReadAsync(response)).AccessToken);
    }

    private async Task<TokenResponse> PasswordGrantAsync(string userName, string password)
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, IdentityServiceFactory.PasswordGrant(userName, password));
        return await TokenResponse.ReadAsync(response);
    }
}
