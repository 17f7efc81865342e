using System.Globalization;

namespace AppHost.Hosting;

/// <summary>
/// The demo chain's seeding date (<c>Demo__Date</c> of every service). Chosen on the first run and kept in
/// <c>{data-dir}/demo-seed-date</c>, so every service seeds the same chain, and a service whose database is
/// new on a later day (or starts just after midnight) still agrees with the others. The first run takes today
/// in America/Los_Angeles, the chain's westernmost zone, as the services do when no date is given
/// (Platform.DemoChain.Seeding.DemoSeeding.SeedingDate): then every day the chain calls past is over everywhere.
/// </summary>
public static class DemoSeedDate
{
    private const string Format = "yyyy-MM-dd";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "demo-seed-date");

    public static string For(string dataDirectory, DateTimeOffset now)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path)
            && DateOnly.TryParseExact(File.ReadAllText(path).Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var kept))
        {
            return kept.ToString(Format, CultureInfo.InvariantCulture);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).ToString(Format, CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(path, today + Environment.NewLine);
        return today;
    }
}
