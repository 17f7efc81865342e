using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Referrals.Tests;

/// <summary>
/// The Referrals service on a fresh database of the shared test cluster, with a clock tests can move forward
/// (<see cref="Clock"/>) and requests that may act as test users.
/// </summary>
public sealed class ReferralsServiceFactory : ServiceFactory<Program>
{
    public ReferralsServiceFactory()
        : base("referralsdb")
    {
        WithTestUsers();
    }

    public TestClock Clock { get; } = new();

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
}

/// <summary>The system clock, shifted by <see cref="Offset"/>: moving it forward expires holds. Timers stay real.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; private set; }

    public void Advance(TimeSpan by) => Offset += by;

    public void Reset() => Offset = TimeSpan.Zero;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
