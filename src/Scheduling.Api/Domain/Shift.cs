namespace Scheduling.Api.Domain;

/// <summary>
/// A practitioner working at a location from one instant to another. Entered in the location's local
/// time and converted by <see cref="ZonedTime"/>; one practitioner's shifts never overlap, at any
/// location (a PostgreSQL exclusion constraint refuses it).
/// </summary>
public sealed class Shift
{
    private Shift()
    {
    }

    public Guid Id { get; private set; }
    public Guid PractitionerId { get; private set; }
    public Guid LocationId { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    /// <summary>Set when the shift was created by a weekly pattern (all of a pattern's shifts share it).</summary>
    public Guid? PatternId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public Interval Period => new(StartsAt, EndsAt);

    /// <summary>The longest shift the database accepts; queries rely on it.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public static Shift Create(Guid practitionerId, Guid locationId, Interval period, Guid? patternId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        PractitionerId = practitionerId,
        LocationId = locationId,
        StartsAt = period.Start.ToUniversalTime(),
        EndsAt = period.End.ToUniversalTime(),
        PatternId = patternId,
        CreatedAt = now.ToUniversalTime(),
    };

    /// <summary>A shift from local start to local end on a date (end after start, same day).</summary>
    public static Interval LocalPeriod(DateOnly date, TimeOnly start, TimeOnly end, TimeZoneInfo zone) =>
        new(ZonedTime.ToInstant(date, start, zone), ZonedTime.ToInstant(date, end, zone));
}
