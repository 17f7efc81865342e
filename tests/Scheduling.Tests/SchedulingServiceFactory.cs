using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Scheduling.Tests;

/// <summary>
/// The Scheduling service on a fresh database of the shared test cluster, with its clock set to
/// <see cref="Now"/> so the daylight-saving dates of 2026 (March 8, November 1) are always bookable.
/// </summary>
public sealed class SchedulingServiceFactory() : ServiceFactory<Program>("schedulingdb")
{
    public static readonly DateTimeOffset Now = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new TravelledTimeProvider(Now)));
}

/// <summary>
/// A clock that starts at a chosen instant and then runs in real time. Unlike a frozen fake clock,
/// timers and timeouts (resilience handlers, deadlines) still fire.
/// </summary>
public sealed class TravelledTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_origin);
}
