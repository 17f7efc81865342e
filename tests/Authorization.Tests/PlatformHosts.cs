extern alias clients;
extern alias credentials;
extern alias referrals;
extern alias scheduling;
extern alias clinicalnotes;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using R = Platform.ServiceDefaults.Security.Roles;

namespace Authorization.Tests;

/// <summary>
/// The whole platform in one test process, each part real and on real Kestrel: the identity service issuing real tokens,
/// the five services (each on a fresh database of the shared test cluster, validating tokens from that identity service
/// and calling each other with their own client-credentials tokens), and the gateway in front with its own route table.
/// Every matrix call goes through the gateway with a real bearer token; tokens are fetched once per account. The
/// world's rows (<see cref="World"/>) are built once, through the gateway, as an administrator.
/// </summary>
public sealed class PlatformHosts : IAsyncLifetime
{
    public static readonly string[] ServiceNames = ["clients", "credentials", "referrals", "scheduling", "clinicalnotes"];

    private static readonly TestAccount BootstrapAdmin = new(Caller.Admin.UserName, R.Admin);

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public MatrixIdentity Identity { get; } = new(BootstrapAdmin);
    public PlatformService<clients::Program> Clients { get; } = new("clients", "clientsdb");
    public PlatformService<credentials::Program> Credentials { get; } = new("credentials", "credentialsdb");
    public PlatformService<referrals::Program> Referrals { get; } = new("referrals", "referralsdb");
    public PlatformService<scheduling::Program> Scheduling { get; } = new("scheduling", "schedulingdb");
    public PlatformService<clinicalnotes::Program> ClinicalNotes { get; } = new("clinicalnotes", "notesdb");
    public GatewayHost Gateway { get; private set; } = null!;
    public World World { get; private set; } = null!;

    /// <summary>Each service's name and its endpoints, as its host mapped them.</summary>
    public IEnumerable<(string Service, EndpointDataSource Endpoints)> ServiceEndpoints =>
    [
        (Clients.Name, Clients.GetService<EndpointDataSource>()),
        (Credentials.Name, Credentials.GetService<EndpointDataSource>()),
        (Referrals.Name, Referrals.GetService<EndpointDataSource>()),
        (Scheduling.Name, Scheduling.GetService<EndpointDataSource>()),
        (ClinicalNotes.Name, ClinicalNotes.GetService<EndpointDataSource>()),
    ];

    public async Task InitializeAsync()
    {
        Clients.UseIdentity(Identity);
        Credentials.UseIdentity(Identity);
        Referrals.UseIdentity(Identity);
        Scheduling.UseIdentity(Identity);
        ClinicalNotes.UseIdentity(Identity);
        // Who calls whom over gRPC (service discovery as the AppHost configures it), and where events go.
        Referrals.WithSetting("services:clients:grpc:0", Clients.GrpcAddress!.ToString());
        Credentials.WithSetting("services:scheduling:grpc:0", Scheduling.GrpcAddress!.ToString());
        Scheduling.WithSetting("services:clients:grpc:0", Clients.GrpcAddress!.ToString())
            .WithSetting("services:credentials:grpc:0", Credentials.GrpcAddress!.ToString())
            .WithSetting("services:referrals:grpc:0", Referrals.GrpcAddress!.ToString());
        ClinicalNotes.WithSetting("services:scheduling:grpc:0", Scheduling.GrpcAddress!.ToString())
            .WithSetting("services:referrals:grpc:0", Referrals.GrpcAddress!.ToString());

        // All at once: every address is known from the start.
        await Task.WhenAll(Identity.InitializeAsync(), Clients.InitializeAsync(), Credentials.InitializeAsync(),
            Referrals.InitializeAsync(), Scheduling.InitializeAsync(), ClinicalNotes.InitializeAsync());

        // As the AppHost does: each service's HTTP/2 endpoint, identity's only endpoint.
        Gateway = new GatewayHost(new Dictionary<string, Uri>
        {
            ["identity"] = Identity.HttpAddress!,
            [Clients.Name] = Clients.GrpcAddress!,
            [Credentials.Name] = Credentials.GrpcAddress!,
            [Referrals.Name] = Referrals.GrpcAddress!,
            [Scheduling.Name] = Scheduling.GrpcAddress!,
            [ClinicalNotes.Name] = ClinicalNotes.GrpcAddress!,
        }, Identity.HttpAddress!);
        Gateway.StartServer();

        _tokens[Caller.Admin.Name] = await Identity.TokenAsync(BootstrapAdmin);
        World = await World.BuildAsync(this);
    }

    /// <summary>Creates every caller's account (now that their locations, practitioner and physicians exist) and fetches each token once.</summary>
    internal async Task SignInEveryoneAsync(IReadOnlyDictionary<Caller, TestAccount> accounts)
    {
        await Identity.SeedAccountsAsync(accounts.Values);
        foreach (var (caller, account) in accounts) _tokens[caller.Name] = await Identity.TokenAsync(account);
        _tokens[Caller.NoRole.Name] = await Identity.SystemTokenAsync();
    }

    /// <summary>The gateway's client that carries the caller's token (none for anonymous); one per caller, kept.</summary>
    public HttpClient As(Caller caller)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(caller.Name, out var existing)) return existing;
            var client = Gateway.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(60);
            if (caller.HasToken) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[caller.Name]);
            return _clients[caller.Name] = client;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        if (Gateway is not null) await Gateway.DisposeAsync();
        await ((IAsyncLifetime)ClinicalNotes).DisposeAsync();
        await ((IAsyncLifetime)Scheduling).DisposeAsync();
        await ((IAsyncLifetime)Referrals).DisposeAsync();
        await ((IAsyncLifetime)Credentials).DisposeAsync();
        await ((IAsyncLifetime)Clients).DisposeAsync();
        await ((IAsyncLifetime)Identity).DisposeAsync();
    }
}
