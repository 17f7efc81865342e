using Mediator;
using Microsoft.EntityFrameworkCore;
using Referrals.Api.Domain;
using Referrals.Api.Features.Referrals;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Progress;

/// <summary>How the patient is doing under this prescription, for the referring physician (built from the notes signed for it).</summary>
public sealed record GetProgressReport(Guid ReferralId) : IQuery<ProgressReport>;

internal sealed class GetProgressReportHandler(ReferralsDbContext db, TimeProvider clock) : IQueryHandler<GetProgressReport, ProgressReport>
{
    public async ValueTask<ProgressReport> Handle(GetProgressReport query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (referral, visits) = await db.LoadAsync(query.ReferralId, now, cancellationToken);
        var notes = await db.ProgressNotes.AsNoTracking().Where(n => n.ReferralId == query.ReferralId).ToListAsync(cancellationToken);
        return ProgressReport.Build(referral, referral.StatusOn(ReferralCalendar.Today(now), visits), visits, notes.Select(n => n.ToScores()).ToList());
    }
}
