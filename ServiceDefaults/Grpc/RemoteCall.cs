using Grpc.Core;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// Calls another service and translates its failure into the platform's problems: a service that is
/// down, slow or shedding load becomes <see cref="DependencyUnavailableException"/> (503 with Retry-After),
/// never a hang and never a 500.
/// </summary>
public static class RemoteCall
{
    public static async Task<T> InvokeAsync<T>(string dependency, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (IsUnavailable(ex))
        {
            throw new DependencyUnavailableException(dependency, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DependencyUnavailableException(dependency, ex);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            throw new DependencyUnavailableException(dependency, ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new DependencyUnavailableException(dependency, ex);
        }
    }

    /// <summary>Transport failures, including those the resilience handler raises under a gRPC call.</summary>
    public static bool IsUnavailable(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
        || (ex.StatusCode is StatusCode.Internal or StatusCode.Unknown && ex.InnerException is not null);
}
