using FluentValidation;
using Mediator;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Shifts;

/// <summary>
/// A weekly pattern: on every date from fromDate to toDate (inclusive) whose weekday is listed, a shift
/// from start to end in the location's local time. All of it is created, or nothing.
/// </summary>
public sealed record CreateWeeklyShifts(
    Guid? PractitionerId, Guid? LocationId, DateOnly? FromDate, DateOnly? ToDate, IReadOnlyList<WeeklyShiftDay>? Days)
    : ICommand<WeeklyShiftsCreated>;

public sealed record WeeklyShiftDay(DayOfWeek? DayOfWeek, TimeOnly? Start, TimeOnly? End);

internal sealed class CreateWeeklyShiftsValidator : AbstractValidator<CreateWeeklyShifts>
{
    public CreateWeeklyShiftsValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.PractitionerId).RequiredId();
        RuleFor(x => x.LocationId).RequiredId();
        RuleFor(x => x.FromDate).NotNull().InBookingWindow(clock);
        RuleFor(x => x.ToDate).NotNull().InBookingWindow(clock)
            .GreaterThanOrEqualTo(x => x.FromDate).When(x => x.FromDate is not null, ApplyConditionTo.CurrentValidator).WithMessage("Must be on or after fromDate.");
        RuleFor(x => x.Days).NotEmpty().WithMessage("Give at least one day.")
            .Must(days => days!.Count <= 21).WithMessage("At most 21 entries (three shifts a day).");
        RuleForEach(x => x.Days).ChildRules(day =>
        {
            day.RuleLevelCascadeMode = CascadeMode.Stop;
            day.RuleFor(d => d.DayOfWeek).NotNull();
            day.RuleFor(d => d.Start).NotNull().Must(ShiftRules.WholeMinute).WithMessage(ShiftRules.WholeMinuteMessage);
            day.RuleFor(d => d.End).NotNull().Must(ShiftRules.WholeMinute).WithMessage(ShiftRules.WholeMinuteMessage)
                .GreaterThan(d => d.Start).When(d => d.Start is not null, ApplyConditionTo.CurrentValidator).WithMessage(ShiftRules.EndAfterStartMessage);
        });
        RuleFor(x => x.Days)
            .Must(days => !OverlapWithin(days!))
            .When(x => x.Days is { Count: > 0 } days && days.All(d => d is { DayOfWeek: not null, Start: not null, End: not null } && d.Start < d.End))
            .WithMessage("Two entries of the same weekday overlap; give each day non-overlapping times.");
        RuleFor(x => x.Days)
            .Must((x, days) => Dates(days!, x.FromDate!.Value, x.ToDate!.Value).Count > 0)
            .When(x => x is { FromDate: not null, ToDate: not null, Days.Count: > 0 } && x.FromDate <= x.ToDate && x.Days.All(d => d?.DayOfWeek is not null))
            .WithMessage("None of these weekdays falls between fromDate and toDate.");
    }

    private static bool OverlapWithin(IReadOnlyList<WeeklyShiftDay> days) =>
        days.GroupBy(d => d.DayOfWeek).Any(g =>
        {
            var sorted = g.OrderBy(d => d.Start).ToList();
            return sorted.Zip(sorted.Skip(1)).Any(p => p.Second.Start < p.First.End);
        });

    internal static IReadOnlyList<DateOnly> Dates(IReadOnlyList<WeeklyShiftDay> days, DateOnly from, DateOnly to) =>
        Recurrence.Between(from, to, days.Select(d => d.DayOfWeek!.Value).ToHashSet());
}

internal sealed class CreateWeeklyShiftsHandler(ShiftWriter writer) : ICommandHandler<CreateWeeklyShifts, WeeklyShiftsCreated>
{
    public async ValueTask<WeeklyShiftsCreated> Handle(CreateWeeklyShifts command, CancellationToken cancellationToken)
    {
        var patternId = Guid.CreateVersion7();
        var days = command.Days!;
        var (location, shifts) = await writer.CreateAsync(command.PractitionerId!.Value, command.LocationId!.Value, zone =>
            CreateWeeklyShiftsValidator.Dates(days, command.FromDate!.Value, command.ToDate!.Value)
                .SelectMany(date => days.Where(d => d.DayOfWeek == date.DayOfWeek)
                    .Select(d => new PlannedShift(date, d.Start!.Value, d.End!.Value, Shift.LocalPeriod(date, d.Start!.Value, d.End!.Value, zone))))
                .ToList(),
            patternId, cancellationToken);
        var zone = location.Zone;
        return new WeeklyShiftsCreated(patternId, shifts.Count, shifts.Select(s => ShiftView.From(s, zone)).ToList());
    }
}
