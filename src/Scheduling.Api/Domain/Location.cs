namespace Scheduling.Api.Domain;

/// <summary>A clinic: where clients are treated, in one time zone and one licensing jurisdiction.</summary>
public sealed class Location
{
    private Location()
    {
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = string.Empty;
    /// <summary>IANA id (<c>America/New_York</c>); every local time at the location is in this zone.</summary>
    public string TimeZone { get; private set; } = string.Empty;
    /// <summary>ISO 3166-2 (<c>US-NY</c>); practitioners need a licence here (Credentials judges it).</summary>
    public string Jurisdiction { get; private set; } = string.Empty;
    public Address Address { get; private set; } = null!;
    public List<OpeningInterval> OpeningHours { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public TimeZoneInfo Zone => ZonedTime.Find(TimeZone);

    public static Location Create(string name, TimeZoneInfo zone, string jurisdiction, Address address, IEnumerable<OpeningInterval> openingHours, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = name.Trim(),
        TimeZone = zone.Id,
        Jurisdiction = jurisdiction,
        Address = address,
        OpeningHours = Domain.OpeningHours.Sorted(openingHours).ToList(),
        CreatedAt = now.ToUniversalTime(),
    };
}

public sealed record Address(string Line1, string? Line2, string City, string PostalCode);

/// <summary>One opening interval on a weekday, in local time: opens &lt; closes, within the day.</summary>
public sealed record OpeningInterval(DayOfWeek DayOfWeek, TimeOnly Opens, TimeOnly Closes);

public static class OpeningHours
{
    public static IEnumerable<OpeningInterval> Sorted(IEnumerable<OpeningInterval> intervals) =>
        intervals.OrderBy(i => i.DayOfWeek).ThenBy(i => i.Opens);

    /// <summary>Pairs of intervals of the same day that overlap, described for the person who sent them.</summary>
    public static IReadOnlyList<string> Overlaps(IEnumerable<OpeningInterval> intervals) =>
        intervals.GroupBy(i => i.DayOfWeek)
            .SelectMany(day =>
            {
                var sorted = day.OrderBy(i => i.Opens).ToList();
                return sorted.Zip(sorted.Skip(1))
                    .Where(pair => pair.Second.Opens < pair.First.Closes)
                    .Select(pair => $"{day.Key.ToString().ToLowerInvariant()} {Describe(pair.First)} overlaps {Describe(pair.Second)}");
            })
            .ToList();

    /// <summary>The location's open periods on a local date, as instants (daylight-saving days included).</summary>
    public static IEnumerable<Interval> On(IEnumerable<OpeningInterval> intervals, DateOnly date, TimeZoneInfo zone) =>
        intervals.Where(i => i.DayOfWeek == date.DayOfWeek)
            .Select(i => new Interval(ZonedTime.ToInstant(date, i.Opens, zone), ZonedTime.ToInstant(date, i.Closes, zone)))
            .Where(i => i.Start < i.End);

    public static string Describe(OpeningInterval interval) => $"{interval.Opens:HH\\:mm}-{interval.Closes:HH\\:mm}";

    public static string DescribeDay(IEnumerable<OpeningInterval> intervals, DayOfWeek day)
    {
        var open = intervals.Where(i => i.DayOfWeek == day).OrderBy(i => i.Opens).Select(Describe).ToList();
        return open.Count == 0 ? "closed" : string.Join(", ", open);
    }
}
