using Scheduling.Api.Domain;

namespace Scheduling.Tests.Domain;

public sealed class ZonedTimeTests
{
    private static readonly TimeZoneInfo NewYork = ZonedTime.FindIana("America/New_York")!;
    private static readonly TimeZoneInfo LosAngeles = ZonedTime.FindIana("America/Los_Angeles")!;

    [Theory]
    [InlineData("America/New_York", "2026-03-06", "2026-03-06T14:00:00Z")] // Friday before spring forward: EST, -05:00
    [InlineData("America/New_York", "2026-03-09", "2026-03-09T13:00:00Z")] // Monday after: EDT, -04:00
    [InlineData("America/Los_Angeles", "2026-03-06", "2026-03-06T17:00:00Z")] // PST, -08:00
    [InlineData("America/Los_Angeles", "2026-03-09", "2026-03-09T16:00:00Z")] // PDT, -07:00
    [InlineData("America/New_York", "2026-10-30", "2026-10-30T13:00:00Z")] // before falling back: EDT
    [InlineData("America/New_York", "2026-11-02", "2026-11-02T14:00:00Z")] // after: EST
    public void Nine_oclock_is_nine_oclock_on_both_sides_of_a_change(string zone, string date, string utc)
    {
        var instant = ZonedTime.ToInstant(DateOnly.Parse(date), new TimeOnly(9, 0), ZonedTime.Find(zone));

        Assert.Equal(DateTimeOffset.Parse(utc), instant);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(ZonedTime.ToLocal(instant, ZonedTime.Find(zone)).DateTime));
    }

    [Fact]
    public void A_skipped_local_time_moves_forward_by_the_gap()
    {
        // 2026-03-08 02:30 does not exist in New York: clocks go from 01:59:59 EST to 03:00 EDT.
        var instant = ZonedTime.ToInstant(new DateOnly(2026, 3, 8), new TimeOnly(2, 30), NewYork);

        Assert.Equal(DateTimeOffset.Parse("2026-03-08T07:30:00Z"), instant);
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T03:30:00-04:00"), ZonedTime.ToLocal(instant, NewYork));
    }

    [Fact]
    public void A_repeated_local_time_means_its_first_occurrence()
    {
        // 2026-11-01 01:30 happens twice in Los Angeles: first PDT (-07:00), then PST (-08:00).
        var instant = ZonedTime.ToInstant(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), LosAngeles);

        Assert.Equal(DateTimeOffset.Parse("2026-11-01T08:30:00Z"), instant);
    }

    [Fact]
    public void Local_days_last_23_and_25_hours_on_change_days()
    {
        Assert.Equal(TimeSpan.FromHours(23), ZonedTime.Day(new DateOnly(2026, 3, 8), NewYork).Length);
        Assert.Equal(TimeSpan.FromHours(25), ZonedTime.Day(new DateOnly(2026, 11, 1), LosAngeles).Length);
        Assert.Equal(TimeSpan.FromHours(24), ZonedTime.Day(new DateOnly(2026, 3, 9), NewYork).Length);
    }

    [Theory]
    [InlineData("America/New_York", true)]
    [InlineData("America/Los_Angeles", true)]
    [InlineData("America/St_Johns", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("Pacific Standard Time", false)] // a Windows id, not IANA
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_IANA_zones_are_accepted(string? id, bool known) =>
        Assert.Equal(known, ZonedTime.FindIana(id) is not null);
}

public sealed class IntervalTests
{
    private static Interval At(int fromHour, int toHour) =>
        new(new DateTimeOffset(2026, 3, 9, fromHour, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, toHour, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Intervals_are_half_open_so_back_to_back_does_not_overlap()
    {
        Assert.False(At(9, 10).Overlaps(At(10, 11)));
        Assert.True(At(9, 11).Overlaps(At(10, 12)));
        Assert.True(At(9, 17).Contains(At(9, 17)));
        Assert.False(At(9, 17).Contains(At(16, 18)));
        Assert.Null(At(9, 10).Intersect(At(10, 11)));
        Assert.Equal(At(10, 11), At(9, 11).Intersect(At(10, 12)));
    }
}
