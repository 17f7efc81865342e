using System.Collections.Concurrent;
using System.Net;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Grpc;

namespace ServiceDefaults.Tests;

/// <summary>
/// Service-to-service gRPC clients (<c>AddGrpcServiceClient</c>) against a real HTTP/2 server that plays both the
/// callee (the gRPC health service) and the identity service's token endpoint, and records what it was sent.
/// </summary>
public sealed class ServiceTokenTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string?> _authorizations = new();
    private readonly ConcurrentQueue<string> _tokenRequests = new();
    private WebApplication _server = null!;
    private int _grpcPort;
    private int _httpPort;
    private int _issued;
    private bool _refuseNextCall;
    private bool _refuseAsGrpcStatus;

    public async Task InitializeAsync()
    {
        _grpcPort = PostgresCluster.FreePort();
        _httpPort = PostgresCluster.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, _grpcPort, o => o.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, _httpPort, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        _server = builder.Build();
        _server.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
            {
                _authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
                if (_refuseNextCall)
                {
                    _refuseNextCall = false;
                    if (_refuseAsGrpcStatus)
                    {
                        // As a platform service refuses: a trailers-only gRPC answer, Unauthenticated.
                        context.Response.ContentType = "application/grpc";
                        context.Response.Headers["grpc-status"] = "16";
                    }
                    else
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }

                    return;
                }
            }

            await next();
        });
        _server.MapGrpcHealthChecksService();
        _server.MapPost("/connect/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            _tokenRequests.Enqueue($"{form["grant_type"]} {form["client_id"]} {form["client_secret"]} {form["scope"]}");
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = $"token-{Interlocked.Increment(ref _issued)}",
                ["token_type"] = "Bearer",
                ["expires_in"] = 600,
            });
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A generous deadline: the first call on a busy machine also pays for the token and the connection.</summary>
    private static async Task CheckAsync(Health.HealthClient client) =>
        await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

    private IHost Caller(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["services:callee:grpc:0"] = $"http://127.0.0.1:{_grpcPort}";
        builder.Configuration["services:identity:http:0"] = $"http://127.0.0.1:{_httpPort}";
        builder.Configuration["OTEL_SERVICE_NAME"] = "scheduling";
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddServiceDefaults();
        // What is tested is which token travels, not how fast.
        builder.Services.UsePatientResilience();
        builder.Services.AddGrpcServiceClient<Health.HealthClient>("callee");
        return builder.Build();
    }

    [Fact]
    public async Task A_service_with_credentials_calls_with_its_client_credentials_token_fetched_once()
    {
        using var host = Caller(("ServiceAuthentication:ClientSecret", "scheduling-secret-0123456789"));
        var client = host.Services.GetRequiredService<Health.HealthClient>();

        for (var i = 0; i < 3; i++) await CheckAsync(client);

        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-1"], _authorizations);
        // The client id defaults to the service's name; one fetch serves every call until the token nears expiry.
        Assert.Equal(["client_credentials scheduling scheduling-secret-0123456789 platform.internal"], _tokenRequests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_token_is_replaced_on_the_next_call(bool refusedAsGrpcStatus)
    {
        _refuseAsGrpcStatus = refusedAsGrpcStatus;
        using var host = Caller(("ServiceAuthentication:ClientSecret", "scheduling-secret-0123456789"));
        var client = host.Services.GetRequiredService<Health.HealthClient>();
        await CheckAsync(client);

        _refuseNextCall = true;
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await CheckAsync(client));
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
        await CheckAsync(client);

        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], _authorizations);
        Assert.Equal(2, _tokenRequests.Count);
    }

    [Fact]
    public async Task A_service_without_credentials_calls_as_before_without_a_token()
    {
        using var host = Caller();
        var client = host.Services.GetRequiredService<Health.HealthClient>();

        await CheckAsync(client);

        Assert.Equal([null], _authorizations);
        Assert.Empty(_tokenRequests);
    }
}
