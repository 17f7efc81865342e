using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Platform.ServiceDefaults;

public static class PlatformResilience
{
    /// <summary>
    /// The standard resilience handler, tuned for interactive calls between services on one site.
    /// Its defaults (30 s total, retry of every method, a breaker that needs 100 calls) would make a
    /// front-desk booking hang for half a minute when a dependency is down; here a dead dependency
    /// is known within about a second, and only safe (idempotent) HTTP methods are retried. gRPC calls
    /// travel as POST, so they are never retried by this handler.
    /// </summary>
    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder http)
    {
        http.AddStandardResilienceHandler(options =>
        {
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(2);
            options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(900);
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(50);
            options.Retry.DisableForUnsafeHttpMethods();
            options.CircuitBreaker.MinimumThroughput = 10;
            options.CircuitBreaker.FailureRatio = 0.5;
            // Must be at least twice the attempt timeout.
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(5);
            options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(2);
        });
        return http;
    }
}
