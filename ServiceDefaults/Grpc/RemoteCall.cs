using Grpc.Core;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// Calls another service and translates its failure into the platform's problems: a service that is
/// down, slow or shedding load becomes <see cref="DependencyUnavailableException"/> (503 with Retry-After),
/// never a hang and never a 500; a business refusal (FailedPrecondition) keeps its code and reasons; a
/// conflict (Aborted) stays a conflict. NotFound and InvalidArgument are left to the caller, which knows
/// what they mean in its use case.
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
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition)
        {
            // The other service refused by a business rule: the caller refuses with the same code and reasons.
            throw new BusinessRuleException(ex.GetCode() ?? "refused", ex.GetReasons(), ex.Status.Detail);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Aborted)
        {
            throw new ConflictException(ex.GetCode() ?? "conflict", ex.Status.Detail);
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
