using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tests;

/// <summary>Outside Development: the password grant does not exist, keys come from configuration.</summary>
public sealed class ProductionTests(ProductionIdentityFactory identity) : IClassFixture<ProductionIdentityFactory>
{
    [Fact]
    public async Task The_password_grant_is_refused()
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, IdentityServiceFactory.PasswordGrant("anyone", "any-password-at-all"));
        var tokens = await TokenResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }

    [Fact]
    public async Task Neither_the_discovery_document_nor_the_client_table_offer_it()
    {
        using var client = identity.CreateApiClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.DoesNotContain("password", document.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(0L, await identity.ScalarAsync<long>("SELECT count(*) FROM oidc_applications WHERE client_id = 'platform-cli'"));
        Assert.Equal(0L, await identity.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task Tokens_are_signed_with_the_configured_certificate()
    {
        using var client = identity.CreateApiClient();
        using var response = await identity.RequestTokenAsync(client, IdentityServiceFactory.ClientCredentials("scheduling", IdentityServiceFactory.ServiceSecret));
        var token = Tokens.Read((await TokenResponse.ReadAsync(response)).AccessToken);

        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks"));
        var published = Assert.Single(keys.Keys);
        Assert.Equal(token.Kid, published.Kid);
        Assert.Equal(Base64UrlEncoder.Encode(identity.SigningCertificate.GetCertHash()), published.X5t);
    }

    [Fact]
    public async Task Demo_users_with_known_passwords_are_never_created_outside_development()
    {
        IAsyncLifetime seeding = new ProductionIdentityFactory().WithSetting("Identity:Seed", "demo");

        var failure = await Assert.ThrowsAnyAsync<Exception>(seeding.InitializeAsync);
        await seeding.DisposeAsync();

        Assert.Contains("only created in Development", Flatten(failure));
    }

    [Fact]
    public async Task Without_keys_the_service_refuses_to_start_and_says_which_setting_is_missing()
    {
        IAsyncLifetime keyless = new ProductionIdentityFactory().WithSetting("Identity:SigningCertificate:Path", null);

        var failure = await Assert.ThrowsAnyAsync<Exception>(keyless.InitializeAsync);
        await keyless.DisposeAsync();

        Assert.Contains("Identity__SigningCertificate__Path", Flatten(failure));
    }

    private static string Flatten(Exception exception) =>
        string.Join(" | ", Enumerate(exception).Select(e => e.Message));

    private static IEnumerable<Exception> Enumerate(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException) yield return e;
        if (exception is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions.SelectMany(Enumerate)) yield return inner;
    }
}
