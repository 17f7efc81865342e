using Platform.DemoChain.Seeding;

namespace Platform.Testing;

/// <summary>
/// A service started with <c>Demo:Seed=demo</c> on a fresh database of the test cluster, with the demo chain it
/// seeded (<see cref="Chain"/>) to compare against: the seeding date is given, or today as the services take it.
/// </summary>
public class SeededServiceFactory<TProgram> : ServiceFactory<TProgram> where TProgram : class
{
    public SeededServiceFactory(string connectionName, DateOnly? seedingDate = null) : base(connectionName)
    {
        var date = seedingDate ?? DemoSeeding.SeedingDate(DateTimeOffset.UtcNow);
        WithSetting(DemoSeeding.ModeKey, "demo");
        WithSetting(DemoSeeding.DateKey, DemoSeeding.Format(date));
        Chain = Platform.DemoChain.DemoChain.For(date);
    }

    public Platform.DemoChain.DemoChain Chain { get; }

    /// <summary>Starts a second host on the same database (its migrations and seeding run again), then stops it.</summary>
    public async Task StartAgainAsync()
    {
        await using var second = WithWebHostBuilder(_ => { });
        _ = second.Server;
    }
}
