namespace Scheduling.Api.Domain;

/// <summary>
/// How far back and ahead anything can be scheduled. A little in the past is allowed (recording a
/// walk-in that started a moment ago, a shift entered on the day); more than that, or more than a year
/// ahead, is almost always a typo in the year.
/// </summary>
public static class BookingWindow
{
    public static readonly TimeSpan Past = TimeSpan.FromDays(1);
    public const int DaysAhead = 365;

    public static bool Contains(DateTimeOffset instant, DateTimeOffset now) =>
        instant >= now - Past && instant <= now.AddDays(DaysAhead);

    /// <summary>For local dates (whose zone the caller may not know yet): yesterday to a year ahead, in UTC days.</summary>
    public static bool Contains(DateOnly date, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return date >= today.AddDays(-1) && date <= today.AddDays(DaysAhead);
    }

    public const string Explanation = "Must be between yesterday and one year ahead.";
}
