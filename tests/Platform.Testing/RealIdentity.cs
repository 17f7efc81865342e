using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Security;
using Xunit;

namespace Platform.Testing;

/// <summary>A person the real identity service knows, signing in with the password grant (Development only).</summary>
public sealed record TestAccount(string UserName, string Role, IReadOnlyList<Guid>? Locations = null, Guid? PractitionerId = null, Guid? PhysicianId = null)
{
    public string Password => UserName + "-password";
}

/// <summary>
/// The real identity service (<typeparamref name="TIdentityProgram"/>: reference Identity.Api with an extern alias, both
/// projects define <c>Program</c>) on real Kestrel in Development, with the given accounts, issuing real tokens. A
/// service host trusts it with <see cref="Trust{T}"/>: the service then validates every token itself, exactly as
/// behind the gateway.
/// </summary>
public abstract class RealIdentity<TIdentityProgram> : ServiceFactory<TIdentityProgram> where TIdentityProgram : class
{
    public const string Issuer = "https://clinic.test/";

    protected RealIdentity(params TestAccount[] accounts) : base("identitydb")
    {
        UseRealServer();
        WithSetting("Identity:Issuer", Issuer);
        WithSetting("Identity:Seed", "demo");
        for (var i = 0; i < accounts.Length; i++)
        {
            var (prefix, account) = ($"Identity:DemoUsers:{i}:", accounts[i]);
            WithSetting(prefix + "UserName", account.UserName).WithSetting(prefix + "DisplayName", account.UserName)
                .WithSetting(prefix + "Role", account.Role).WithSetting(prefix + "Password", account.Password);
            for (var l = 0; l < (account.Locations?.Count ?? 0); l++) WithSetting($"{prefix}LocationIds:{l}", account.Locations![l].ToString());
            if (account.PractitionerId is { } practitioner) WithSetting(prefix + "PractitionerId", practitioner.ToString());
            if (account.PhysicianId is { } physician) WithSetting(prefix + "PhysicianId", physician.ToString());
        }
    }

    /// <summary>The key the identity service signs with, to make a token that is wrong in exactly one way.</summary>
    public abstract SigningCredentials SigningCredentials { get; }

    /// <summary>The service validates tokens from this identity service (keys over its address, the issuer pinned).</summary>
    public void Trust<T>(ServiceFactory<T> service) where T : class
    {
        service.WithSetting("Authentication:Authority", HttpAddress!.ToString())
            .WithSetting("Authentication:Issuer", Issuer);
    }

    /// <summary>A real access token for the account (password grant of the <c>platform-cli</c> client).</summary>
    public async Task<string> TokenAsync(TestAccount account)
    {
        using var client = CreateApiClient();
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "platform-cli",
            ["username"] = account.UserName,
            ["password"] = account.Password,
            ["scope"] = "openid profile roles",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A token signed with the real key, right in every way but its audience.</summary>
    public string TokenForAnotherAudience(string subject, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "some-other-api",
        TokenType = "at+jwt",
        Subject = new ClaimsIdentity([new Claim(CurrentUser.ClaimNames.Subject, subject), new Claim(CurrentUser.ClaimNames.Role, role)]),
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow,
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = SigningCredentials,
    });

    protected override void ConfigureService(IWebHostBuilder builder) => builder.UseEnvironment("Development");
}

public static class BearerTokens
{
    /// <summary>A client whose requests carry this access token.</summary>
    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.AsAnonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>
/// A service that validates real tokens from a real identity service, with no test users: what a call that bypasses
/// the gateway meets. Use as a class fixture (subclass it with the two hosts).
/// </summary>
public abstract class RealTokenHosts<TIdentity, TService>(RealIdentity<TIdentity> identity, ServiceFactory<TService> service) : IAsyncLifetime
    where TIdentity : class where TService : class
{
    public RealIdentity<TIdentity> Identity { get; } = identity;
    public ServiceFactory<TService> Service { get; } = service;

    public async Task InitializeAsync()
    {
        await Identity.InitializeAsync();
        Identity.Trust(Service);
        await Service.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Service).DisposeAsync();
        await ((IAsyncLifetime)Identity).DisposeAsync();
    }
}
