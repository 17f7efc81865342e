using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Security;

namespace Referrals.Tests;

/// <summary>
/// The Referrals service on a fresh database of the shared test cluster, with a clock tests can move forward
/// (<see cref="Clock"/>) and requests that act as an administrator unless a test signs in as someone else.
/// </summary>
public sealed class ReferralsServiceFactory : ServiceFactory<Program>
{
    public ReferralsServiceFactory()
        : base("referralsdb")
    {
        // The tests act as an administrator unless they sign in as someone else (a physician, say).
        WithDefaultUser("referrals-admin", [Roles.Admin]);
        // Calls to the real Clients service test rules, not the speed of a 2-core machine running many test hosts:
        // patient timeouts here; the production deadlines are tested by Scheduling's dependency-down tests.
        WithSetting("Grpc:DefaultDeadline", "00:00:10");
    }

    public TestClock Clock { get; } = new();

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.UsePatientResilience();
        });
}

/// <summary>The system clock, shifted by <see cref="Offset"/>: moving it forward expires holds. Timers stay real.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; private set; }

    public void Advance(TimeSpan by) => Offset += by;

    public void Reset() => Offset = TimeSpan.Zero;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
