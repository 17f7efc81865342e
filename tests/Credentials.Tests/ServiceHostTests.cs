using System.Net;
using Grpc.Health.V1;

namespace Credentials.Tests;

/// <summary>The service starts on a fresh database, migrates it, and reports healthy on both transports.</summary>
public sealed class ServiceHostTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    [Fact]
    public async Task Readiness_includes_the_database_and_is_healthy()
    {
        using var client = service.CreateApiClient();
        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"credentialsdb\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Migrations_were_applied_at_startup()
    {
        var applied = await service.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"");
        Assert.True(applied >= 1);
    }

    [Fact]
    public async Task The_grpc_health_service_answers_serving()
    {
        using var channel = service.CreateGrpcChannel();
        var health = new Health.HealthClient(channel);

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_credentials_routes()
    {
        using var client = service.CreateApiClient();
        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync();
        Assert.Contains("/api/practitioners/{id}/eligibility", document);
        Assert.Contains("/api/credentials/audit/trail", document);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_with_a_trace_id()
    {
        using var client = service.CreateApiClient();
        using var response = await client.GetAsync("/api/does-not-exist");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
    }
}
