namespace Scheduling.Api.Domain;

/// <summary>
/// Local wall-clock time at a location and instants, both ways. Everything is stored as instants;
/// local dates and times (shifts, opening hours, the availability grid) are converted here and only
/// here, so daylight-saving changes are handled the same way everywhere:
/// <list type="bullet">
/// <item>A local time that does not exist (the hour skipped when clocks spring forward, 02:00-02:59 in
/// the US) is moved forward by the length of the gap: 02:30 becomes 03:30 daylight time. A shift
/// "02:00-10:00" on that day therefore runs 03:00-10:00 (7 hours); one that ends up with no time left
/// ("02:30-03:15" becomes 03:30-03:15) is refused.</item>
/// <item>A local time that happens twice (the hour repeated when clocks fall back, 01:00-01:59 in the
/// US) means its first occurrence (still daylight time). A shift "00:00-06:00" on that day lasts 7 hours.</item>
/// </list>
/// Every other local time is unambiguous, so a 09:00-17:00 shift is 09:00-17:00 on both sides of a change.
/// </summary>
public static class ZonedTime
{
    /// <summary>The zone for an IANA id such as <c>America/New_York</c>; null for unknown ids and for Windows ids.</summary>
    public static TimeZoneInfo? FindIana(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId ? zone : null;
    }

    /// <summary>The zone of a stored location (its id was validated when the location was created).</summary>
    public static TimeZoneInfo Find(string ianaId) => TimeZoneInfo.FindSystemTimeZoneById(ianaId);

    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsAmbiguousTime(local))
        {
            // The first occurrence is the one with the larger offset (daylight time before falling back).
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else if (zone.IsInvalidTime(local))
        {
            // Read with the offset in force before the gap, which lands after it: 02:30 EST = 03:30 EDT.
            var before = zone.GetUtcOffset(local.AddHours(-12));
            var after = zone.GetUtcOffset(local.AddHours(12));
            offset = before < after ? before : after;
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The instant as the location's clock shows it (the offset is the location's at that instant).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(instant, zone).DateTime);

    /// <summary>The local day as the instants it spans: [00:00 of date, 00:00 of the next date).</summary>
    public static Interval Day(DateOnly date, TimeZoneInfo zone) =>
        new(ToInstant(date, TimeOnly.MinValue, zone), ToInstant(date.AddDays(1), TimeOnly.MinValue, zone));

    /// <summary>For messages: <c>2026-03-09 09:00-10:00 (America/New_York)</c>.</summary>
    public static string Describe(Interval period, TimeZoneInfo zone)
    {
        var start = ToLocal(period.Start, zone);
        var end = ToLocal(period.End, zone);
        return $"{start:yyyy-MM-dd HH:mm}-{end:HH:mm} ({zone.Id})";
    }
}

/// <summary>A half-open span of time [Start, End), as <c>tstzrange(start, end, '[)')</c> in the database.</summary>
public readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    public bool Contains(Interval other) => Start <= other.Start && other.End <= End;

    public bool Overlaps(Interval other) => Start < other.End && other.Start < End;

    /// <summary>The common part, or null when they do not overlap.</summary>
    public Interval? Intersect(Interval other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return start < end ? new Interval(start, end) : null;
    }
}
