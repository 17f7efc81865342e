namespace Scheduling.Api.Domain;

/// <summary>What the search needs to know about one location.</summary>
/// <param name="Rooms">The location's rooms in the order they are offered (by name).</param>
/// <param name="Window">The searched local days at this location, as instants.</param>
public sealed record LocationSchedule(Guid Id, TimeZoneInfo Zone, IReadOnlyList<OpeningInterval> OpeningHours, IReadOnlyList<Guid> Rooms, Interval Window);

public readonly record struct WorkShift(Guid PractitionerId, Guid LocationId, Interval Period);

/// <summary>A booked (not cancelled) appointment: it makes its practitioner and its room busy.</summary>
public readonly record struct BusyPeriod(Guid PractitionerId, Guid RoomId, Interval Period);

/// <summary>A free slot: the practitioner can be booked at the location in the room for [Start, End).</summary>
public readonly record struct Slot(Guid PractitionerId, Guid LocationId, Guid RoomId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Open slots, by an in-memory sweep over a small set fetched in one round trip (the shifts in range,
/// the appointments in range, the locations' opening hours and rooms).
/// <para>
/// A slot of the asked length starts on the grid (every 15 minutes of wall-clock time at the location:
/// :00, :15, :30, :45), lies inside one shift of the practitioner (as a booking must) and inside one
/// opening interval of its local day, does not overlap any of the practitioner's appointments (at any
/// location), and has a room of the location free for its whole length (the first free room by name
/// is offered). Grid steps are taken in real time, so a search across a daylight-saving change stays
/// on the local quarter hours (every offset in the supported jurisdictions is a multiple of 15 minutes).
/// </para>
/// </summary>
public static class SlotFinder
{
    public static readonly TimeSpan Grid = TimeSpan.FromMinutes(15);

    /// <param name="starts">Slots start in this range (from now, or a cursor, to the end of a chunk of the search).</param>
    public static List<Slot> Find(
        IReadOnlyList<LocationSchedule> locations, IReadOnlyList<WorkShift> shifts, IReadOnlyList<BusyPeriod> busy,
        TimeSpan duration, Interval starts)
    {
        // Local days are converted once per location and date, not once per shift: zone conversions are the costly part.
        var practitionerBusy = Index(busy, b => b.PractitionerId);
        var roomBusy = Index(busy, b => b.RoomId);
        var plans = locations.ToDictionary(l => l.Id, l => (Location: l, Days: Days(l), Rooms: l.Rooms.Select(r => roomBusy.GetValueOrDefault(r)).ToArray()));
        var slots = new List<Slot>();

        foreach (var shift in shifts)
        {
            if (!plans.TryGetValue(shift.LocationId, out var plan)) continue;
            if (shift.Period.Intersect(plan.Location.Window) is not { } working) continue;
            practitionerBusy.TryGetValue(shift.PractitionerId, out var appointments);
            foreach (var day in plan.Days)
            {
                if (!day.Day.Overlaps(working)) continue;
                foreach (var open in day.Open)
                {
                    if (working.Intersect(open) is not { } window) continue;
                    foreach (var free in Subtract(window, appointments))
                    {
                        AddSlots(slots, shift.PractitionerId, plan.Location, plan.Rooms, day.Offset, free, duration, starts);
                    }
                }
            }
        }

        return slots;
    }

    /// <summary>One searched local day at a location: its instants, its open periods, and its UTC offset unless the clocks change that day.</summary>
    private sealed record DayPlan(Interval Day, Interval[] Open, TimeSpan? Offset);

    private static List<DayPlan> Days(LocationSchedule location)
    {
        var zone = location.Zone;
        var days = new List<DayPlan>();
        var last = ZonedTime.LocalDate(location.Window.End - TimeSpan.FromTicks(1), zone);
        for (var date = ZonedTime.LocalDate(location.Window.Start, zone); date <= last; date = date.AddDays(1))
        {
            var day = ZonedTime.Day(date, zone);
            var offset = zone.GetUtcOffset(day.Start);
            var steady = zone.GetUtcOffset(day.End - TimeSpan.FromTicks(1)) == offset;
            days.Add(new DayPlan(day, OpeningHours.On(location.OpeningHours, date, zone).ToArray(), steady ? offset : null));
        }

        return days;
    }

    /// <param name="roomBusy">The appointments of each of the location's rooms, in the order of <c>location.Rooms</c>.</param>
    private static void AddSlots(List<Slot> slots, Guid practitionerId, LocationSchedule location, List<Interval>?[] roomBusy, TimeSpan? offset,
        Interval free, TimeSpan duration, Interval starts)
    {
        var from = free.Start > starts.Start ? free.Start : starts.Start;
        var first = offset is { } steady ? OnGrid(from, steady) : OnGrid(from, location.Zone);
        for (var start = first; start + duration <= free.End && start < starts.End; start += Grid)
        {
            var slot = new Interval(start, start + duration);
            for (var room = 0; room < roomBusy.Length; room++)
            {
                if (roomBusy[room] is { } taken && OverlapsAny(taken, slot)) continue;
                slots.Add(new Slot(practitionerId, location.Id, location.Rooms[room], slot.Start, slot.End));
                break;
            }
        }
    }

    /// <summary>The first grid point (a local quarter hour) at or after the instant.</summary>
    public static DateTimeOffset OnGrid(DateTimeOffset instant, TimeZoneInfo zone) => OnGrid(instant, zone.GetUtcOffset(instant));

    private static DateTimeOffset OnGrid(DateTimeOffset instant, TimeSpan offset)
    {
        var past = (instant.UtcTicks + offset.Ticks) % Grid.Ticks;
        return past == 0 ? instant : instant + TimeSpan.FromTicks(Grid.Ticks - past);
    }

    private static Dictionary<Guid, List<Interval>> Index(IReadOnlyList<BusyPeriod> busy, Func<BusyPeriod, Guid> key)
    {
        var index = new Dictionary<Guid, List<Interval>>();
        foreach (var period in busy)
        {
            var id = key(period);
            if (!index.TryGetValue(id, out var list)) index[id] = list = [];
            list.Add(period.Period);
        }

        foreach (var list in index.Values) list.Sort((a, b) => a.Start.CompareTo(b.Start));
        return index;
    }

    /// <summary>The parts of the window not covered by the (sorted) busy periods.</summary>
    private static IEnumerable<Interval> Subtract(Interval window, List<Interval>? busy)
    {
        var cursor = window.Start;
        if (busy is not null)
        {
            for (var i = FirstEndingAfter(busy, window.Start); i < busy.Count && busy[i].Start < window.End; i++)
            {
                if (busy[i].Start > cursor) yield return new Interval(cursor, busy[i].Start);
                if (busy[i].End > cursor) cursor = busy[i].End;
            }
        }

        if (cursor < window.End) yield return new Interval(cursor, window.End);
    }

    private static bool OverlapsAny(List<Interval> sorted, Interval period)
    {
        // Periods of one room never overlap each other (the database refuses it), so their ends are sorted too.
        var i = FirstEndingAfter(sorted, period.Start);
        return i < sorted.Count && sorted[i].Start < period.End;
    }

    /// <summary>Index of the first period ending after the instant (binary search; ends are sorted because periods do not overlap).</summary>
    private static int FirstEndingAfter(List<Interval> sorted, DateTimeOffset instant)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].End > instant) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }
}
