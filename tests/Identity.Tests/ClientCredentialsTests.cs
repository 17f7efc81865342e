using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Security;

namespace Identity.Tests;

public sealed class ClientCredentialsTests(IdentityServiceFactory identity) : IClassFixture<IdentityServiceFactory>
{
    [Fact]
    public async Task The_discovery_document_names_the_public_issuer_and_the_endpoints_at_the_address_used()
    {
        using var client = identity.CreateApiClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(IdentityServiceFactory.Issuer, document.GetProperty("issuer").GetString());
        // Fetched over the internal address, the keys are named there too: services never go through the public URL.
        Assert.StartsWith(client.BaseAddress!.GetLeftPart(UriPartial.Authority), document.GetProperty("jwks_uri").GetString());
        var grants = document.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Contains("authorization_code", grants);
        Assert.Contains("client_credentials", grants);
        Assert.Contains("refresh_token", grants);
    }

    [Fact]
    public async Task A_service_gets_a_signed_jwt_for_the_platform_api_naming_itself_with_role_service()
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, IdentityServiceFactory.ClientCredentials("scheduling", IdentityServiceFactory.ServiceSecret));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var tokens = await TokenResponse.ReadAsync(response);
        var token = Tokens.Read(tokens.AccessToken);
        Assert.Equal("at+jwt", token.Typ);
        Assert.NotEqual("none", token.Alg);
        Assert.Equal(IdentityServiceFactory.Issuer, token.Issuer);
        Assert.Equal(["platform-api"], token.Audiences);
        Assert.Equal("scheduling", token.Subject);
        Assert.Equal("scheduling", token.Value(CurrentUser.ClaimNames.ClientId));
        Assert.Equal(["service"], token.Values(CurrentUser.ClaimNames.Role));
        // What other services' gRPC requires (ServiceCallers): granted without being asked for.
        Assert.Equal(ServiceCallers.InternalScope, token.Value(ServiceCallers.ScopeClaim));
        Assert.Empty(token.Values(CurrentUser.ClaimNames.PhysicianId));
        Assert.Null(tokens.RefreshToken);
        Assert.InRange(tokens.ExpiresIn ?? 0, 60, 600);
    }

    [Fact]
    public async Task An_ehr_client_acts_as_its_physician()
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client,
            IdentityServiceFactory.ClientCredentials(IdentityServiceFactory.EhrClientId, IdentityServiceFactory.EhrSecret));
        var token = Tokens.Read((await TokenResponse.ReadAsync(response)).AccessToken);

        Assert.Equal(IdentityServiceFactory.EhrClientId, token.Subject);
        Assert.Equal(["physician"], token.Values(CurrentUser.ClaimNames.Role));
        Assert.Equal([IdentityServiceFactory.EhrPhysicianId.ToString()], token.Values(CurrentUser.ClaimNames.PhysicianId));
        Assert.Equal("Test practice EHR", token.Value(CurrentUser.ClaimNames.Name));
        Assert.Empty(token.Values(ServiceCallers.ScopeClaim));
    }

    [Fact]
    public async Task A_service_asking_for_the_internal_scope_gets_it_and_an_ehr_is_refused_it()
    {
        using var client = identity.CreateApiClient();
        var service = IdentityServiceFactory.ClientCredentials("scheduling", IdentityServiceFactory.ServiceSecret);
        service["scope"] = ServiceCallers.InternalScope;
        var ehr = IdentityServiceFactory.ClientCredentials(IdentityServiceFactory.EhrClientId, IdentityServiceFactory.EhrSecret);
        ehr["scope"] = ServiceCallers.InternalScope;

        using var granted = await identity.RequestTokenAsync(client, service);
        using var refused = await identity.RequestTokenAsync(client, ehr);

        Assert.Equal(ServiceCallers.InternalScope, Tokens.Read((await TokenResponse.ReadAsync(granted)).AccessToken).Value(ServiceCallers.ScopeClaim));
        var refusal = await TokenResponse.ReadAsync(refused);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // OpenIddict's answer for a scope the client has no permission for.
        Assert.Equal("invalid_request", refusal.Error);
        Assert.Contains("scope", refusal.ErrorDescription);
        Assert.Null(refusal.AccessToken);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_gets_no_token()
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, IdentityServiceFactory.ClientCredentials("scheduling", "not-the-secret-at-all"));
        var tokens = await TokenResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }

    [Fact]
    public async Task A_public_client_cannot_use_client_credentials()
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "platform-web",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await TokenResponse.ReadAsync(response)).AccessToken);
    }
}
