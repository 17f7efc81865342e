using Scheduling.Api.Domain;

namespace Scheduling.Tests.Domain;

public sealed class LocalBookingRulesTests
{
    private static readonly TimeZoneInfo NewYork = ZonedTime.Find("America/New_York");
    private static readonly DateOnly Monday = new(2026, 3, 9);
    private static readonly OpeningInterval[] Hours =
    [
        new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
        new(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(19, 0)),
    ];

    private static Interval Local(int fromHour, int fromMinute, int toHour, int toMinute, DateOnly? date = null) =>
        new(ZonedTime.ToInstant(date ?? Monday, new TimeOnly(fromHour, fromMinute), NewYork), ZonedTime.ToInstant(date ?? Monday, new TimeOnly(toHour, toMinute), NewYork));

    [Fact]
    public void Inside_an_opening_interval_and_a_shift_is_allowed() =>
        Assert.Empty(LocalBookingRules.Check(Local(9, 0, 10, 0), NewYork, Hours, [Local(8, 0, 17, 0)]));

    [Fact]
    public void Across_the_lunch_break_is_outside_the_opening_hours()
    {
        var refusal = Assert.Single(LocalBookingRules.Check(Local(11, 30, 12, 30), NewYork, Hours, [Local(8, 0, 17, 0)]));
        Assert.Equal(LocalBookingRules.OutsideOpeningHours, refusal.Code);
        Assert.Contains("08:00-12:00, 13:00-19:00", refusal.Reason);
    }

    [Fact]
    public void Outside_every_shift_names_the_shifts_of_that_day()
    {
        var refusal = Assert.Single(LocalBookingRules.Check(Local(17, 0, 18, 0), NewYork, Hours, [Local(8, 0, 17, 0)]));
        Assert.Equal(LocalBookingRules.OutsideShift, refusal.Code);
        Assert.Contains("shifts that day: 08:00-17:00", refusal.Reason);
        Assert.Contains("2026-03-09 17:00-18:00 (America/New_York)", refusal.Reason);
    }

    [Fact]
    public void Both_failures_are_reported()
    {
        var refusals = LocalBookingRules.Check(Local(19, 0, 20, 0), NewYork, Hours, []);
        Assert.Equal([LocalBookingRules.OutsideOpeningHours, LocalBookingRules.OutsideShift], refusals.Select(r => r.Code));
        Assert.Contains("shifts that day: none", refusals[1].Reason);
    }

    [Fact]
    public void An_appointment_spanning_two_back_to_back_shifts_lies_inside_neither() =>
        Assert.Equal(LocalBookingRules.OutsideShift,
            Assert.Single(LocalBookingRules.Check(Local(9, 30, 10, 30), NewYork, Hours, [Local(8, 0, 10, 0), Local(10, 0, 12, 0)])).Code);

    [Fact]
    public void On_the_spring_forward_day_local_hours_still_apply()
    {
        var sunday = new DateOnly(2026, 3, 8);
        OpeningInterval[] sundayHours = [new(DayOfWeek.Sunday, new TimeOnly(9, 0), new TimeOnly(17, 0))];
        var shift = Local(9, 0, 17, 0, sunday);

        Assert.Empty(LocalBookingRules.Check(Local(9, 0, 10, 0, sunday), NewYork, sundayHours, [shift]));
        Assert.Equal(LocalBookingRules.OutsideOpeningHours,
            Assert.Single(LocalBookingRules.Check(Local(8, 0, 9, 0, sunday), NewYork, sundayHours, [Local(7, 0, 17, 0, sunday)])).Code);
    }

    [Fact]
    public void Overlapping_opening_intervals_are_described()
    {
        var overlaps = OpeningHours.Overlaps([
            new OpeningInterval(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new OpeningInterval(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(14, 0)),
            new OpeningInterval(DayOfWeek.Tuesday, new TimeOnly(11, 0), new TimeOnly(14, 0)),
        ]);
        Assert.Equal(["monday 09:00-12:00 overlaps 11:00-14:00"], overlaps);
    }
}
