using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Shifts;

/// <summary>A shift as instants with the location's offset, and as the location's clock shows it.</summary>
public sealed record ShiftView(
    Guid Id,
    Guid PractitionerId,
    Guid LocationId,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateOnly LocalDate,
    TimeOnly LocalStart,
    TimeOnly LocalEnd,
    string TimeZone,
    Guid? PatternId)
{
    public static ShiftView From(Shift shift, TimeZoneInfo zone)
    {
        var start = ZonedTime.ToLocal(shift.StartsAt, zone);
        var end = ZonedTime.ToLocal(shift.EndsAt, zone);
        return new ShiftView(shift.Id, shift.PractitionerId, shift.LocationId, start, end,
            DateOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(end.DateTime),
            zone.Id, shift.PatternId);
    }
}

public sealed record WeeklyShiftsCreated(Guid PatternId, int Count, IReadOnlyList<ShiftView> Shifts);
