using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests;

/// <summary>
/// Who gets past the gateway: a valid token from the identity service, nobody else; the OpenID Connect endpoints
/// and the sign-in page stay open; too many requests from one caller are refused with 429 and Retry-After.
/// Tokens that are wrong in exactly one way are signed with the identity service's own key.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewaySecurityTests(GatewayFixture fixture)
{
    private const string ApiPath = "/api/clients/c1";

    [Fact]
    public async Task An_anonymous_api_call_is_a_401_problem_and_never_reaches_the_service()
    {
        var before = fixture.ServiceHits("/api/referrals/anonymous");

        using var response = await fixture.Gateway.GetAsync("/api/referrals/anonymous");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("authentication_required", problem.Code);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(before, fixture.ServiceHits("/api/referrals/anonymous"));
    }

    [Fact]
    public async Task A_valid_token_reaches_the_service_with_the_token_forwarded()
    {
        var token = await fixture.TokenAsync(GatewayFixture.FrontDesk);

        using var response = await fixture.Gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("clients", await response.Content.ReadAsStringAsync());
        Assert.Equal($"Bearer {token}", response.Headers.GetValues("x-seen-authorization").Single());
    }

    [Fact]
    public async Task A_token_made_here_with_the_real_key_is_accepted_so_the_refusals_below_are_about_one_thing_each()
    {
        using var response = await SendAsync(Forge());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        // Past the 30 s of clock skew the platform tolerates.
        var expired = Forge(issuedAt: DateTime.UtcNow.AddMinutes(-20), expires: DateTime.UtcNow.AddMinutes(-2));

        var problem = await (await SendAsync(expired)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("token_expired", problem.Code);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        var problem = await (await SendAsync(Forge(audience: "some-other-api"))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("token_wrong_audience", problem.Code);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var problem = await (await SendAsync(Forge(issuer: "https://evil.test/"))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("token_wrong_issuer", problem.Code);
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        // A real token whose payload is changed to claim the admin role; the signature no longer matches.
        var token = await fixture.TokenAsync(GatewayFixture.FrontDesk);
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.DecodeBytes(parts[1]))!;
        payload["role"] = JsonSerializer.SerializeToElement("admin");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";

        using var response = await fixture.Gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, tampered));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("token_invalid_signature", problem.Code);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_identity_service_never_published_is_401()
    {
        using var rsa = RSA.Create(2048);
        var stranger = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "stranger" }, SecurityAlgorithms.RsaSha256);

        var problem = await (await SendAsync(Forge(credentials: stranger))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("token_invalid_signature", problem.Code);
    }

    [Fact]
    public async Task Garbage_in_the_authorization_header_is_401_not_500()
    {
        var problem = await (await SendAsync("not-a-jwt")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("token_invalid", problem.Code);
    }

    [Fact]
    public async Task A_token_that_cannot_be_checked_because_the_identity_service_is_down_is_503_with_retry_after()
    {
        var gateway = fixture.StartGateway(settings: new Dictionary<string, string>
        {
            ["services:identity:http:0"] = $"http://127.0.0.1:{PostgresCluster.FreePort()}",
        });

        using var response = await gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, await fixture.TokenAsync(GatewayFixture.Manager)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("identity_unavailable", problem.Code);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    [InlineData("/account/login")]
    public async Task The_openid_endpoints_and_the_sign_in_page_are_open_to_anonymous_callers(string path)
    {
        using var response = await fixture.Gateway.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_requested_through_the_gateway_works_at_the_api_and_names_the_public_issuer()
    {
        using var discovery = JsonDocument.Parse(await fixture.Gateway.GetStringAsync("/.well-known/openid-configuration"));
        Assert.Equal(GatewayFixture.Issuer, discovery.RootElement.GetProperty("issuer").GetString());

        var token = await fixture.RequestTokenAsync(GatewayFixture.Manager, via: fixture.Gateway);
        using var response = await fixture.Gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayFixture.Issuer, new JsonWebToken(token).Issuer);
    }

    [Fact]
    public async Task Each_caller_has_its_own_request_allowance_and_the_429_says_when_to_retry()
    {
        var gateway = LimitedGateway();
        var manager = await fixture.TokenAsync(GatewayFixture.Manager);

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, manager));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, manager));
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", problem.Code);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        // Another person (same address, same application) is not held back by the first one's traffic.
        using var other = await gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, await fixture.TokenAsync(GatewayFixture.FrontDesk)));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_address_the_token_endpoint_included()
    {
        var gateway = LimitedGateway();

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await gateway.GetAsync("/.well-known/openid-configuration");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "platform-cli", ["username"] = "someone", ["password"] = "guess-number-one",
        }));
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds expected");

        // A signed-in caller from the same address still has its own allowance.
        using var signedIn = await gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, await fixture.TokenAsync(GatewayFixture.Manager)));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    private const int Limit = 3;

    /// <summary>A gateway of its own (its own counters) that allows <see cref="Limit"/> requests a minute per caller.</summary>
    private HttpClient LimitedGateway() => fixture.StartGateway(settings: new Dictionary<string, string>
    {
        ["RateLimits:PerClient:PermitLimit"] = Limit.ToString(),
        ["RateLimits:PerClient:Window"] = "00:01:00",
        ["RateLimits:PerIp:PermitLimit"] = Limit.ToString(),
        ["RateLimits:PerIp:Window"] = "00:01:00",
    });

    private async Task<HttpResponseMessage> SendAsync(string token) =>
        await fixture.Gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, ApiPath, token));

    /// <summary>A token like the identity service's, valid unless one argument makes it otherwise.</summary>
    private string Forge(string issuer = GatewayFixture.Issuer, string audience = "platform-api",
        DateTime? issuedAt = null, DateTime? expires = null, SigningCredentials? credentials = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt ?? now,
            NotBefore = issuedAt ?? now,
            Expires = expires ?? now.AddMinutes(5),
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "frontdesk"), new Claim("client_id", "platform-cli")]),
            SigningCredentials = credentials ?? fixture.Identity.SigningCredentials,
        });
    }
}
