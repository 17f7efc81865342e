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

    public static List<Slot> Find(
        IReadOnlyList<LocationSchedule> locations, IReadOnlyList<WorkShift> shifts, IReadOnlyList<BusyPeriod> busy,
        TimeSpan duration, DateTimeOffset notBefore)
    {
        var byLocation = locations.ToDictionary(l => l.Id);
        var practitionerBusy = Index(busy, b => b.PractitionerId);
        var roomBusy = Index(busy, b => b.RoomId);
        var slots = new List<Slot>();

        foreach (var shift in shifts)
        {
            if (!byLocation.TryGetValue(shift.LocationId, out var location)) continue;
            if (shift.Period.Intersect(location.Window) is not { } working) continue;
            practitionerBusy.TryGetValue(shift.PractitionerId, out var appointments);

            var first = ZonedTime.LocalDate(working.Start, location.Zone);
            var last = ZonedTime.LocalDate(working.End - TimeSpan.FromTicks(1), location.Zone);
            for (var date = first; date <= last; date = date.AddDays(1))
            {
                foreach (var open in OpeningHours.On(location.OpeningHours, date, location.Zone))
                {
                    if (working.Intersect(open) is not { } window) continue;
                    foreach (var free in Subtract(window, appointments))
                    {
                        AddSlots(slots, shift.PractitionerId, location, free, duration, notBefore, roomBusy);
                    }
                }
            }
        }

        return slots;
    }

    private static void AddSlots(List<Slot> slots, Guid practitionerId, LocationSchedule location, Interval free,
        TimeSpan duration, DateTimeOffset notBefore, Dictionary<Guid, List<Interval>> roomBusy)
    {
        var from = free.Start > notBefore ? free.Start : notBefore;
        for (var start = OnGrid(from, location.Zone); start + duration <= free.End; start += Grid)
        {
            var slot = new Interval(start, start + duration);
            foreach (var room in location.Rooms)
            {
                if (roomBusy.TryGetValue(room, out var taken) && OverlapsAny(taken, slot)) continue;
                slots.Add(new Slot(practitionerId, location.Id, room, slot.Start, slot.End));
                break;
            }
        }
    }

    /// <summary>The first grid point (a local quarter hour) at or after the instant.</summary>
    public static DateTimeOffset OnGrid(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var past = ZonedTime.ToLocal(instant, zone).DateTime.Ticks % Grid.Ticks;
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
