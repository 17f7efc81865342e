using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Features.Appointments;

namespace Scheduling.Tests;

/// <summary>
/// The Scheduling service alone on a fresh database of the shared test cluster, with its clock set to
/// <see cref="Now"/> so the daylight-saving dates of 2026 (March 8, November 1) are always bookable.
/// <para>
/// Its booking gates let every booking through (<see cref="PassingGates"/>): these tests are about Scheduling's
/// own rules (shifts, opening hours, zones, exclusion constraints, series, statuses) with made-up client and
/// practitioner ids. The gates themselves are tested against the real Clients, Credentials and Referrals
/// services in <c>Gates/</c> (<see cref="SchedulingWorld"/>).
/// </para>
/// <para>Requests act as an administrator (every use case, every location) unless a test signs in as someone else.</para>
/// </summary>
public sealed class SchedulingServiceFactory : ServiceFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Test users on (as an administrator): its gRPC is called as a test service (<see cref="ServiceFactory{T}.CreateGrpcChannel()"/>).</summary>
    public SchedulingServiceFactory() : base("schedulingdb") => this.AsAdministrator();

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(new TravelledTimeProvider(Now));
            services.AddScoped<IBookingGates, PassingGates>();
        });
}

public static class SchedulingTestUsers
{
    /// <summary>Requests to this Scheduling host act as an administrator unless a test signs in as someone else.</summary>
    public static ServiceFactory<Program> AsAdministrator(this ServiceFactory<Program> scheduling) =>
        scheduling.WithDefaultUser("scheduling-admin", [Roles.Admin]);
}

/// <summary>A test double for Scheduling's own-rule tests: no remote gate refuses, and nothing is held.</summary>
public sealed class PassingGates : IBookingGates
{
    public Task<IReadOnlyList<GateRefusal>> CheckAsync(BookingPlan plan, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GateRefusal>>([]);

    public ValueTask HoldAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ConfirmAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ReleaseAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;
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
