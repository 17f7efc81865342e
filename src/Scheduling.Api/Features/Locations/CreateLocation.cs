using FluentValidation;
using Mediator;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Locations;

public sealed record CreateLocation(
    string? Name,
    string? TimeZone,
    string? Jurisdiction,
    AddressInput? Address,
    IReadOnlyList<OpeningHoursInput>? OpeningHours) : ICommand<LocationView>;

public sealed record AddressInput(string? Line1, string? Line2, string? City, string? PostalCode);

public sealed record OpeningHoursInput(DayOfWeek? DayOfWeek, TimeOnly? Opens, TimeOnly? Closes);

internal sealed class CreateLocationValidator : AbstractValidator<CreateLocation>
{
    public CreateLocationValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.TimeZone).NotEmpty().MaximumLength(64)
            .Must(zone => ZonedTime.FindIana(zone) is not null)
            .WithMessage("Must be an IANA time zone, for example America/New_York or America/Los_Angeles.");
        RuleFor(x => x.Jurisdiction).NotEmpty().MaximumLength(5)
            .Must(code => Jurisdictions.Normalize(code) is not null)
            .WithMessage("Must be an ISO 3166-2 code of a US state, DC, or a Canadian province or territory, for example US-NY or CA-ON.");
        RuleFor(x => x.Address).NotNull().ChildRules(address =>
        {
            address.RuleLevelCascadeMode = CascadeMode.Stop;
            address.RuleFor(a => a!.Line1).NotEmpty().MaximumLength(200);
            address.RuleFor(a => a!.Line2).MaximumLength(200);
            address.RuleFor(a => a!.City).NotEmpty().MaximumLength(100);
            address.RuleFor(a => a!.PostalCode).NotEmpty().MaximumLength(20);
        });
        RuleFor(x => x.OpeningHours).NotEmpty().WithMessage("Give at least one opening interval.")
            .Must(hours => hours!.Count <= 50).WithMessage("At most 50 opening intervals.");
        RuleForEach(x => x.OpeningHours).ChildRules(hours =>
        {
            hours.RuleLevelCascadeMode = CascadeMode.Stop;
            hours.RuleFor(h => h.DayOfWeek).NotNull();
            hours.RuleFor(h => h.Opens).NotNull().Must(WholeMinute).WithMessage("Must be a local time as HH:mm.");
            hours.RuleFor(h => h.Closes).NotNull().Must(WholeMinute).WithMessage("Must be a local time as HH:mm.")
                .GreaterThan(h => h.Opens).When(h => h.Opens is not null, ApplyConditionTo.CurrentValidator).WithMessage("Must be after opens, on the same day.");
        });
        RuleFor(x => x.OpeningHours)
            .Must(hours => Domain.OpeningHours.Overlaps(ToIntervals(hours!)).Count == 0)
            .When(x => x.OpeningHours is { Count: > 0 and <= 50 } hours && hours.All(h => h is { DayOfWeek: not null, Opens: not null, Closes: not null } && h.Opens < h.Closes))
            .WithMessage(x => "Intervals of one day must not overlap: " + string.Join("; ", Domain.OpeningHours.Overlaps(ToIntervals(x.OpeningHours!))) + ".");
    }

    private static bool WholeMinute(TimeOnly? time) => time is null || time.Value.Ticks % TimeSpan.TicksPerMinute == 0;

    internal static IEnumerable<OpeningInterval> ToIntervals(IEnumerable<OpeningHoursInput> hours) =>
        hours.Select(h => new OpeningInterval(h.DayOfWeek!.Value, h.Opens!.Value, h.Closes!.Value));
}

internal sealed class CreateLocationHandler(SchedulingDbContext db, TimeProvider clock) : ICommandHandler<CreateLocation, LocationView>
{
    public async ValueTask<LocationView> Handle(CreateLocation command, CancellationToken cancellationToken)
    {
        var address = command.Address!;
        var location = Location.Create(
            command.Name!,
            ZonedTime.FindIana(command.TimeZone)!,
            Jurisdictions.Normalize(command.Jurisdiction)!,
            new Address(address.Line1!.Trim(), string.IsNullOrWhiteSpace(address.Line2) ? null : address.Line2.Trim(), address.City!.Trim(), address.PostalCode!.Trim()),
            CreateLocationValidator.ToIntervals(command.OpeningHours!),
            clock.GetUtcNow());
        db.Locations.Add(location);
        await db.SaveChangesAsync(cancellationToken);
        return LocationView.From(location, []);
    }
}
