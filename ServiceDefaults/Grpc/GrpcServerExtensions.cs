using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Grpc;

internal sealed class GrpcServerMarker;

public static class GrpcServerExtensions
{
    /// <summary>
    /// gRPC for service-to-service calls: problem exceptions become gRPC statuses, the standard gRPC health service
    /// reports the same checks as <c>/health</c> (anonymous, for probes), and callers are checked against
    /// <see cref="PlatformAuthorization.InternalCallers"/> on every service mapped with <see cref="MapInternalGrpcService{TService}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddGrpcServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ProblemToStatusInterceptor>();
            options.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddSingleton<GrpcServerMarker>();
        builder.AddServiceCallerAuthorization();
        return builder;
    }

    /// <summary>
    /// Maps a gRPC service other services call: only a platform service's token gets in
    /// (<see cref="PlatformAuthorization.InternalCallers"/>). Every gRPC service of the platform is mapped this way.
    /// </summary>
    public static GrpcServiceEndpointConventionBuilder MapInternalGrpcService<TService>(this IEndpointRouteBuilder app)
        where TService : class =>
        app.MapGrpcService<TService>().RequireAuthorization(PlatformAuthorization.InternalCallers);
}
