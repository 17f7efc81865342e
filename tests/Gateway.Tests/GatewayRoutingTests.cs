using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Tests;

/// <summary>
/// The real gateway on real Kestrel, each cluster pointed at a small real server that answers with its
/// own name, so every route of API.md is checked to reach the service that owns it (with a valid token).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayRoutingTests(GatewayFixture fixture)
{
    private readonly GatewayFixture _fixture = fixture;

    public static TheoryData<string, string, string> ApiRoutes => new()
    {
        // Credentials
        { "POST", "/api/practitioners", "credentials" },
        { "GET", "/api/practitioners/0195f0a4-0000-7000-8000-000000000001", "credentials" },
        { "GET", "/api/practitioners?search=smi&jurisdiction=US-FL", "credentials" },
        { "POST", "/api/practitioners/p1/licenses", "credentials" },
        { "POST", "/api/practitioners/p1/licenses/l1/verifications", "credentials" },
        { "POST", "/api/practitioners/p1/licenses/l1/status", "credentials" },
        { "POST", "/api/practitioners/p1/certifications", "credentials" },
        { "GET", "/api/practitioners/p1/eligibility?jurisdiction=US-FL&on=2026-12-01&technique=swedish", "credentials" },
        { "GET", "/api/credentials/audit/expiring?withinDays=60", "credentials" },
        { "GET", "/api/credentials/audit/unverified", "credentials" },
        { "GET", "/api/credentials/audit/trail", "credentials" },
        // Clients
        { "POST", "/api/clients", "clients" },
        { "GET", "/api/clients?search=ann", "clients" },
        { "GET", "/api/clients/c1", "clients" },
        { "PUT", "/api/clients/c1", "clients" },
        { "PUT", "/api/clients/c1/health-history", "clients" },
        { "POST", "/api/clients/c1/consents", "clients" },
        // Referrals
        { "POST", "/api/physicians", "referrals" },
        { "GET", "/api/physicians/d1", "referrals" },
        { "POST", "/api/referrals", "referrals" },
        { "GET", "/api/referrals/r1", "referrals" },
        { "GET", "/api/referrals?status=active", "referrals" },
        { "POST", "/api/referrals/r1/accept", "referrals" },
        { "POST", "/api/referrals/r1/reject", "referrals" },
        { "GET", "/api/referrals/r1/progress-report", "referrals" },
        // Scheduling
        { "POST", "/api/locations", "scheduling" },
        { "GET", "/api/locations", "scheduling" },
        { "GET", "/api/locations/l1", "scheduling" },
        { "POST", "/api/locations/l1/rooms", "scheduling" },
        { "POST", "/api/shifts", "scheduling" },
        { "POST", "/api/shifts/weekly", "scheduling" },
        { "GET", "/api/availability?from=2026-12-01&to=2026-12-14&durationMinutes=60", "scheduling" },
        { "POST", "/api/appointments", "scheduling" },
        { "POST", "/api/appointments/series", "scheduling" },
        { "GET", "/api/appointments?locationId=l1", "scheduling" },
        { "GET", "/api/appointments/a1", "scheduling" },
        { "POST", "/api/appointments/a1/check-in", "scheduling" },
        { "POST", "/api/appointments/a1/complete", "scheduling" },
        { "POST", "/api/appointments/a1/no-show", "scheduling" },
        { "POST", "/api/appointments/a1/cancel", "scheduling" },
        { "GET", "/api/appointments/at-risk?from=2026-12-01&to=2026-12-31", "scheduling" },
        // Clinical notes (the client outcome chart lives with the notes, not the clients)
        { "POST", "/api/notes", "clinicalnotes" },
        { "PUT", "/api/notes/n1", "clinicalnotes" },
        { "POST", "/api/notes/n1/sign", "clinicalnotes" },
        { "POST", "/api/notes/n1/addenda", "clinicalnotes" },
        { "GET", "/api/notes/n1", "clinicalnotes" },
        { "GET", "/api/notes?clientId=c1", "clinicalnotes" },
        { "GET", "/api/notes/n1/access-log", "clinicalnotes" },
        { "GET", "/api/clients/c1/outcomes", "clinicalnotes" },
    };

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Every_api_route_reaches_the_service_that_owns_it(string method, string path, string service)
    {
        using var request = GatewayFixture.Request(new HttpMethod(method), path, await _fixture.TokenAsync(GatewayFixture.Manager));
        if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await _fixture.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(service, await response.Content.ReadAsStringAsync());
        // The path and query arrive unchanged, and so does the token, which the service validates again.
        Assert.Equal(path, response.Headers.GetValues("x-seen-path").Single());
        Assert.Equal(request.Headers.Authorization!.ToString(), response.Headers.GetValues("x-seen-authorization").Single());
        // Forwarded over HTTP/2 to the service's HTTP/2 endpoint, whatever the caller spoke.
        Assert.Equal("HTTP/2", response.Headers.GetValues("x-seen-protocol").Single());
    }

    [Fact]
    public void The_gateway_lets_a_burst_of_new_connections_queue_instead_of_dropping_them()
    {
        var transport = _fixture.GatewayServices
            .GetRequiredService<IOptions<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>>().Value;

        // Kestrel's own default is 512, which one burst overflowed.
        Assert.Equal(4096, transport.Backlog);
    }

    [Fact]
    public async Task The_gateway_forwards_on_the_socket_thread_and_a_burst_through_it_is_all_answered()
    {
        var transport = _fixture.GatewayServices
            .GetRequiredService<IOptions<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>>().Value;
        Assert.True(transport.UnsafePreferInlineScheduling);

        // Inline scheduling is only safe while nothing in the gateway blocks: 200 calls at once must all come back.
        var token = await _fixture.TokenAsync(GatewayFixture.FrontDesk);
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clients?limit=1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _fixture.Gateway.SendAsync(request);
            return response.StatusCode;
        }));
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        using var response = await _fixture.Gateway.SendAsync(GatewayFixture.Request(HttpMethod.Get, "/api/no-such-thing", await _fixture.TokenAsync(GatewayFixture.Manager)));
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_reaching_a_service()
    {
        var tooBig = new string('x', (int)Extensions.GatewayExtensions.MaxRequestBodyBytes + 1);
        using var request = GatewayFixture.Request(HttpMethod.Post, "/api/clients", await _fixture.TokenAsync(GatewayFixture.Manager));
        request.Content = new StringContent(tooBig, Encoding.UTF8, "application/json");
        using var response = await _fixture.Gateway.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", problem.Code);
        Assert.Equal(0, _fixture.ServiceHits("clients", "/api/clients", "POST", tooBig.Length));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        // No Content-Length: the limit is only found while streaming the body.
        var tooBig = new byte[(int)Extensions.GatewayExtensions.MaxRequestBodyBytes + 4096];
        var content = new StreamContent(new MemoryStream(tooBig));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = GatewayFixture.Request(HttpMethod.Post, "/api/clients", await _fixture.TokenAsync(GatewayFixture.Manager));
        request.Content = content;
        request.Headers.TransferEncodingChunked = true;

        using var response = await _fixture.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_service_that_is_down_is_a_503_problem_with_retry_after()
    {
        var down = new Dictionary<string, string>(_fixture.Destinations) { ["referrals"] = $"http://127.0.0.1:{PostgresCluster.FreePort()}" };
        var gatewayWithReferralsDown = _fixture.StartGateway(down);

        using var response = await gatewayWithReferralsDown.SendAsync(GatewayFixture.Request(HttpMethod.Get, "/api/referrals/r1", await _fixture.TokenAsync(GatewayFixture.Manager)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("service_unavailable", problem.Code);
        Assert.Contains("referrals", problem.Detail);
        Assert.True(response.Headers.RetryAfter is not null, "Retry-After header expected");
    }

    [Fact]
    public async Task The_gateway_reports_its_own_health()
    {
        using var response = await _fixture.Gateway.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
