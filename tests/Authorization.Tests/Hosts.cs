extern alias IdentityApi;

using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using IdentityInfrastructure = IdentityApi::Identity.Api.Infrastructure;

namespace Authorization.Tests;

/// <summary>
/// The real identity service (Development: password grant for <c>platform-cli</c>), knowing every platform service as a
/// client-credentials client, and one more system client whose token carries no person role.
/// </summary>
public sealed class MatrixIdentity : RealIdentity<IdentityApi::Program>
{
    /// <summary>A system client (a partner integration): a valid token for this platform with none of the roles.</summary>
    public const string SystemClient = "matrix-system";

    public MatrixIdentity(TestAccount bootstrapAdmin) : base(bootstrapAdmin)
    {
        foreach (var client in PlatformHosts.ServiceNames.Append(SystemClient))
        {
            WithSetting($"Identity:Clients:Services:{client}:Secret", SecretOf(client));
        }
    }

    public static string SecretOf(string client) => $"{client}-secret-for-the-matrix";

    public Uri TokenEndpoint => new(HttpAddress!, "connect/token");

    public override SigningCredentials SigningCredentials =>
        GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();

    /// <summary>
    /// Brings the accounts in line with <paramref name="accounts"/> through the identity service's own demo-user seeding
    /// (the code that runs at its start): the accounts name locations, a practitioner and physicians that exist only once
    /// the world is built, after the identity service is up.
    /// </summary>
    public async Task SeedAccountsAsync(IEnumerable<TestAccount> accounts)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityInfrastructure.PlatformUser>>();
        await IdentityInfrastructure.DemoUsers.SeedAsync(users, accounts.Select(a => new IdentityInfrastructure.DemoUser
        {
            UserName = a.UserName,
            DisplayName = a.UserName,
            Role = a.Role,
            Password = a.Password,
            LocationIds = [.. a.Locations ?? []],
            PractitionerId = a.PractitionerId,
            PhysicianId = a.PhysicianId,
        }).ToList());
    }

    /// <summary>A client-credentials token of <see cref="SystemClient"/>.</summary>
    public async Task<string> SystemTokenAsync()
    {
        using var client = CreateApiClient();
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SystemClient,
            ["client_secret"] = SecretOf(SystemClient),
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}

/// <summary>
/// A platform service on real Kestrel, on a fresh database, validating tokens from <see cref="MatrixIdentity"/> and
/// calling the other services with its own client-credentials token. Patient with its dependencies (10 s instead of
/// 1.5 s): seven hosts share a busy 2-core machine here, and this test judges who may pass, not how fast.
/// </summary>
public sealed class PlatformService<TProgram> : ServiceFactory<TProgram> where TProgram : class
{
    public PlatformService(string name, string connectionName) : base(connectionName)
    {
        Name = name;
        UseRealServer();
        WithSetting("Grpc:DefaultDeadline", "00:00:10");
        WithSetting("Scheduling:CallDeadline", "00:00:10");
    }

    /// <summary>The service's name, as the gateway's cluster and the other services' discovery know it.</summary>
    public string Name { get; }

    public void UseIdentity(MatrixIdentity identity)
    {
        identity.Trust(this);
        WithSetting("ServiceAuthentication:ClientId", Name);
        WithSetting("ServiceAuthentication:ClientSecret", MatrixIdentity.SecretOf(Name));
        WithSetting("ServiceAuthentication:TokenEndpoint", identity.TokenEndpoint.ToString());
    }

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.UsePatientResilience(keepBreakerClosed: true));
}

/// <summary>
/// The real gateway (<c>src/Gateway</c>) on real Kestrel with its own route table (its appsettings' <c>ReverseProxy</c>),
/// each cluster's destination set the way the AppHost sets it, and the identity service's keys and issuer.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, Uri> _destinations;
    private readonly Uri _identity;

    public GatewayHost(IReadOnlyDictionary<string, Uri> destinations, Uri identity)
    {
        _destinations = destinations;
        _identity = identity;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (cluster, address) in _destinations)
        {
            foreach (var (key, value) in GatewayDestinations.Settings(cluster, address.ToString().TrimEnd('/'))) builder.UseSetting(key, value);
        }

        builder.UseSetting("services:identity:http:0", _identity.ToString().TrimEnd('/'));
        builder.UseSetting("Authentication:Issuer", RealIdentity<IdentityApi::Program>.Issuer);
        builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
        // The matrix sends about a thousand requests a minute as a handful of callers: the limits are not under test.
        builder.UseSetting("RateLimits:PerClient:PermitLimit", "100000");
        builder.UseSetting("RateLimits:PerIp:PermitLimit", "100000");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }
}
