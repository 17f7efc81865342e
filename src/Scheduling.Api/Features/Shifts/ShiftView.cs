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
    public static ShiftView From(Shift shift, TimeZoneInfo zone) =>
        From(shift.Id, shift.PractitionerId, shift.LocationId, shift.Period, shift.PatternId, zone);

    public static ShiftView From(Guid id, Guid practitionerId, Guid locationId, Interval period, Guid? patternId, TimeZoneInfo zone)
    {
        var start = ZonedTime.ToLocal(period.Start, zone);
        var end = ZonedTime.ToLocal(period.End, zone);
        return new ShiftView(id, practitionerId, locationId, start, end,
            DateOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(end.DateTime),
            zone.Id, patternId);
    }
}

public sealed record WeeklyShiftsCreated(Guid PatternId, int Count, IReadOnlyList<ShiftView> Shifts);
