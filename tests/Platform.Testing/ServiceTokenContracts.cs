using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Platform.Events.Grpc;
using Platform.ServiceDefaults.Security;
using Xunit;

namespace Platform.Testing;

/// <summary>A token that is wrong in exactly one way, by name (serializable theory data).</summary>
public static class BadTokens
{
    public const string Expired = "expired";
    public const string Tampered = "tampered";
    public const string WrongAudience = "wrong-audience";

    public static TheoryData<string> All => [Expired, Tampered, WrongAudience];

    /// <summary>The 401 problem's <c>code</c> for each.</summary>
    public static string Code(string kind) => kind switch
    {
        Expired => "token_expired",
        Tampered => "token_invalid_signature",
        WrongAudience => "token_wrong_audience",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// A service token of <paramref name="service"/> spoiled as named: expired, or with a role added by hand after
    /// signing, or for another API. Each would be let through were that one check missing.
    /// </summary>
    public static async Task<string> MakeAsync<TIdentity>(RealIdentity<TIdentity> identity, string kind, string service) where TIdentity : class
    {
        var scope = new System.Security.Claims.Claim(ServiceCallers.ScopeClaim, ServiceCallers.InternalScope);
        return kind switch
        {
            Expired => identity.ExpiredToken(service, TestUsers.ServiceRole, scope),
            Tampered => RealIdentity<TIdentity>.Tampered(await identity.ServiceTokenAsync(service)),
            WrongAudience => identity.TokenForAnotherAudience(service, TestUsers.ServiceRole, scope),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}

/// <summary>
/// What every service's REST API does with tokens from the real identity service, bypassing the gateway: none, or
/// an expired, tampered or wrong-audience one, is 401 with a problem naming why. Each service's test project derives
/// one class from it (with its <see cref="RealTokenHosts{TIdentity,TService}"/> fixture) and names a route.
/// </summary>
public abstract class RestTokenContract<TIdentity, TService>(RealTokenHosts<TIdentity, TService> hosts)
    where TIdentity : class where TService : class
{
    /// <summary>A GET route of the service that needs a token.</summary>
    protected abstract string ProtectedRoute { get; }

    [Fact]
    public async Task A_rest_call_without_a_token_is_401()
    {
        using var response = await hosts.Service.CreateApiClient().AsAnonymous().GetAsync(ProtectedRoute);

        Assert.Equal("authentication_required", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
    }

    [Theory]
    [MemberData(nameof(BadTokens.All), MemberType = typeof(BadTokens))]
    public async Task A_rest_call_with_a_bad_token_is_401_naming_why(string kind)
    {
        var token = await BadTokens.MakeAsync(hosts.Identity, kind, "scheduling");
        using var response = await hosts.Service.CreateApiClient().WithToken(token).GetAsync(ProtectedRoute);

        Assert.Equal(BadTokens.Code(kind), (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
    }
}

/// <summary>
/// What every service's gRPC endpoints (and event sink) do with real tokens (docs/AUTHORIZATION.md, Service to
/// service): a platform service's token gets in; no token, or an expired, tampered or wrong-audience one, is
/// Unauthenticated; a person's real token is PermissionDenied. Each service's test project derives one class.
/// </summary>
public abstract class GrpcTokenContract<TIdentity, TService>(RealTokenHosts<TIdentity, TService> hosts)
    where TIdentity : class where TService : class
{
    /// <summary>A person the identity service knows (any role): a person's token is never a service's.</summary>
    protected abstract TestAccount Person { get; }

    /// <summary>One call of the service's gRPC that succeeds for a service caller; throws <see cref="RpcException"/> when refused.</summary>
    protected abstract Task CallAsync(GrpcChannel channel);

    /// <summary>No service can forget it: every gRPC method it maps (but the health probes) requires a service caller.</summary>
    [Fact]
    public void Every_grpc_method_but_health_requires_a_service_caller()
    {
        var methods = hosts.Service.GetService<EndpointDataSource>().Endpoints
            .Select(e => (Endpoint: e, Grpc: e.Metadata.GetMetadata<GrpcMethodMetadata>()))
            .Where(e => e.Grpc is not null && !e.Grpc.Method.ServiceName.StartsWith("grpc.health.", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(methods);
        Assert.All(methods, e =>
        {
            Assert.Null(e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.Contains(PlatformAuthorization.InternalCallers, e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy));
        });
    }

    [Fact]
    public async Task A_real_service_token_is_accepted()
    {
        var token = await hosts.Identity.ServiceTokenAsync("scheduling");
        using var channel = hosts.Service.CreateGrpcChannel(c => c.WithToken(token));

        await CallAsync(channel);
    }

    [Fact]
    public async Task A_grpc_call_without_a_token_is_unauthenticated()
    {
        using var channel = hosts.Service.CreateGrpcChannel(c => c.AsAnonymous());

        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadTokens.All), MemberType = typeof(BadTokens))]
    public async Task A_grpc_call_with_a_bad_token_is_unauthenticated(string kind)
    {
        var token = await BadTokens.MakeAsync(hosts.Identity, kind, "scheduling");
        using var channel = hosts.Service.CreateGrpcChannel(c => c.WithToken(token));

        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task A_persons_real_token_is_permission_denied_on_grpc()
    {
        var token = await hosts.Identity.TokenAsync(Person);
        using var channel = hosts.Service.CreateGrpcChannel(c => c.WithToken(token));

        var refused = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }
}

/// <summary>
/// A service's event sink admits platform services only: a delivery with no identity, or a person's, is refused
/// before anything is applied (no inbox row, no effect); the same delivery from a service is applied. Runs on the
/// service's own test factory, which must have test users on.
/// </summary>
public abstract class EventSinkContract<TProgram>(ServiceFactory<TProgram> service) where TProgram : class
{
    /// <summary>An event the service has a handler for, which applies on the test database.</summary>
    protected abstract IMessage ApplicableEvent();

    [Fact]
    public async Task A_delivery_is_applied_only_from_a_service()
    {
        var request = new DeliverRequest { Events = { Envelope(ApplicableEvent()) } };
        var eventId = Guid.Parse(request.Events[0].EventId);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => DeliverAsync(c => c.AsAnonymous(), request));
        var person = await Assert.ThrowsAsync<RpcException>(() => DeliverAsync(c => c.AsUser("admin-user", [Roles.Admin]), request));
        var refusedRows = await InboxRowsAsync(eventId);
        var reply = await DeliverAsync(c => c.AsService("publisher"), request);

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, person.StatusCode);
        Assert.Equal(0L, refusedRows);
        Assert.Equal(AckStatus.Applied, Assert.Single(reply.Acks).Status);
        Assert.Equal(1L, await InboxRowsAsync(eventId));
    }

    private async Task<DeliverReply> DeliverAsync(Func<HttpClient, HttpClient> caller, DeliverRequest request)
    {
        using var channel = service.CreateGrpcChannel(caller);
        return await new EventSink.EventSinkClient(channel).DeliverAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
    }

    private Task<long> InboxRowsAsync(Guid eventId) =>
        service.ScalarAsync<long>("SELECT count(*) FROM inbox_events WHERE event_id = $1", eventId);

    private static EventEnvelope Envelope(IMessage message) => new()
    {
        EventId = Guid.CreateVersion7().ToString(),
        Type = message.Descriptor.FullName,
        AggregateId = Guid.CreateVersion7().ToString(),
        Sequence = 1,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Source = "publisher",
        Payload = Any.Pack(message),
    };
}
