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

    /// <summary>The platform services registered as clients (client credentials), each with <see cref="ServiceSecret"/>.</summary>
    public static readonly IReadOnlyList<string> ServiceClients = ["clients", "credentials", "referrals", "scheduling", "clinicalnotes", "events-publisher"];

    public const string ServiceSecret = "test-service-secret-0123456789";

    protected RealIdentity(params TestAccount[] accounts) : base("identitydb")
    {
        UseRealServer();
        WithSetting("Identity:Issuer", Issuer);
        // The accounts are seeded as demo users; with none (service tokens only), nothing is.
        if (accounts.Length > 0) WithSetting("Identity:Seed", "demo");
        foreach (var service in ServiceClients) WithSetting($"Identity:Clients:Services:{service}:Secret", ServiceSecret);
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
        foreach (var (key, value) in Settings()) service.WithSetting(key, value);
    }

    /// <summary>
    /// The configuration a service (a host or a process) needs to validate this identity service's tokens and, given
    /// <paramref name="asService"/> (one of <see cref="ServiceClients"/>), to get its own service token for its outgoing calls.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings(string? asService = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Authentication:Authority"] = HttpAddress!.ToString(),
            ["Authentication:Issuer"] = Issuer,
            ["Authentication:RequireHttpsMetadata"] = "false",
        };
        if (asService is not null)
        {
            settings["ServiceAuthentication:ClientId"] = asService;
            settings["ServiceAuthentication:ClientSecret"] = ServiceSecret;
            settings["ServiceAuthentication:TokenEndpoint"] = new Uri(HttpAddress, "/connect/token").ToString();
        }

        return settings;
    }

    /// <summary>A real client-credentials token of the platform service <paramref name="service"/> (one of <see cref="ServiceClients"/>).</summary>
    public async Task<string> ServiceTokenAsync(string service)
    {
        using var client = CreateApiClient();
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = service,
            ["client_secret"] = ServiceSecret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// A real token with one byte of its payload changed (a role added by hand): its signature no longer matches.
    /// </summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var changed = payload.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        changed[CurrentUser.ClaimNames.Role] = "admin";
        parts[1] = Base64UrlEncoder.Encode(JsonSerializer.Serialize(changed));
        return string.Join('.', parts);
    }

    /// <summary>A token signed with the real key and right in every way but that it expired a while ago.</summary>
    public string ExpiredToken(string subject, string role, params Claim[] claims) =>
        Forge(PlatformAuthenticationOptions.PlatformAudience, subject, role, DateTime.UtcNow.AddHours(-2), claims);

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
    public string TokenForAnotherAudience(string subject, string role, params Claim[] claims) =>
        Forge("some-other-api", subject, role, DateTime.UtcNow, claims);

    private string Forge(string audience, string subject, string role, DateTime issuedAt, Claim[] claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([new Claim(CurrentUser.ClaimNames.Subject, subject), new Claim(CurrentUser.ClaimNames.Role, role), .. claims]),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddMinutes(5),
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
