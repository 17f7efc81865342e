using Scheduling.Api.Domain;

namespace Scheduling.Tests.Domain;

public sealed class SlotFinderTests
{
    private static readonly TimeZoneInfo LosAngeles = ZonedTime.Find("America/Los_Angeles");
    private static readonly Guid Location = Guid.NewGuid();
    private static readonly Guid Practitioner = Guid.NewGuid();
    private static readonly Guid RoomA = Guid.NewGuid();
    private static readonly Guid RoomB = Guid.NewGuid();
    private static readonly DateOnly Monday = new(2026, 3, 9);
    private static readonly Interval Any = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    private static DateTimeOffset At(DateOnly date, int hour, int minute = 0) => ZonedTime.ToInstant(date, new TimeOnly(hour, minute), LosAngeles);

    private static LocationSchedule Schedule(DateOnly date, params Guid[] rooms) => new(Location, LosAngeles,
        Enum.GetValues<DayOfWeek>().Select(d => new OpeningInterval(d, new TimeOnly(8, 0), new TimeOnly(20, 0))).ToList(),
        rooms, new Interval(ZonedTime.Day(date, LosAngeles).Start, ZonedTime.Day(date, LosAngeles).End));

    private static WorkShift Shift(DateOnly date, int from, int to) => new(Practitioner, Location, new Interval(At(date, from), At(date, to)));

    [Fact]
    public void Slots_start_every_quarter_hour_and_end_inside_the_shift()
    {
        var slots = SlotFinder.Find([Schedule(Monday, RoomA)], [Shift(Monday, 9, 11)], [], TimeSpan.FromHours(1), Any);

        Assert.Equal(["09:00", "09:15", "09:30", "09:45", "10:00"], slots.Select(s => ZonedTime.ToLocal(s.Start, LosAngeles).ToString("HH:mm")));
        Assert.All(slots, s => Assert.Equal(RoomA, s.RoomId));
    }

    [Fact]
    public void The_practitioners_appointments_are_not_free_and_the_grid_resumes_after_them()
    {
        BusyPeriod[] busy = [new(Practitioner, RoomB, new Interval(At(Monday, 9, 10), At(Monday, 9, 40)))];
        var slots = SlotFinder.Find([Schedule(Monday, RoomA)], [Shift(Monday, 9, 11)], busy, TimeSpan.FromMinutes(30), Any);

        Assert.Equal(["09:45", "10:00", "10:15", "10:30"], slots.Select(s => ZonedTime.ToLocal(s.Start, LosAngeles).ToString("HH:mm")));
    }

    [Fact]
    public void A_busy_room_gives_way_to_the_next_and_no_free_room_means_no_slot()
    {
        var someoneElse = Guid.NewGuid();
        BusyPeriod[] busy =
        [
            new(someoneElse, RoomA, new Interval(At(Monday, 9), At(Monday, 10))),
            new(Guid.NewGuid(), RoomB, new Interval(At(Monday, 9), At(Monday, 9, 30))),
        ];
        var slots = SlotFinder.Find([Schedule(Monday, RoomA, RoomB)], [Shift(Monday, 9, 10)], busy, TimeSpan.FromMinutes(30), Any);

        // 09:00 and 09:15 overlap both rooms' bookings; from 09:30 room B is free.
        Assert.Equal([("09:30", RoomB)], slots.Select(s => (ZonedTime.ToLocal(s.Start, LosAngeles).ToString("HH:mm"), s.RoomId)));
    }

    [Fact]
    public void Only_slots_starting_in_the_given_range()
    {
        var slots = SlotFinder.Find([Schedule(Monday, RoomA)], [Shift(Monday, 9, 12)], [], TimeSpan.FromHours(1), new Interval(At(Monday, 9, 50), At(Monday, 10, 30)));

        Assert.Equal(["10:00", "10:15"], slots.Select(s => ZonedTime.ToLocal(s.Start, LosAngeles).ToString("HH:mm")));
    }

    [Fact]
    public void On_both_change_days_slots_stay_on_local_quarter_hours()
    {
        foreach (var date in new[] { new DateOnly(2026, 3, 8), new DateOnly(2026, 11, 1) })
        {
            var slots = SlotFinder.Find([Schedule(date, RoomA)], [Shift(date, 0, 12)], [], TimeSpan.FromHours(1), Any);

            Assert.Equal("08:00", ZonedTime.ToLocal(slots[0].Start, LosAngeles).ToString("HH:mm")); // opening hours start at 08:00
            Assert.Equal("11:00", ZonedTime.ToLocal(slots[^1].Start, LosAngeles).ToString("HH:mm"));
            Assert.Equal(13, slots.Count);
        }
    }

    [Fact]
    public void The_grid_is_local_even_when_a_shift_starts_off_grid() =>
        Assert.Equal(At(Monday, 9, 15), SlotFinder.OnGrid(At(Monday, 9, 1), LosAngeles));
}
