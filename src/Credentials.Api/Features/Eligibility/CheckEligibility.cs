using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Features.Eligibility;

/// <summary>
/// May this practitioner treat in this jurisdiction on this day (the jurisdiction's calendar day; today there
/// when absent) with this technique (none: a treatment needing no specialty certification)?
/// </summary>
public sealed record CheckEligibility(Guid PractitionerId, string? Jurisdiction, DateOnly? On, string? Technique) : IQuery<EligibilityAnswer>;

public sealed record EligibilityAnswer(
    Guid PractitionerId, string Jurisdiction, DateOnly On, string? Technique, bool Eligible, IReadOnlyList<string> Reasons);

internal sealed class CheckEligibilityValidator : AbstractValidator<CheckEligibility>
{
    public CheckEligibilityValidator()
    {
        RuleFor(x => x.PractitionerId).NotEmpty();
        RuleFor(x => x.Jurisdiction).Jurisdiction();
        RuleFor(x => x.Technique).Technique();
    }
}

internal sealed class CheckEligibilityHandler(EligibilityFacts eligibilityFacts, TimeProvider clock) : IQueryHandler<CheckEligibility, EligibilityAnswer>
{
    public async ValueTask<EligibilityAnswer> Handle(CheckEligibility query, CancellationToken cancellationToken)
    {
        var check = EligibilityCheck.From(query, clock);
        var facts = await eligibilityFacts.ForPractitionersAsync([query.PractitionerId], cancellationToken);
        return facts.TryGetValue(query.PractitionerId, out var practitioner)
            ? check.Decide(practitioner)
            : throw new NotFoundException("Practitioner", query.PractitionerId);
    }
}

/// <summary>A validated check, ready to decide on the facts read for it.</summary>
internal sealed record EligibilityCheck(Guid PractitionerId, Jurisdiction Jurisdiction, DateOnly On, Technique Technique)
{
    public static EligibilityCheck From(CheckEligibility query, TimeProvider clock)
    {
        var jurisdiction = Jurisdictions.Get(query.Jurisdiction!);
        return new EligibilityCheck(query.PractitionerId, jurisdiction, query.On ?? jurisdiction.Today(clock.GetUtcNow()), Techniques.Get(query.Technique));
    }

    public EligibilityAnswer Decide(PractitionerFacts practitioner)
    {
        var decision = EligibilityRules.Evaluate(practitioner.LicensesIn(Jurisdiction.Code), practitioner.Certifications, Technique, On);
        return Answer(decision.Eligible, decision.Reasons);
    }

    public EligibilityAnswer Answer(bool eligible, IReadOnlyList<string> reasons) =>
        new(PractitionerId, Jurisdiction.Code, On, Technique == Techniques.None ? null : Technique.Code, eligible, reasons);
}
