using Mediator;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Referrals;

/// <summary>A referral with visits and warnings as of <see cref="On"/> (a location's local date), or today by default (<see cref="ReferralCalendar"/>).</summary>
public sealed record GetReferral(Guid Id, DateOnly? On = null) : IQuery<ReferralView>;

internal sealed class GetReferralHandler(ReferralsDbContext db, TimeProvider clock) : IQueryHandler<GetReferral, ReferralView>
{
    public async ValueTask<ReferralView> Handle(GetReferral query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (referral, visits) = await db.LoadAsync(query.Id, now, cancellationToken);
        return ReferralView.From(referral, visits, query.On ?? ReferralCalendar.Today(now));
    }
}
