using FluentValidation;
using Mediator;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Appointments;

/// <summary>
/// Books a series at the same local time of day: on each of <c>daysOfWeek</c> from the date of
/// <c>start</c> (at the location), <c>count</c> appointments or every one up to <c>until</c>. The time
/// stays the same on the wall clock across daylight-saving changes. All are booked, or none.
/// </summary>
public sealed record BookSeries(
    Guid? ClientId,
    Guid? PractitionerId,
    Guid? LocationId,
    Guid? RoomId,
    DateTimeOffset? Start,
    int? DurationMinutes,
    ServiceCode? Service,
    Guid? ReferralId,
    Technique? Technique,
    int? Count,
    DateOnly? Until,
    IReadOnlyList<DayOfWeek>? DaysOfWeek) : ICommand<SeriesBooked>, IBookingRequest;

public sealed record SeriesBooked(Guid SeriesId, int Count, IReadOnlyList<AppointmentView> Appointments);

internal sealed class BookSeriesValidator : AbstractValidator<BookSeries>
{
    public const int MaxAppointments = 100;

    public BookSeriesValidator(TimeProvider clock)
    {
        this.AddBookingRequestRules(clock);
        RuleFor(x => x.Count).InclusiveBetween(1, MaxAppointments);
        RuleFor(x => x.Count).Null().When(x => x.Until is not null).WithMessage("Give count or until, not both.");
        RuleFor(x => x.Until).NotNull().When(x => x.Count is null).WithMessage("Give count or until.");
        RuleFor(x => x.Until)
            .InBookingWindow(clock)
            .Must((x, until) => until is null || until >= DateOnly.FromDateTime(x.Start!.Value.DateTime)).When(x => x.Start is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("Must be on or after the date of start.");
        RuleFor(x => x.DaysOfWeek).NotEmpty().WithMessage("Give at least one weekday.")
            .Must(days => days!.Distinct().Count() == days!.Count).WithMessage("Give each weekday once.");
    }
}

internal sealed class BookSeriesHandler(AppointmentBooker booker, TimeProvider clock) : ICommandHandler<BookSeries, SeriesBooked>
{
    public async ValueTask<SeriesBooked> Handle(BookSeries command, CancellationToken cancellationToken)
    {
        var location = await booker.LocationAsync(command.LocationId!.Value, command.RoomId, cancellationToken);
        var zone = location.Zone;
        var first = ZonedTime.ToLocal(command.Start!.Value, zone).DateTime;
        var timeOfDay = TimeOnly.FromDateTime(first);
        var dates = Recurrence.Series(DateOnly.FromDateTime(first), command.DaysOfWeek!.ToHashSet(), command.Count, command.Until);
        if (dates.Count == 0)
        {
            throw new InvalidInputException("daysOfWeek", "None of these weekdays falls between the date of start and until.");
        }

        if (dates.Count > BookSeriesValidator.MaxAppointments)
        {
            throw new InvalidInputException("until", $"A series has at most {BookSeriesValidator.MaxAppointments} appointments; this one would have {dates.Count}.");
        }

        var now = clock.GetUtcNow();
        var length = TimeSpan.FromMinutes(command.DurationMinutes!.Value);
        var visits = dates.Select(date =>
        {
            var start = ZonedTime.ToInstant(date, timeOfDay, zone);
            return new PlannedVisit(Guid.CreateVersion7(), new Interval(start, start + length), date);
        }).ToList();
        if (visits.FirstOrDefault(v => !BookingWindow.Contains(v.Period.Start, now)) is { } late)
        {
            throw new InvalidInputException("count", $"The series would run to {late.LocalDate:yyyy-MM-dd}; {BookingWindow.Explanation}");
        }

        var seriesId = Guid.CreateVersion7();
        var booked = await booker.BookAsync(BookAppointmentHandler.Plan(command, location, seriesId, visits), cancellationToken);
        return new SeriesBooked(seriesId, booked.Count, booked);
    }
}
