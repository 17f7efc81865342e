using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Outcomes;

/// <summary>
/// A client's pain and outcome-measure series from signed notes (drafts may still change), oldest first;
/// optionally only the notes of one referral, as that referral's progress report needs them. Only the notes of the
/// caller's locations count: the series of visits elsewhere are not theirs to read.
/// </summary>
public sealed record GetOutcomes(Guid ClientId, Guid? ReferralId) : IQuery<OutcomeReport>;

internal sealed class GetOutcomesValidator : AbstractValidator<GetOutcomes>
{
    public GetOutcomesValidator() => RuleFor(x => x.ReferralId).NotEqual(Guid.Empty).WithMessage("Must be a referral id, not the empty UUID.");
}

internal sealed class GetOutcomesHandler(ClinicalNotesDbContext db, CurrentUser user) : IQueryHandler<GetOutcomes, OutcomeReport>
{
    public async ValueTask<OutcomeReport> Handle(GetOutcomes query, CancellationToken cancellationToken)
    {
        var locations = user.LocationIds;
        var signed = db.Notes.AsNoTracking().Where(n => n.ClientId == query.ClientId && n.SignedAt != null && locations.Contains(n.LocationId));
        if (query.ReferralId is { } referralId) signed = signed.Where(n => n.ReferralId == referralId);
        var sources = await signed
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            // A signed note always has both pain scores (signing requires them).
            .Select(n => new OutcomeSource(n.Id, n.AppointmentId, n.ReferralId, n.CreatedAt, n.PainBefore!.Value, n.PainAfter!.Value, n.OutcomeMeasures))
            .ToListAsync(cancellationToken);
        return OutcomeReport.Build(query.ClientId, query.ReferralId, sources);
    }
}
