using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Platform.Testing;

public static class PatientResilience
{
    /// <summary>
    /// What a test checks is which answer comes back, not how fast: the resilience handler's timeouts are made patient
    /// so a loaded test machine does not turn a slow answer into a 503. With <paramref name="keepBreakerClosed"/>, the
    /// circuit breaker also needs 1,000 calls before it may open, for tests that provoke failures on purpose.
    /// </summary>
    public static IServiceCollection UsePatientResilience(this IServiceCollection services, bool keepBreakerClosed = false) =>
        services.PostConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            if (keepBreakerClosed) options.CircuitBreaker.MinimumThroughput = 1000;
        });
}
