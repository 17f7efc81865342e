using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// Hosts one real service (its own <c>Program</c>) against a fresh database of the shared test cluster.
/// By default in memory (TestServer); <see cref="UseRealServer"/> puts it on real Kestrel ports
/// (REST on HTTP/1.1, gRPC on HTTP/2) so other services can call it over the network.
/// Use it as an xunit class fixture: one database per test class.
/// </summary>
public class ServiceFactory<TProgram> : WebApplicationFactory<TProgram>, IAsyncLifetime where TProgram : class
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private PostgresCluster? _cluster;
    private bool _testUsers;
    private Action<HttpClient>? _defaultUser;

    /// <param name="connectionName">The service's database, as in <c>ConnectionStrings:{name}</c>.</param>
    public ServiceFactory(string connectionName)
    {
        ConnectionName = connectionName;
    }

    public string ConnectionName { get; }
    public string DatabaseName { get; private set; } = string.Empty;
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Set when the service runs on real Kestrel.</summary>
    public Uri? HttpAddress { get; private set; }
    public Uri? GrpcAddress { get; private set; }

    /// <summary>Configuration the service sees (as environment variables would give it).</summary>
    public ServiceFactory<TProgram> WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Requests may act as a test user (see <see cref="TestUsers"/>): headers instead of a token.</summary>
    public ServiceFactory<TProgram> WithTestUsers()
    {
        _testUsers = true;
        return this;
    }

    /// <summary>
    /// Every client from <see cref="CreateApiClient"/> acts as this test user unless the test says otherwise
    /// (<c>AsUser(...)</c> replaces it, <c>AsAnonymous()</c> removes it): the service's authorization stays on.
    /// </summary>
    public ServiceFactory<TProgram> WithDefaultUser(string subject, string[] roles, IEnumerable<Guid>? locations = null,
        Guid? practitionerId = null, Guid? physicianId = null)
    {
        var locationList = locations?.ToList();
        _defaultUser = client => client.AsUser(subject, roles, locationList, practitionerId, physicianId);
        return WithTestUsers();
    }

    /// <summary>Serves on real loopback ports: a REST endpoint and an HTTP/2 gRPC endpoint.</summary>
    public ServiceFactory<TProgram> UseRealServer()
    {
        var httpPort = PostgresCluster.FreePort();
        var grpcPort = PostgresCluster.FreePort();
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, httpPort, o => o.Protocols = HttpProtocols.Http1AndHttp2);
            options.Listen(IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2);
        });
        return this;
    }

    public virtual async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.GetAsync();
        DatabaseName = await _cluster.CreateDatabaseAsync(GetType().Name);
        ConnectionString = _cluster.ConnectionStringFor(DatabaseName);
        if (HttpAddress is not null)
        {
            StartServer();
        }
        else
        {
            _ = Server; // start now, so migrations run once, before the first test
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting lands before Program reads configuration, unlike ConfigureAppConfiguration.
        builder.UseSetting($"ConnectionStrings:{ConnectionName}", ConnectionString);
        // appsettings.json's "Default": "Information" would otherwise win over SetMinimumLevel below.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Test hosts reach an identity service (if any) over plain HTTP on loopback; only used when a token arrives.
        builder.UseSetting("Authentication:RequireHttpsMetadata", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
            logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        });
        if (_testUsers)
        {
            builder.ConfigureServices(services => services.AddTestUsers());
        }

        ConfigureService(builder);
    }

    /// <summary>For a test class that needs to change the host further.</summary>
    protected virtual void ConfigureService(IWebHostBuilder builder)
    {
    }

    /// <summary>An HTTP client for the service's REST API (real network when on Kestrel).</summary>
    public HttpClient CreateApiClient()
    {
        var client = HttpAddress is null ? CreateClient() : new HttpClient { BaseAddress = HttpAddress };
        _defaultUser?.Invoke(client);
        return client;
    }

    /// <summary>The service a gRPC channel from <see cref="CreateGrpcChannel()"/> acts as, with test users on.</summary>
    public const string TestServiceCaller = "platform-tests";

    /// <summary>
    /// A gRPC channel to the service (real HTTP/2 when on Kestrel, otherwise in memory). gRPC admits platform services
    /// only: with test users on, the channel acts as the service <see cref="TestServiceCaller"/>; otherwise it carries
    /// no identity.
    /// </summary>
    public GrpcChannel CreateGrpcChannel() => CreateGrpcChannel(client => _testUsers ? client.AsService(TestServiceCaller) : client);

    /// <summary>
    /// A gRPC channel whose calls act as <paramref name="caller"/> sets up the client: <c>c => c.AsAnonymous()</c>,
    /// <c>c => c.AsUser(...)</c>, <c>c => c.AsService("scheduling")</c>, <c>c => c.WithToken(token)</c>.
    /// </summary>
    public GrpcChannel CreateGrpcChannel(Func<HttpClient, HttpClient> caller)
    {
        var address = GrpcAddress ?? Server.BaseAddress;
        HttpMessageHandler handler = GrpcAddress is null ? Server.CreateHandler() : new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        var client = caller(new HttpClient(handler) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan });
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpClient = client, DisposeHttpClient = true });
    }

    /// <summary>Direct SQL against the service's database, to assert what was (or was not) stored.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteNonQueryAsync();
    }

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>How many REST routes the service maps under <c>/api/</c>: an authorization matrix must have a row for each.</summary>
    public int ApiRouteCount() => GetService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
        .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
        .Count(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null && DatabaseName.Length > 0)
        {
            await _cluster.DropDatabaseAsync(DatabaseName);
        }
    }
}
