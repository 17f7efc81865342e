using FluentValidation;
using Mediator;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Appointments;

/// <summary>The fields of a booking, shared by a single appointment and a series.</summary>
public interface IBookingRequest
{
    Guid? ClientId { get; }
    Guid? PractitionerId { get; }
    Guid? LocationId { get; }
    Guid? RoomId { get; }
    DateTimeOffset? Start { get; }
    int? DurationMinutes { get; }
    ServiceCode? Service { get; }
    Guid? ReferralId { get; }
    Technique? Technique { get; }
}

/// <summary>
/// Books one appointment. Without a room, a free room of the location is assigned. The start is an
/// instant with its offset (the location's local time is derived from it).
/// </summary>
public sealed record BookAppointment(
    Guid? ClientId,
    Guid? PractitionerId,
    Guid? LocationId,
    Guid? RoomId,
    DateTimeOffset? Start,
    int? DurationMinutes,
    ServiceCode? Service,
    Guid? ReferralId,
    Technique? Technique) : ICommand<AppointmentView>, IBookingRequest;

internal static class BookingRequestRules
{
    /// <summary>The rules every booking request obeys, each failure naming its field.</summary>
    public static void AddBookingRequestRules<T>(this AbstractValidator<T> validator, TimeProvider clock) where T : IBookingRequest
    {
        validator.RuleLevelCascadeMode = CascadeMode.Stop;
        validator.RuleFor(x => x.ClientId).RequiredId();
        validator.RuleFor(x => x.PractitionerId).RequiredId();
        validator.RuleFor(x => x.LocationId).RequiredId();
        validator.RuleFor(x => x.RoomId).NotEqual(Guid.Empty);
        validator.RuleFor(x => x.ReferralId).NotEqual(Guid.Empty);
        validator.RuleFor(x => x.Start).NotNull()
            .Must(start => start!.Value.Ticks % TimeSpan.TicksPerMinute == 0).WithMessage("Must be on a whole minute (no seconds).")
            .Must(start => BookingWindow.Contains(start!.Value, clock.GetUtcNow())).WithMessage(BookingWindow.Explanation);
        validator.RuleFor(x => x.Service).NotNull();
        validator.RuleFor(x => x.DurationMinutes).NotNull()
            .Must((x, minutes) => ServiceCatalog.Fits(x.Service!.Value, minutes!.Value))
            .When(x => x.Service is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage(x => $"Must be {string.Join(" or ", ServiceCatalog.AllowedMinutes(x.Service!.Value))} minutes for {WireCode<ServiceCode>.Of(x.Service!.Value)}.");
    }
}

internal sealed class BookAppointmentValidator : AbstractValidator<BookAppointment>
{
    public BookAppointmentValidator(TimeProvider clock) => this.AddBookingRequestRules(clock);
}

internal sealed class BookAppointmentHandler(AppointmentBooker booker) : ICommandHandler<BookAppointment, AppointmentView>
{
    public async ValueTask<AppointmentView> Handle(BookAppointment command, CancellationToken cancellationToken)
    {
        var location = await booker.LocationAsync(command.LocationId!.Value, command.RoomId, cancellationToken);
        var start = command.Start!.Value.ToUniversalTime();
        var period = new Interval(start, start.AddMinutes(command.DurationMinutes!.Value));
        var visit = new PlannedVisit(Guid.CreateVersion7(), period, ZonedTime.LocalDate(start, location.Zone));
        var booked = await booker.BookAsync(Plan(command, location, seriesId: null, [visit]), cancellationToken);
        return booked[0];
    }

    internal static BookingPlan Plan(IBookingRequest request, Location location, Guid? seriesId, IReadOnlyList<PlannedVisit> visits) => new(
        request.ClientId!.Value, request.PractitionerId!.Value, location, request.RoomId, request.Service!.Value,
        request.ReferralId, request.Technique, seriesId, visits);
}
