using Credentials.Api.Domain;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;

namespace Credentials.Api.Features.Eligibility;

/// <summary>
/// Several checks in one round trip and one query (a booking series, the at-risk report), answered in the
/// order asked. An unknown practitioner is answered "no" with <c>practitioner_unknown</c>.
/// </summary>
public sealed record CheckEligibilityBatch(IReadOnlyList<CheckEligibility> Checks) : IQuery<IReadOnlyList<EligibilityAnswer>>;

internal sealed class CheckEligibilityBatchValidator : AbstractValidator<CheckEligibilityBatch>
{
    public const int MaxChecks = 500;

    public CheckEligibilityBatchValidator(IValidator<CheckEligibility> check)
    {
        RuleFor(x => x.Checks).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(c => c.Count <= MaxChecks).WithMessage($"At most {MaxChecks} checks per call; split the batch.");
        RuleForEach(x => x.Checks).SetValidator(check);
    }
}

internal sealed class CheckEligibilityBatchHandler(EligibilityFacts eligibilityFacts, TimeProvider clock)
    : IQueryHandler<CheckEligibilityBatch, IReadOnlyList<EligibilityAnswer>>
{
    public async ValueTask<IReadOnlyList<EligibilityAnswer>> Handle(CheckEligibilityBatch query, CancellationToken cancellationToken)
    {
        var checks = query.Checks.Select(c => EligibilityCheck.From(c, clock)).ToList();
        var facts = await eligibilityFacts.ForPractitionersAsync([.. checks.Select(c => c.PractitionerId).Distinct()], cancellationToken);
        return checks
            .Select(c => facts.TryGetValue(c.PractitionerId, out var practitioner)
                ? c.Decide(practitioner)
                : c.Answer(false, [EligibilityReasons.PractitionerUnknown]))
            .ToList();
    }
}
