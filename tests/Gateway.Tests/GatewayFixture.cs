extern alias IdentityApi;

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Gateway.Tests;

/// <summary>
/// The real gateway on real Kestrel in front of the real identity service (its own database, real keys) and, for
/// each business service, a small real server that answers with its own name and echoes what it was sent.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>What tokens carry as issuer: the public URL, deliberately not the identity service's address.</summary>
    public const string Issuer = "https://clinic.test/";

    public static readonly string[] Services = ["clients", "scheduling", "clinicalnotes", "referrals", "credentials"];

    public static readonly DemoAccount Manager = new("gw-manager", "gw-manager-password", "manager");
    public static readonly DemoAccount FrontDesk = new("gw-frontdesk", "gw-frontdesk-password", "frontdesk");
    private static readonly Guid Location = Guid.Parse("0193a000-0000-7000-8000-0000000000c1");

    private readonly List<WebApplication> _services = [];
    private readonly List<GatewayFactory> _gateways = [];
    private readonly List<(string Service, string Path, string Method, long Length)> _hits = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DemoAccount, string> _tokens = new();

    public IdentityHost Identity { get; } = new();
    public IReadOnlyDictionary<string, string> Destinations { get; private set; } = new Dictionary<string, string>();

    /// <summary>The first gateway's services, to read what it was configured with.</summary>
    public IServiceProvider GatewayServices => _gateways[0].Services;

    /// <summary>The gateway with the platform's default limits; callers add their own Authorization header.</summary>
    public HttpClient Gateway { get; private set; } = null!;

    public int ServiceHits(string service, string path, string method, long length)
    {
        lock (_hits) return _hits.Count(h => h.Service == service && h.Path == path && h.Method == method && h.Length == length);
    }

    public int ServiceHits(string path)
    {
        lock (_hits) return _hits.Count(h => h.Path == path);
    }

    public async Task InitializeAsync()
    {
        await Identity.InitializeAsync();
        var destinations = new Dictionary<string, string> { ["identity"] = Identity.HttpAddress!.ToString().TrimEnd('/') };
        foreach (var name in Services)
        {
            destinations[name] = await StartEchoServiceAsync(name);
        }

        Destinations = destinations;
        Gateway = StartGateway();
    }

    /// <summary>Another gateway over the same identity service and services, with settings of its own.</summary>
    public HttpClient StartGateway(IReadOnlyDictionary<string, string>? destinations = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var gateway = new GatewayFactory(destinations ?? Destinations, Identity.HttpAddress!, settings ?? new Dictionary<string, string>());
        _gateways.Add(gateway);
        gateway.StartServer();
        return gateway.CreateClient();
    }

    /// <summary>The account's token, fetched once (tokens live ten minutes, longer than these tests).</summary>
    public async Task<string> TokenAsync(DemoAccount account)
    {
        if (_tokens.TryGetValue(account, out var token)) return token;
        return _tokens[account] = await RequestTokenAsync(account);
    }

    /// <summary>A new token from the identity service's password grant (Development's <c>platform-cli</c> client).</summary>
    public async Task<string> RequestTokenAsync(DemoAccount account, HttpClient? via = null)
    {
        using var direct = Identity.CreateApiClient();
        using var response = await (via ?? direct).PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
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

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<string> StartEchoServiceAsync(string service)
    {
        var port = PostgresCluster.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Like a platform service's HTTP/2 endpoint, where the AppHost points the gateway (cleartext, prior knowledge).
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(async context =>
        {
            long length = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0) length += read;
            lock (_hits) _hits.Add((service, context.Request.Path, context.Request.Method, length));
            context.Response.Headers["x-seen-path"] = context.Request.Path + context.Request.QueryString;
            context.Response.Headers["x-seen-authorization"] = context.Request.Headers.Authorization.ToString();
            context.Response.Headers["x-seen-protocol"] = context.Request.Protocol;
            await context.Response.WriteAsync(service);
        });
        await app.StartAsync();
        _services.Add(app);
        return $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways) await gateway.DisposeAsync();
        foreach (var app in _services) await app.DisposeAsync();
        await ((IAsyncLifetime)Identity).DisposeAsync();
    }

    public sealed record DemoAccount(string UserName, string Password, string Role);

    /// <summary>The identity service in Development (password grant on) with the fixture's two users.</summary>
    public sealed class IdentityHost : ServiceFactory<IdentityApi::Program>
    {
        public IdentityHost() : base("identitydb")
        {
            UseRealServer();
            WithSetting("Identity:Issuer", Issuer);
            WithSetting("Identity:Seed", "demo");
            DemoAccount[] accounts = [Manager, FrontDesk];
            for (var i = 0; i < accounts.Length; i++)
            {
                var prefix = $"Identity:DemoUsers:{i}:";
                WithSetting(prefix + "UserName", accounts[i].UserName).WithSetting(prefix + "DisplayName", accounts[i].UserName)
                    .WithSetting(prefix + "Role", accounts[i].Role).WithSetting(prefix + "Password", accounts[i].Password)
                    .WithSetting(prefix + "LocationIds:0", Location.ToString());
            }
        }

        protected override void ConfigureService(IWebHostBuilder builder) => builder.UseEnvironment("Development");

        /// <summary>The key the identity service signs with, to make tokens that are wrong in exactly one way.</summary>
        public SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }

    private sealed class GatewayFactory : WebApplicationFactory<Program>
    {
        private readonly IReadOnlyDictionary<string, string> _destinations;
        private readonly Uri _identity;
        private readonly IReadOnlyDictionary<string, string> _settings;

        public GatewayFactory(IReadOnlyDictionary<string, string> destinations, Uri identity, IReadOnlyDictionary<string, string> settings)
        {
            _destinations = destinations;
            _identity = identity;
            _settings = settings;
            UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (cluster, address) in _destinations)
            {
                // Exactly what the AppHost sets through the environment.
                foreach (var (key, value) in GatewayDestinations.Settings(cluster, address)) builder.UseSetting(key, value);
            }

            // As the AppHost does: keys from the identity service over its own address, the public issuer pinned.
            builder.UseSetting("services:identity:http:0", _identity.ToString().TrimEnd('/'));
            builder.UseSetting("Authentication:Issuer", Issuer);
            builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
            foreach (var (key, value) in _settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        }
    }
}

/// <summary>One identity service and one set of services for every gateway test class; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "Gateway";
}
