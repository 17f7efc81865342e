using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Grpc;

internal sealed class GrpcServerMarker;

public static class GrpcServerExtensions
{
    /// <summary>
    /// gRPC for service-to-service calls: problem exceptions become gRPC statuses, and the standard
    /// gRPC health service reports the same checks as <c>/health</c>.
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
        return builder;
    }
}
