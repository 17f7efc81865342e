using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Http;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Referrals;

/// <summary>
/// Referrals, newest first, optionally of one physician, one client, in one status (as of today: <c>expired</c>,
/// <c>exhausted</c> and <c>accepted</c> are read from dates and counts like everywhere else).
/// </summary>
public sealed record ListReferrals(Guid? PhysicianId, Guid? ClientId, string? Status, int? Limit, string? Cursor) : IQuery<Page<ReferralView>>;

internal sealed class ListReferralsValidator : AbstractValidator<ListReferrals>
{
    public ListReferralsValidator()
    {
        RuleFor(x => x.Status).Must(s => ReferralStatuses.TryParse(s, out _)).When(x => x.Status is not null)
            .WithMessage($"Must be one of {ReferralStatuses.Describe()}.");
    }
}

internal sealed class ListReferralsHandler(ReferralsDbContext db, TimeProvider clock) : IQueryHandler<ListReferrals, Page<ReferralView>>
{
    public async ValueTask<Page<ReferralView>> Handle(ListReferrals query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<Guid?>(query.Cursor);
        var now = clock.GetUtcNow();
        var today = ReferralCalendar.Today(now);

        var rows = db.WithLapsedHolds(now).AsNoTracking();
        if (query.PhysicianId is { } physicianId) rows = rows.Where(r => r.Referral.PhysicianId == physicianId);
        if (query.ClientId is { } clientId) rows = rows.Where(r => r.Referral.ClientId == clientId);
        if (query.Status is not null && ReferralStatuses.TryParse(query.Status, out var status)) rows = WithStatus(rows, status, today);
        if (after is { } last) rows = rows.Where(r => r.Referral.Id.CompareTo(last) < 0);

        var page = await rows.OrderByDescending(r => r.Referral.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var views = page.Select(r => r.ToAccounted()).Select(r => ReferralView.From(r.Referral, r.Visits, today)).ToList();
        return Cursor.ToPage(views, limit, v => (Guid?)v.Id);
    }

    /// <summary><see cref="ReferralState.StatusOn"/> as a query, so a page is filled with matches only.</summary>
    private static IQueryable<ReferralRow> WithStatus(IQueryable<ReferralRow> rows, ReferralStatus status, DateOnly today)
    {
        var active = rows.Where(r => r.Referral.Status == ReferralStatus.Active);
        var current = active.Where(r => r.Referral.ExpiresOn >= today);
        var bookable = current.Where(r => r.Referral.AuthorizedVisits - r.Referral.VisitsUsed - (r.Referral.VisitsHeld - r.Lapsed) > 0);
        return status switch
        {
            ReferralStatus.Expired => active.Where(r => r.Referral.ExpiresOn < today),
            ReferralStatus.Exhausted => current.Where(r => r.Referral.AuthorizedVisits - r.Referral.VisitsUsed - (r.Referral.VisitsHeld - r.Lapsed) <= 0),
            ReferralStatus.Accepted => bookable.Where(r => r.Referral.StartDate > today),
            ReferralStatus.Active => bookable.Where(r => r.Referral.StartDate <= today),
            _ => rows.Where(r => r.Referral.Status == status),
        };
    }
}
