using Platform.DemoChain;

namespace DemoChain.Tests;

/// <summary>Seeding dates the invariants are checked on: an ordinary day, the days daylight saving starts and ends in the US, a leap day.</summary>
public static class SeedingDates
{
    public static readonly DateOnly Ordinary = new(2026, 5, 13);

    public static TheoryData<string> All => ["2026-05-13", "2026-03-08", "2026-11-01", "2028-02-29", "2027-01-01"];

    public static Platform.DemoChain.DemoChain Chain(string date) => Platform.DemoChain.DemoChain.For(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
}
