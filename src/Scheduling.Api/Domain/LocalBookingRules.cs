namespace Scheduling.Api.Domain;

/// <summary>A rule that refuses a booking: the machine-readable code (API.md) and what a person can act on.</summary>
public sealed record BookingRefusal(string Code, string Reason);

/// <summary>
/// The rules Scheduling can judge alone: an appointment lies inside one of the location's opening
/// intervals on its local day, and inside one shift of the practitioner at that location. (The rules
/// that need other services, eligibility, client profile and visit holds, are the booking gates.)
/// Every failing rule is reported, not only the first.
/// </summary>
public static class LocalBookingRules
{
    public const string OutsideOpeningHours = "outside_opening_hours";
    public const string OutsideShift = "outside_shift";

    /// <param name="appointment">The appointment's instants.</param>
    /// <param name="shifts">The practitioner's shifts at this location around the appointment (at least its local day).</param>
    public static IReadOnlyList<BookingRefusal> Check(
        Interval appointment, TimeZoneInfo zone, IReadOnlyList<OpeningInterval> openingHours, IReadOnlyList<Interval> shifts)
    {
        var refusals = new List<BookingRefusal>(2);
        var date = ZonedTime.LocalDate(appointment.Start, zone);
        var when = ZonedTime.Describe(appointment, zone);

        if (!OpeningHours.On(openingHours, date, zone).Any(open => open.Contains(appointment)))
        {
            refusals.Add(new BookingRefusal(OutsideOpeningHours,
                $"{when} is not within the location's opening hours on {date.DayOfWeek} ({OpeningHours.DescribeDay(openingHours, date.DayOfWeek)})."));
        }

        if (!shifts.Any(shift => shift.Contains(appointment)))
        {
            var day = ZonedTime.Day(date, zone);
            var thatDay = shifts.Where(s => s.Overlaps(day)).OrderBy(s => s.Start)
                .Select(s => $"{ZonedTime.ToLocal(s.Start, zone):HH\\:mm}-{ZonedTime.ToLocal(s.End, zone):HH\\:mm}")
                .ToList();
            refusals.Add(new BookingRefusal(OutsideShift,
                $"{when} is not within one shift of the practitioner at this location (shifts that day: {(thatDay.Count == 0 ? "none" : string.Join(", ", thatDay))})."));
        }

        return refusals;
    }
}
