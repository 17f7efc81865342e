using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Grpc;

public static class GrpcClientExtensions
{
    /// <summary>The deadline a synchronous call between services gets unless it sets its own.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// A typed gRPC client for another service, addressed by its name (<c>http://_grpc.credentials</c>) and
    /// resolved by service discovery, with the platform's resilience handler and a default deadline on
    /// every call, so no call can hang a request. Calls carry this service's client-credentials token when it
    /// has credentials (<c>ServiceAuthentication:ClientSecret</c>, which the AppHost sets); otherwise no token.
    /// <c>Grpc:DefaultDeadline</c> in configuration replaces the default (not an explicit <paramref name="deadline"/>):
    /// tests that run many hosts on a loaded machine use it to test rules rather than the machine's speed.
    /// </summary>
    public static IHttpClientBuilder AddGrpcServiceClient<TClient>(this IServiceCollection services, string serviceName, TimeSpan? deadline = null)
        where TClient : ClientBase
    {
        return services
            .AddGrpcClient<TClient>(o => o.Address = new Uri($"http://_grpc.{serviceName}"))
            .AddInterceptor(InterceptorScope.Client, provider => new DefaultDeadlineInterceptor(
                deadline ?? provider.GetRequiredService<IConfiguration>().GetValue<TimeSpan?>("Grpc:DefaultDeadline") ?? DefaultDeadline))
            .AddServiceToken();
    }
}

/// <summary>Gives every unary call a deadline when the caller did not set one.</summary>
public sealed class DefaultDeadlineInterceptor(TimeSpan deadline) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (context.Options.Deadline is null)
        {
            context = new ClientInterceptorContext<TRequest, TResponse>(
                context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow.Add(deadline)));
        }

        return continuation(request, context);
    }
}
