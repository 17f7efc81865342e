using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;

namespace Credentials.Api.Features.Eligibility;

/// <summary>
/// Every practitioner (or each of <see cref="PractitionerIds"/>) eligible in a jurisdiction for a technique on
/// some day of a range, with the windows of days they are eligible. Availability search asks this.
/// </summary>
public sealed record ListEligiblePractitioners(
    string? Jurisdiction, DateOnly? From, DateOnly? To, string? Technique, IReadOnlyList<Guid> PractitionerIds) : IQuery<IReadOnlyList<EligibleWindow>>;

public sealed record EligibleWindow(Guid PractitionerId, DateOnly From, DateOnly To);

internal sealed class ListEligiblePractitionersValidator : AbstractValidator<ListEligiblePractitioners>
{
    public const int MaxDays = 92;
    public const int MaxPractitioners = 1000;

    public ListEligiblePractitionersValidator()
    {
        RuleFor(x => x.Jurisdiction).Jurisdiction();
        RuleFor(x => x.From).NotNull();
        RuleFor(x => x.To).Cascade(CascadeMode.Stop)
            .GreaterThanOrEqualTo(x => x.From).WithMessage("Must be on or after from.")
            .Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < MaxDays).WithMessage($"The range may span at most {MaxDays} days.")
            .When(x => x.From is not null && x.To is not null);
        RuleFor(x => x.Technique).Technique();
        RuleFor(x => x.PractitionerIds).Must(ids => ids.Count <= MaxPractitioners).WithMessage($"At most {MaxPractitioners} practitioners per call.");
    }
}

internal sealed class ListEligiblePractitionersHandler(EligibilityReader reader)
    : IQueryHandler<ListEligiblePractitioners, IReadOnlyList<EligibleWindow>>
{
    public async ValueTask<IReadOnlyList<EligibleWindow>> Handle(ListEligiblePractitioners query, CancellationToken cancellationToken)
    {
        var jurisdiction = Jurisdictions.Get(query.Jurisdiction!).Code;
        var technique = Techniques.Get(query.Technique);
        var range = new DateRange(query.From!.Value, query.To ?? query.From.Value);
        var facts = await reader.ForJurisdictionAsync(
            jurisdiction, range, [.. query.PractitionerIds.Distinct()], [.. technique.RequiredCertifications], cancellationToken);
        return facts
            .OrderBy(p => p.Key)
            .SelectMany(p => EligibilityRules.EligibleDays(p.Value.LicensesIn(jurisdiction), p.Value.Certifications, technique, range)
                .Select(days => new EligibleWindow(p.Key, days.From, days.To)))
            .ToList();
    }
}
