using Bogus;

namespace Platform.DemoChain;

/// <summary>
/// Builds a <see cref="DemoChain"/>. Every part draws from its own seeded <see cref="Randomizer"/>, so
/// changing how one part is generated does not reshuffle the others; the special cases the demo depends on
/// (the suspended licence, the expiring ones, the well-known identities) are fixed by index, not drawn.
/// </summary>
internal sealed partial class ChainBuilder(DateOnly today)
{
    // Therapists by index (location = index / 5). Index 0 is the well-known, always-eligible MLD therapist;
    // the index of each location's first therapist (multiples of 5) always holds MLD, so every location can
    // treat post-surgical swelling.
    internal const int SuspendedTherapist = 13;
    internal static readonly int[] ExpiringTherapists = [9, 22, 38, 51];
    internal static readonly int[] ExpiringInDays = [5, 12, 19, 27];
    internal static readonly int[] UnverifiedTherapists = [4, 29, 46];
    internal const int DiscrepancyTherapist = 34;

    private readonly DemoChain _chain = new(today);
    private DateOnly Today => today;

    public DemoChain Build()
    {
        _chain.Locations = BuildLocations();
        _chain.Therapists = BuildTherapists();
        _chain.Shifts = BuildShifts();
        _chain.Physicians = BuildPhysicians();
        _chain.Clients = BuildClients();
        BuildCare();
        return _chain;
    }

    private static Faker FakerWithSeed(int seed) => new("en") { Random = new Randomizer(seed) };

    /// <summary>A local date and time of a zone as an instant (UTC).</summary>
    internal static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>An instant on a past day (before today), at a business hour UTC.</summary>
    private DateTimeOffset DaysAgo(int days, Randomizer random) =>
        new DateTimeOffset(Today.AddDays(-days).ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero).AddMinutes(random.Number(0, 8 * 60));

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    // ----- Locations -----

    private sealed record LocationSeed(string Name, string Jurisdiction, string Zone, DemoAddress Address, bool OpenSunday, bool LateFriday);

    private static readonly LocationSeed[] LocationSeeds =
    [
        new("Midtown Manhattan", "US-NY", "America/New_York", new("250 W 57th St", "Suite 1101", "New York", "10107"), false, true),
        new("Upper West Side", "US-NY", "America/New_York", new("2112 Broadway", "Floor 3", "New York", "10023"), false, true),
        new("Brooklyn Heights", "US-NY", "America/New_York", new("145 Montague St", null, "Brooklyn", "11201"), true, false),
        new("Astoria", "US-NY", "America/New_York", new("31-10 Steinway St", "Floor 2", "Astoria", "11103"), false, false),
        new("White Plains", "US-NY", "America/New_York", new("180 Mamaroneck Ave", "Suite 204", "White Plains", "10601"), false, false),
        new("Hoboken", "US-NJ", "America/New_York", new("89 Washington St", null, "Hoboken", "07030"), true, true),
        new("Jersey City", "US-NJ", "America/New_York", new("30 Montgomery St", "Suite 610", "Jersey City", "07302"), false, true),
        new("Montclair", "US-NJ", "America/New_York", new("520 Bloomfield Ave", null, "Montclair", "07042"), false, false),
        new("San Francisco SoMa", "US-CA", "America/Los_Angeles", new("600 Townsend St", "Suite 120", "San Francisco", "94103"), false, true),
        new("Oakland Rockridge", "US-CA", "America/Los_Angeles", new("5800 College Ave", null, "Oakland", "94618"), true, false),
        new("Santa Monica", "US-CA", "America/Los_Angeles", new("1333 Ocean Ave", "Suite 3", "Santa Monica", "90401"), true, true),
        new("Pasadena", "US-CA", "America/Los_Angeles", new("80 S Lake Ave", "Suite 500", "Pasadena", "91101"), false, false),
    ];

    private static readonly string[] RoomNames = ["Cedar", "Maple", "Birch", "Willow", "Aspen"];

    private IReadOnlyList<DemoLocation> BuildLocations()
    {
        var locations = new List<DemoLocation>(LocationSeeds.Length);
        for (var i = 0; i < LocationSeeds.Length; i++)
        {
            var seed = LocationSeeds[i];
            var id = DemoIds.For("location", i);
            var hours = new List<DemoOpeningHours>();
            foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
            {
                var closes = day == DayOfWeek.Friday && !seed.LateFriday ? new TimeOnly(18, 0) : new TimeOnly(20, 0);
                hours.Add(new DemoOpeningHours(day, new TimeOnly(8, 0), closes));
            }

            hours.Add(new DemoOpeningHours(DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(17, 0)));
            if (seed.OpenSunday) hours.Add(new DemoOpeningHours(DayOfWeek.Sunday, new TimeOnly(10, 0), new TimeOnly(16, 0)));

            var rooms = RoomNames.Take(3 + i % 3).Select((name, r) => new DemoRoom(DemoIds.For($"location/{i}/room", r), id, name)).ToList();
            locations.Add(new DemoLocation(id, seed.Name, seed.Jurisdiction, seed.Zone, seed.Address, hours, rooms,
                new DateTimeOffset(Today.AddDays(-730 + i * 30).ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero)));
        }

        return locations;
    }
}
