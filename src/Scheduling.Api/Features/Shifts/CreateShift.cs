using FluentValidation;
using Mediator;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Shifts;

/// <summary>One shift on a date, from start to end in the location's local time (end after start, same day).</summary>
public sealed record CreateShift(Guid? PractitionerId, Guid? LocationId, DateOnly? Date, TimeOnly? Start, TimeOnly? End) : ICommand<ShiftView>;

internal sealed class CreateShiftValidator : AbstractValidator<CreateShift>
{
    public CreateShiftValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.PractitionerId).RequiredId();
        RuleFor(x => x.LocationId).RequiredId();
        RuleFor(x => x.Date).NotNull().InBookingWindow(clock);
        RuleFor(x => x.Start).NotNull().Must(ShiftRules.WholeMinute).WithMessage(ShiftRules.WholeMinuteMessage);
        RuleFor(x => x.End).NotNull().Must(ShiftRules.WholeMinute).WithMessage(ShiftRules.WholeMinuteMessage)
            .GreaterThan(x => x.Start).When(x => x.Start is not null, ApplyConditionTo.CurrentValidator).WithMessage(ShiftRules.EndAfterStartMessage);
    }
}

internal sealed class CreateShiftHandler(ShiftWriter writer) : ICommandHandler<CreateShift, ShiftView>
{
    public async ValueTask<ShiftView> Handle(CreateShift command, CancellationToken cancellationToken)
    {
        var (date, start, end) = (command.Date!.Value, command.Start!.Value, command.End!.Value);
        var (location, shifts) = await writer.CreateAsync(command.PractitionerId!.Value, command.LocationId!.Value,
            zone => [new PlannedShift(date, start, end, Shift.LocalPeriod(date, start, end, zone))], patternId: null, cancellationToken);
        return ShiftView.From(shifts[0], location.Zone);
    }
}

internal static class ShiftRules
{
    public static bool WholeMinute(TimeOnly? time) => time is null || time.Value.Ticks % TimeSpan.TicksPerMinute == 0;

    public const string WholeMinuteMessage = "Must be a local time as HH:mm.";
    public const string EndAfterStartMessage = "Must be after start, on the same day (shifts do not run past midnight).";
}
